/** The demo/test server: loopback only, cross-origin isolation headers, .wasm MIME, no escapes. */
import { spawn, type ChildProcess } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { expect, test } from '@playwright/test';

const PORT = 4391;
let server: ChildProcess;

test.beforeAll(async () => {
  server = spawn(process.execPath, [fileURLToPath(new URL('../../scripts/serve.mjs', import.meta.url)), '--port', String(PORT)], { stdio: ['ignore', 'pipe', 'inherit'] });
  await new Promise<void>((resolve) => server.stdout!.once('data', (line) => {
    expect(String(line)).toContain(`http://127.0.0.1:${PORT}/demo/`);
    resolve();
  }));
});
test.afterAll(() => {
  server.kill();
});

const get = (path: string, init?: RequestInit) => fetch(`http://127.0.0.1:${PORT}${path}`, { redirect: 'manual', ...init });

test('pages are cross-origin isolated and .wasm is application/wasm', async () => {
  const page = await get('/demo/');
  expect(page.status).toBe(200);
  expect(page.headers.get('cross-origin-opener-policy')).toBe('same-origin');
  expect(page.headers.get('cross-origin-embedder-policy')).toBe('require-corp');
  expect(page.headers.get('content-type')).toMatch(/^text\/html/);
  const wasm = await get('/dist/tfjs-backend-wasm-simd.wasm', { method: 'HEAD' });
  expect(wasm.status).toBe(200);
  expect(wasm.headers.get('content-type')).toBe('application/wasm');
  expect((await get('/')).headers.get('location')).toBe('/demo/');
});

test('only the mounted folders are served; traversal and unknown paths are 404', async () => {
  expect((await get('/package.json')).status).toBe(404);
  expect((await get('/demo/../package.json')).status).toBe(404);
  expect((await get('/demo/%2e%2e/package.json')).status).toBe(404);
  expect((await get('/src/index.ts')).status).toBe(404);
});

test('byte ranges work (video seeking)', async () => {
  const res = await get('/demo/demo.css', { headers: { Range: 'bytes=0-9' } });
  expect(res.status).toBe(206);
  expect((await res.text()).length).toBe(10);
});
