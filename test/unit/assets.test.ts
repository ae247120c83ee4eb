/** Where the SDK's own files are looked for, and how a missing .wasm file is told apart from a real one. */
import { expect, test } from '@playwright/test';
import { shippedWasmFiles, shippedWorkerUrl, wasmFileUrl, WASM_FILES } from '../../src/net/assets.js';
import { checkWasmFile, wasmProblem } from '../../src/net/wasm-file.js';
import { DetectOverlayError } from '../../src/errors.js';

const WASM = new Uint8Array([0x00, 0x61, 0x73, 0x6d, 1, 0, 0, 0]);

test('a .wasm location is a folder (with or without its slash), one file, or a URL per file', () => {
  expect(wasmFileUrl('https://cdn.example/x/', 'tfjs-backend-wasm-simd.wasm')).toBe('https://cdn.example/x/tfjs-backend-wasm-simd.wasm');
  expect(wasmFileUrl('https://cdn.example/x', 'tfjs-backend-wasm.wasm')).toBe('https://cdn.example/x/tfjs-backend-wasm.wasm');
  expect(wasmFileUrl('https://cdn.example/one.wasm', 'tfjs-backend-wasm-simd.wasm')).toBe('https://cdn.example/one.wasm');
  const map = Object.fromEntries(WASM_FILES.map((f) => [f, `https://app.example/assets/${f.replace('.wasm', '-Ab12.wasm')}`])) as Record<(typeof WASM_FILES)[number], string>;
  expect(wasmFileUrl(map, 'tfjs-backend-wasm-threaded-simd.wasm')).toBe('https://app.example/assets/tfjs-backend-wasm-threaded-simd-Ab12.wasm');
});

test('the shipped files are named beside the module that names them (in dist/, beside the chunks)', () => {
  expect(shippedWorkerUrl(false)).toMatch(/^file:\/\/.*\/src\/net\/detect-overlay\.worker\.js$/);
  expect(shippedWorkerUrl(true)).toMatch(/^file:\/\/.*\/src\/net\/detect-overlay\.worker-webgl\.js$/);
  expect(Object.keys(shippedWasmFiles()!)).toEqual([...WASM_FILES]);
});

test('a response is WebAssembly only with a 2xx status and the magic bytes; an index page instead is named as such', () => {
  expect(wasmProblem(200, 'application/wasm', WASM)).toBeNull();
  expect(wasmProblem(200, null, WASM)).toBeNull();
  expect(wasmProblem(404, 'text/plain', new Uint8Array())).toBe('HTTP 404');
  expect(wasmProblem(200, 'text/html; charset=utf-8', new TextEncoder().encode('<!doctype html>'))).toMatch(/^the server sent text\/html, not WebAssembly \(a page: the file is not there/);
  expect(wasmProblem(200, 'application/octet-stream', new Uint8Array([0, 0x61]))).toBe('the server sent application/octet-stream, not WebAssembly');
});

test('checkWasmFile: a real file passes; a missing one, an unknown location and an unreachable host are asset-not-found naming the URL and the fix', async () => {
  const wasmUrl = `data:application/wasm;base64,${Buffer.from(WASM).toString('base64')}`;
  await expect(checkWasmFile(wasmUrl, 'fix it')).resolves.toBeUndefined();
  const html = 'data:text/html,<!doctype html><p>app</p>';
  await expect(checkWasmFile(html, 'set wasmPaths')).rejects.toThrow(/asset-not-found: the WASM backend's file data:text\/html.* could not be used: the server sent text\/html.*; set wasmPaths$/);
  await expect(checkWasmFile(undefined, 'set wasmPaths')).rejects.toThrow(/asset-not-found: .*no known location: set wasmPaths/);
  const error = await checkWasmFile('http://127.0.0.1:9/none.wasm', 'check wasmPaths').catch((e: unknown) => e);
  expect(error).toBeInstanceOf(DetectOverlayError);
  expect((error as DetectOverlayError).message).toMatch(/127\.0\.0\.1:9\/none\.wasm could not be used: unreachable .*check wasmPaths/);
});
