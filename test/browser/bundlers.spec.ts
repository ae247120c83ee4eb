/**
 * detect-overlay as an npm user gets it: the packed tarball installed into a minimal React app
 * (test/bundlers/), built by Vite and by webpack 5 (their current versions from the npm registry,
 * installed under test/output, not as this project's dependencies), with no files copied and no
 * wasmPaths or workerUrl. Each production build is served by a bare static host and opened with a
 * fake webcam: a person is found and the model runs in the worker. Vite's dev server once, and a
 * server-side render in Node.
 */
import { execFileSync, spawn, type ChildProcess } from 'node:child_process';
import { readdirSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { expect, test, type Browser, type Page } from '@playwright/test';
import { expectNoErrors, launch, scaled, watchErrors } from './browser.js';
import { serveStatic } from '../bundlers/static-server.mjs';
import { prepareApp } from '../bundlers/prepare.mjs';

const OUT = fileURLToPath(new URL('../output/bundlers/', import.meta.url));
let APP = '';

/** What the app's hook reports (test/bundlers/src/main.js). */
interface AppResult { state?: string; error?: string | null; labels?: string[]; worker?: boolean | null; backend?: string; threads?: number | null; isolated?: boolean; cameraError?: string }

function run(command: string, args: string[], timeoutMs: number): string {
  return execFileSync(command, args, { cwd: APP, encoding: 'utf8', timeout: timeoutMs, stdio: ['ignore', 'pipe', 'pipe'] });
}

let browser: Browser;

test.beforeAll(async () => {
  test.setTimeout(scaled(300_000));
  APP = prepareApp(OUT, { timeoutMs: scaled(240_000) });
  browser = await launch('pedestrians_640x480_10fps');
});

test.afterAll(async () => {
  await browser?.close();
});

/** Opens the app and waits for the hook to report a person; returns what it reported. */
/** `watch`: more listeners on the page; `allow`: errors expected here (the rest must be none). */
async function personFound(url: string, watch?: (page: Page) => void, allow?: RegExp): Promise<{ page: Page; result: AppResult }> {
  const page = await (await browser.newContext()).newPage();
  watch?.(page);
  const errors = watchErrors(page);
  // A failed request's console error does not say which URL: name it.
  page.on('console', (m) => { if (m.type() === 'error') errors.push(`  (at ${m.location().url})`); });
  page.context().on('response', (r) => { if (r.status() >= 400) errors.push(`HTTP ${r.status()} for ${r.url()}`); });
  await page.goto(url);
  let result: AppResult = {};
  await expect.poll(async () => {
    result = await page.evaluate(() => (window as unknown as { result?: AppResult }).result ?? {});
    if (result.state === 'error' || result.cameraError) throw new Error(`the app failed: ${JSON.stringify(result)}`);
    return result.state === 'running' && (result.labels ?? []).includes('person');
  }, { timeout: scaled(90_000) }).toBe(true);
  expectNoErrors(allow ? errors.filter((e) => !allow.test(e)) : errors);
  return { page, result };
}

/**
 * Serves a production build the way an app host would, and checks the app finds a person with the
 * model in the worker (and, with `pageToo`, with the model on the page). Returns the paths asked for.
 */
async function checkBuild(dist: string, pageToo = false): Promise<string[]> {
  const host = await serveStatic([join(APP, dist), join(APP, 'public')]);
  try {
    const inWorker = await personFound(host.url);
    expect(inWorker.result.worker, 'the model runs in the detection worker').toBe(true);
    await inWorker.page.context().close();
    const workerRequests = [...host.requests];
    if (pageToo) {
      const onPage = await personFound(`${host.url}?worker=false`);
      expect(onPage.result).toMatchObject({ worker: false, backend: 'wasm' });
      await onPage.page.context().close();
    }
    return workerRequests;
  } finally {
    await host.close();
  }
}

test('a Vite production build finds a person with no set-up (model in the worker, and on the page), the worker page never loads TF.js, and with COOP/COEP the worker computes on WASM threads', async () => {
  test.setTimeout(scaled(180_000));
  run(join(APP, 'node_modules/.bin/vite'), ['build', '--outDir', 'dist-vite', '--logLevel', 'warn'], scaled(120_000));
  const asked = (await checkBuild('dist-vite', true)).filter((p) => p.startsWith('/assets/'));
  // The worker and a .wasm file came from the build's own output, renamed by Vite.
  expect(asked.some((p) => /detect-overlay\.worker-.*\.js$/.test(p))).toBe(true);
  expect(asked.some((p) => /tfjs-backend-wasm.*\.wasm$/.test(p))).toBe(true);
  // TF.js is a chunk of its own, and with the model in the worker the page never asks for it.
  expect(readdirSync(join(APP, 'dist-vite/assets')).some((f) => /^model-runtime-[\w-]+\.js$/.test(f))).toBe(true);
  expect(asked.filter((p) => /\/model-runtime-[\w-]+\.js$/.test(p))).toEqual([]);
  // Served with the README's COOP/COEP headers, the worker computes on WASM threads (stats.threads).
  const isolated = await isolatedRun('dist-vite');
  expect(isolated).toMatchObject({ isolated: true, worker: true });
  expect(isolated.threads).toBeGreaterThanOrEqual(2);
});

test('.wasm files missing from the build\'s output (the host answers with its index page): asset-not-found naming the file and wasmPaths, on the console too', async () => {
  const assets = join(APP, 'dist-vite/assets');
  for (const f of readdirSync(assets).filter((n) => n.endsWith('.wasm'))) rmSync(join(assets, f));
  const { result, errors } = await appError('dist-vite', '');
  expect(result.error).toMatch(/^\[detect-overlay\] asset-not-found: the WASM backend's file http:\/\/127\.0\.0\.1:\d+\/assets\/tfjs-backend-wasm[-a-z]*-[\w-]+\.wasm could not be used: the server sent text\/html, not WebAssembly .*set wasmPaths/);
  expect(errors).toEqual([expect.stringContaining('asset-not-found')]);
});

/** Opens a build and waits for the app to end in `error`; returns what it reported and the page's errors. */
async function appError(dist: string, query: string, isolated = false): Promise<{ result: AppResult; errors: string[] }> {
  const host = await serveStatic([join(APP, dist), join(APP, 'public')], { isolated });
  const page = await (await browser.newContext()).newPage();
  const errors = watchErrors(page);
  try {
    await page.goto(`${host.url}${query}`);
    let result: AppResult = {};
    await expect.poll(async () => {
      result = await page.evaluate(() => (window as unknown as { result?: AppResult }).result ?? {});
      return result.state;
    }, { timeout: scaled(60_000) }).toBe('error');
    return { result, errors };
  } finally {
    await page.context().close();
    await host.close();
  }
}

/** Serves a build with COOP/COEP (the README's headers) and waits for a person; returns what the app reported. */
async function isolatedRun(dist: string, query = '', watch?: (page: Page) => void, allow?: RegExp): Promise<AppResult> {
  const host = await serveStatic([join(APP, dist), join(APP, 'public')], { isolated: true });
  try {
    const { page, result } = await personFound(`${host.url}${query}`, watch, allow);
    await page.context().close();
    return result;
  } finally {
    await host.close();
  }
}

test('a webpack 5 production build finds a person with no set-up; served cross-origin isolated, where webpack\'s minifier breaks TF.js\'s WASM threads, WASM starts again on one thread, in the worker and on the page', async () => {
  test.setTimeout(scaled(240_000));
  run('node', ['build-webpack.mjs'], scaled(180_000));
  const asked = await checkBuild('dist-webpack');
  expect(asked.some((p) => /\.wasm$/.test(p))).toBe(true);
  // webpack's minifier rewrites TF.js's threaded WASM code (its thread workers run a function's source text on its
  // own, and find a variable of the bundle missing): the worker reports the broken threads at once and a new one
  // loads without them. No option, no 20-s wait, no fall back to the page. On the page (worker: false), the same.
  for (const [query, worker] of [['', true], ['?worker=false', false]] as const) {
    const warnings: string[] = [];
    // The browser reports the thread workers' own errors (TF.js's minified code, "t is not defined"): the cause, allowed here only.
    const isolated = await isolatedRun('dist-webpack', query, (page) => page.on('console', (m) => m.type() === 'warning' && warnings.push(m.text())),
      /^pageerror: \w+ is not defined$/);
    expect(isolated, query).toMatchObject({ isolated: true, worker, backend: 'wasm', threads: 1 });
    expect(warnings.filter((w) => /detect-overlay/.test(w)), query).toEqual([expect.stringMatching(/WASM threads failed to start: .* starts again without WASM threads/)]);
  }
  // wasmThreads: true asks for threads: their failure is an error, not a slower start.
  const { result } = await appError('dist-webpack', '?worker=false&threads=true', true);
  expect(result.error).toMatch(/^\[detect-overlay\] backend-unavailable: WASM threads failed to start: .*\(wasmThreads: true; leave it unset/);
});

/** A free port on 127.0.0.1. */
function freePort(): Promise<number> {
  return new Promise((resolve) => {
    const s = createServer().listen(0, '127.0.0.1', () => {
      const { port } = s.address() as { port: number };
      s.close(() => resolve(port));
    });
  });
}

test('Vite\'s dev server finds a person with no set-up', async () => {
  test.setTimeout(scaled(180_000));
  const port = await freePort();
  const vite: ChildProcess = spawn(join(APP, 'node_modules/.bin/vite'), ['--host', '127.0.0.1', '--port', String(port), '--strictPort'],
    { cwd: APP, stdio: ['ignore', 'pipe', 'pipe'] });
  let log = '';
  vite.stdout!.on('data', (d: Buffer) => { log += d.toString(); });
  vite.stderr!.on('data', (d: Buffer) => { log += d.toString(); });
  try {
    await expect.poll(() => log, { timeout: scaled(60_000) }).toContain(`${port}`);
    const { page, result } = await personFound(`http://127.0.0.1:${port}/`);
    expect(result.worker).toBe(true);
    await page.context().close();
  } finally {
    vite.kill();
  }
});

test('server-side rendering: Node imports the package and renders a component using the hook', () => {
  const html = run('node', ['ssr.mjs'], scaled(60_000));
  expect(html).toContain('<video');
  expect(html).toContain('state idle, 0 boxes');
});
