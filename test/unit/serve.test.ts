/** The demo/test server: loopback only, cross-origin isolation headers, .wasm MIME, no escapes. */
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { request } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { expect, test } from '@playwright/test';

const PORT = 4391;
let server: ChildProcess;
/** A media folder of our own, with a symlink that leads out of it and one that stays inside. */
const scratch = mkdtempSync(join(tmpdir(), 'serve-test-'));

test.beforeAll(async () => {
  mkdirSync(join(scratch, 'media'));
  writeFileSync(join(scratch, 'outside.txt'), 'secret outside the mount');
  writeFileSync(join(scratch, 'media', 'inside.txt'), 'inside');
  symlinkSync(join(scratch, 'outside.txt'), join(scratch, 'media', 'leak.txt'));
  symlinkSync(join(scratch, 'media', 'inside.txt'), join(scratch, 'media', 'alias.txt'));
  server = spawn(process.execPath, [fileURLToPath(new URL('../../scripts/serve.mjs', import.meta.url)), '--port', String(PORT)],
    { stdio: ['ignore', 'pipe', 'inherit'], env: { ...process.env, DETECT_OVERLAY_MEDIA: join(scratch, 'media') } });
  await new Promise<void>((resolve) => server.stdout!.once('data', (line) => {
    expect(String(line)).toContain(`http://127.0.0.1:${PORT}/demo/`);
    resolve();
  }));
});
test.afterAll(() => {
  server.kill();
  rmSync(scratch, { recursive: true, force: true });
});

/** A request exactly as written (fetch would normalise or refuse some of these paths). */
function raw(method: string, path: string): Promise<number> {
  return new Promise((resolve, reject) => {
    const req = request({ host: '127.0.0.1', port: PORT, method, path }, (res) => {
      res.resume();
      resolve(res.statusCode ?? 0);
    });
    req.on('error', reject);
    req.end();
  });
}

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

test('malformed URLs get 400, other methods 405, symlinks out of a mount 404; the server then still serves', async () => {
  const statuses: Record<string, number> = {};
  for (const path of ['/demo/%zz', '/demo/%E0%A4%A', '/demo/%c0%ae%c0%ae/package.json', '/media/%', '/demo/a%00b', '/media/%ff%fe']) {
    statuses[path] = await raw('GET', path);
  }
  expect(statuses).toEqual({
    '/demo/%zz': 400, '/demo/%E0%A4%A': 400, '/demo/%c0%ae%c0%ae/package.json': 400, '/media/%': 400, '/demo/a%00b': 400, '/media/%ff%fe': 400,
  });
  expect({ post: await raw('POST', '/demo/'), put: await raw('PUT', '/demo/x'), del: await raw('DELETE', '/demo/'), options: await raw('OPTIONS', '*') })
    .toEqual({ post: 405, put: 405, del: 405, options: 405 });
  const leak = await get('/media/leak.txt');
  expect(leak.status).toBe(404);
  expect(await leak.text()).not.toContain('secret');
  expect(await (await get('/media/alias.txt')).text()).toBe('inside'); // a link that stays inside is fine
  expect(server.exitCode).toBeNull();
  expect((await get('/demo/')).status).toBe(200);
});
