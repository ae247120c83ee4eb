// The npm rows of `npm run bench` (`npm run bench -- --npm` runs only these, merged into the last
// results): what an app built with Vite gets from detect-overlay, from the packed tarball
// (test/bundlers/prepare.mjs makes the app). Bytes: gzip of the built files. Times: attach() to
// the first box on a fake webcam, cold (a fresh browser profile) and warm (the same profile again).
import { execFileSync } from 'node:child_process';
import { readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { prepareApp } from '../test/bundlers/prepare.mjs';
import { serveStatic } from '../test/bundlers/static-server.mjs';
import { median } from './build/lib.mjs';

const OUT = new URL('./build/npm/', import.meta.url).pathname;
const gz = (file) => gzipSync(readFileSync(file), { level: 9 }).length;

/** An entry's first chunk (itself and its static imports, transitively) and what it loads later (dynamic imports), in gzip bytes. */
function entryBytes(dist, manifest, key) {
  const initial = new Set();
  const lazy = new Set();
  const walk = (k, into) => {
    const m = manifest[k];
    if (!m || initial.has(m.file) || lazy.has(m.file)) return;
    into.add(m.file);
    for (const i of m.imports ?? []) walk(i, into);
    for (const d of m.dynamicImports ?? []) walk(d, into === initial ? lazy : into);
  };
  walk(key, initial);
  for (const f of initial) lazy.delete(f);
  const sum = (files) => [...files].reduce((n, f) => n + gz(join(dist, f)), 0);
  return { initialGzip: sum(initial), lazyGzip: sum(lazy), initialFiles: [...initial], lazyFiles: [...lazy] };
}

/** Gzip bytes of the files a page asked for, by kind. */
function askedBytes(dist, paths) {
  const out = { pageJs: 0, workerJs: 0, wasm: 0 };
  for (const p of new Set(paths)) {
    const file = join(dist, p);
    try { statSync(file); } catch { continue; }
    if (/detect-overlay\.worker/.test(p)) out.workerJs += gz(file);
    else if (p.endsWith('.js')) out.pageJs += gz(file);
    else if (p.endsWith('.wasm')) out.wasm += gz(file);
  }
  return out;
}

export async function npmBench({ launch, log }) {
  log('npm: packing the tarball and installing it with Vite into a fresh app (bench/build/npm)');
  const app = prepareApp(OUT);
  const vite = join(app, 'node_modules/.bin/vite');
  execFileSync(vite, ['build', '--config', 'vite.size.config.mjs', '--logLevel', 'warn'], { cwd: app });
  const sizeDist = join(app, 'dist-size');
  const manifest = JSON.parse(readFileSync(join(sizeDist, '.vite/manifest.json'), 'utf8'));
  const sizes = { core: entryBytes(sizeDist, manifest, 'size-core.js'), react: entryBytes(sizeDist, manifest, 'size-react.js'),
    livekit: entryBytes(sizeDist, manifest, 'size-livekit.js') };
  execFileSync(vite, ['build', '--outDir', 'dist-vite', '--logLevel', 'warn'], { cwd: app });
  const dist = join(app, 'dist-vite');
  const host = await serveStatic([dist, join(app, 'public')]);
  const browser = await launch('pedestrians_640x480_10fps');
  const starts = { cold: [], warm: [], warmNoCache: [], warmFirstResult: [], warmPreloaded: [] };
  const pageBytes = {};
  try {
    const open = async (context) => {
      const page = await context.newPage();
      await page.goto(`${host.url}measure.html`);
      await page.waitForFunction(() => window.ready === true);
      return page;
    };
    for (let round = 0; round < 3; round++) {
      const context = await browser.newContext();
      for (const kind of ['cold', 'warm', 'warmNoCache', 'warmFirstResult', 'warmPreloaded']) {
        const before = host.requests.length;
        const getsBefore = host.gets.length;
        const page = await open(context);
        const loaded = host.requests.slice(before);
        // warmFirstResult: tracking off, so the first result with a box shows it (on, a box below
        // trackHighScore waits for a second result to be confirmed: minHits 2).
        // warmPreloaded: the app called preload() at start; timed from attach(), once the model is ready.
        const options = { warmNoCache: { cacheModels: false }, warmFirstResult: { tracking: false }, warmPreloaded: { preloaded: true } }[kind] ?? {};
        const r = await page.evaluate((o) => window.measure(o), options);
        log(`npm: ${kind} start ${Math.round(r.firstBoxMs)} ms to the first box (ready ${Math.round(r.readyMs)} ms; worker ${r.worker}, ${r.backend})`);
        starts[kind].push({ ...r, downloaded: host.gets.slice(getsBefore) });
        if (round === 0 && kind === 'cold') {
          pageBytes.beforeAttach = askedBytes(dist, loaded.map((p) => p.slice(1)));
          pageBytes.afterFirstBox = askedBytes(dist, host.requests.slice(before).map((p) => p.slice(1)));
        }
        await page.close();
      }
      await context.close();
    }
    // The model on the page (worker: false): the page then loads TF.js.
    const context = await browser.newContext();
    const before = host.requests.length;
    const page = await open(context);
    const r = await page.evaluate(() => window.measure({ worker: false }));
    pageBytes.afterFirstBoxOnPage = askedBytes(dist, host.requests.slice(before).map((p) => p.slice(1)));
    pageBytes.onPageBackend = r.backend;
    await context.close();
  } finally {
    await browser.close();
    await host.close();
  }
  const summary = (runs) => ({ firstBoxMs: median(runs.map((r) => r.firstBoxMs)), readyMs: median(runs.map((r) => r.readyMs)),
    all: runs.map((r) => Math.round(r.firstBoxMs)), weightsFetched: runs.map((r) => r.downloaded.filter((p) => p.endsWith('.bin')).length) });
  const viteVersion = JSON.parse(readFileSync(join(app, 'node_modules/vite/package.json'), 'utf8')).version;
  return { date: new Date().toISOString(), vite: viteVersion, sizes, pageBytes,
    starts: Object.fromEntries(Object.entries(starts).map(([k, runs]) => [k, summary(runs)])) };
}
