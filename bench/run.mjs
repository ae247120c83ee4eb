#!/usr/bin/env node
// `npm run bench`: side-by-side benchmarks in Debian's Chromium, the shared clips played as a fake webcam, CenterNet on
// WASM unless said. Prints a table, writes bench/results.json and BENCHMARKS.md. Numbers are
// measured in one run and compared as ratios; nothing here fails on a number.
import { spawn } from 'node:child_process';
import { existsSync, mkdtempSync, openSync, readFileSync, rmSync, writeFileSync, writeSync, closeSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { cpus, tmpdir } from 'node:os';
import { join } from 'node:path';
import { chromium } from '@playwright/test';
import { readLongRun, render, summarize } from './report.mjs';
import { simulate } from './gate-sim.mjs';
import { trackingBench } from './tracking-run.mjs';
import { npmBench } from './npm-run.mjs';
import { tilesBench } from './tiles-run.mjs';
import { streamBench } from './stream-run.mjs';
import { gateResBench } from './gate-res-run.mjs';

const PORT = Number(process.env.BENCH_PORT ?? 4380);
const BASE = `http://127.0.0.1:${PORT}`;
const ARGS = ['--no-sandbox', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run',
  '--autoplay-policy=no-user-gesture-required', '--enable-precise-memory-info', '--js-flags=--expose-gc'];

/** What MEDIA.md says each photo shows: required labels, and labels that are acceptable extras. */
const PHOTOS = {
  'astronaut.png': { want: ['person'], maybe: ['airplane'] },
  'chelsea_cat.png': { want: ['cat'], maybe: [] },
  'coffee_cup.png': { want: ['cup'], maybe: ['spoon', 'dining table'] },
  'motorcycle.png': { want: ['motorcycle'], maybe: ['bicycle', 'bench'] },
  'dog_bicycle_truck.jpg': { want: ['dog', 'bicycle', 'truck|car'], maybe: ['motorcycle', 'car', 'truck'] },
  'person_dog_horse.jpg': { want: ['person', 'dog', 'horse'], maybe: [] },
  'street_cars.jpg': { want: ['car'], maybe: ['person', 'traffic light', 'truck'] },
  'bar_people.jpg': { want: ['person'], maybe: ['wine glass', 'cup'] },
  'basketball_gray.png': { want: ['person', 'sports ball'], maybe: ['chair'] },
  'city_cars_train.jpg': { want: ['car', 'train'], maybe: ['truck'] },
  'two_dogs_park.jpg': { want: ['dog'], maybe: [] },
  'dining_table_bowl_bottle.jpg': { want: ['bowl', 'bottle', 'dining table'], maybe: ['potted plant', 'knife', 'spoon', 'cup'] },
};

/** One detector's photos against PHOTOS: per photo hits, misses and false positives, and totals. */
function score({ detector, threshold, found }) {
  const photos = {};
  const totals = { wanted: 0, hits: 0, falsePositives: 0 };
  for (const [file, { want, maybe }] of Object.entries(PHOTOS)) {
    const labels = new Set(found[file].map((d) => d.label));
    const hits = want.filter((w) => w.split('|').some((l) => labels.has(l)));
    const misses = want.filter((w) => !hits.includes(w));
    const allowed = new Set([...want.flatMap((w) => w.split('|')), ...maybe]);
    const falsePositives = [...labels].filter((l) => !allowed.has(l));
    photos[file] = { want, hits, misses, falsePositives, found: found[file] };
    totals.wanted += want.length;
    totals.hits += hits.length;
    totals.falsePositives += falsePositives.length;
  }
  return { detector, threshold, photos, totals };
}

/** Where coco-ssd's weights are when self-hosted (`npm run models -- coco-ssd`, which needs internet). */
const COCO_SSD = 'models/coco-ssd/model.json';

/** Photo quality of CenterNet, and of coco-ssd when its weights are in models/coco-ssd. */
async function quality(browser) {
  const files = Object.keys(PHOTOS);
  const centernet = score(await withPage(browser, (page) => call(page, 'photos', files)));
  const cocoSsd = existsSync(COCO_SSD)
    ? score(await withPage(browser, (page) => call(page, 'photos', files, 'coco-ssd', `/${COCO_SSD}`)))
    : { detector: 'coco-ssd', skipped: `not measured: no weights in ${COCO_SSD} (\`npm run models -- coco-ssd\` fetches them from coco-ssd's hosting, which this machine cannot reach)` };
  return [centernet, cocoSsd];
}

async function withPage(browser, fn, setup) {
  const page = await browser.newPage();
  page.on('pageerror', (e) => console.error('page error:', e.message));
  await page.goto(`${BASE}/bench/bench.html`);
  await page.evaluate(() => import('/bench/build/page.js').then((m) => { window.bench = m; }));
  if (setup) await page.evaluate(setup);
  try {
    return await fn(page);
  } finally {
    await page.close();
  }
}

const call = (page, name, ...args) => page.evaluate(([n, a]) => window.bench[n](...a), [name, args]);
/** Starts the page's backend the way the SDK does (WASM paths, threads flag), then leaves it set. */
const backendSetup = (backend, wasmThreads) => async () => {
  const o = await DetectOverlay.attach(document.createElement('video'), { detector: { name: 'x', async load() {}, async detect() { return []; }, dispose() {} }, backend, wasmThreads });
  o.destroy();
};
const withBackend = (backend, wasmThreads) => `(${backendSetup.toString()})(${JSON.stringify(backend)}, ${JSON.stringify(wasmThreads)})()`;

const longAt = process.argv.indexOf('--long');
const longMinutes = longAt > 0 ? Number(process.argv[longAt + 1] ?? 30) : 0;

const MEDIA = new URL('../../shared/media/video/', import.meta.url);
/** Chromium whose camera is a fake webcam playing `clip`'s y4m (a launch flag, so one browser per clip; or a y4m's path); no camera without one. */
function launch(clip) {
  const args = [...ARGS];
  if (clip) {
    const y4m = clip.endsWith('.y4m') ? clip : fileURLToPath(new URL(`${clip}.y4m`, MEDIA));
    if (!existsSync(y4m)) throw new Error(`bench media missing: ${y4m} (../shared/media must be beside the repo)`);
    args.push('--use-fake-ui-for-media-stream', '--use-fake-device-for-media-stream', `--use-file-for-fake-video-capture=${y4m}`);
  }
  return chromium.launch({ executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium', args });
}
const STATIC = 'static_dog_bicycle_640x480_15fps';
const NEAR_STATIC = 'dog_nearstatic_640x360_15fps';
const PEDESTRIANS = 'pedestrians_640x480_10fps';
const COCKATOO = 'cockatoo_handheld_640x360_15fps';

/**
 * A y4m of `clip` that starts still: its first frame held `stillFrames` times, then the clip as
 * it is (the fake webcam loops it, so every loop starts still again). Written to a temp dir;
 * returns its path and a function that removes it.
 */
function stillThenClip(clip, stillFrames) {
  const data = readFileSync(fileURLToPath(new URL(`${clip}.y4m`, MEDIA)));
  const headerEnd = data.indexOf(0x0a) + 1;
  const header = data.subarray(0, headerEnd).toString('latin1');
  const width = Number(/ W(\d+)/.exec(header)[1]);
  const height = Number(/ H(\d+)/.exec(header)[1]);
  if (!/ C420/.test(header)) throw new Error(`${clip}.y4m: only 4:2:0 y4m is handled here`);
  const frameEnd = data.indexOf(0x0a, headerEnd) + 1 + (width * height * 3) / 2; // "FRAME...\n" + Y, U, V
  const dir = mkdtempSync(join(tmpdir(), 'detect-overlay-bench-'));
  const path = join(dir, `${clip}-still-first.y4m`);
  const fd = openSync(path, 'w');
  writeSync(fd, data.subarray(0, headerEnd));
  for (let i = 0; i < stillFrames; i++) writeSync(fd, data.subarray(headerEnd, frameEnd));
  writeSync(fd, data.subarray(headerEnd));
  closeSync(fd);
  return { path, remove: () => rmSync(dir, { recursive: true, force: true }) };
}

/**
 * Refresh after stillness, gate on and off (model where the default puts it): the pedestrians
 * clip after its first frame held 3 s, looped, for `seconds` each.
 */
async function refreshAfterStill(seconds) {
  const y4m = stillThenClip(PEDESTRIANS, 30);
  try {
    return await withCamera(y4m.path, async (browser) => ({
      date: new Date().toISOString(),
      on: await withPage(browser, (page) => call(page, 'refresh', seconds, {})),
      off: await withPage(browser, (page) => call(page, 'refresh', seconds, { motion: false })),
    }));
  } finally {
    y4m.remove();
  }
}

/** Boxes on the frame on screen, followMotion on and off (model where the default puts it): the pedestrians clip, `seconds` each. */
async function followOnScreen(seconds) {
  return withCamera(PEDESTRIANS, async (browser) => ({
    date: new Date().toISOString(),
    on: await withPage(browser, (page) => call(page, 'follow', seconds, {})),
    off: await withPage(browser, (page) => call(page, 'follow', seconds, { followMotion: false })),
  }));
}

const server = spawn(process.execPath, ['scripts/serve.mjs', '--port', String(PORT)], { stdio: ['ignore', 'pipe', 'inherit'] });
await new Promise((r) => server.stdout.once('data', r));
/** Runs `fn(browser)` with the camera playing `clip`, closing the browser after. */
async function withCamera(clip, fn) {
  const browser = await launch(clip);
  try {
    return await fn(browser);
  } finally {
    await browser.close();
  }
}
if (longMinutes > 0) {
  // `npm run bench -- --long 30`: only the long run (not part of the default bench or of CI).
  try {
    // Tracking on (the default) with two zones and a line on the road: the track table and the zone state must stay bounded.
    const zones = { zones: [{ name: 'road left', points: [[0, 0.25], [0.45, 0.25], [0.45, 0.6], [0, 0.6]] }, { name: 'road right', points: [[0.55, 0.2], [1, 0.2], [1, 0.8], [0.55, 0.8]] }],
      lines: [{ name: 'lamp post', from: [0.5, 0.8], to: [0.5, 0.2] }] };
    const r = await withCamera(PEDESTRIANS, (browser) => withPage(browser, (page) => call(page, 'long', longMinutes, zones)));
    writeFileSync('bench/long-run.json', `${JSON.stringify({ date: new Date().toISOString(), ...r }, null, 2)}\n`);
    const first = r.series[1] ?? r.series[0];
    const last = r.series.at(-1);
    console.log(`long run: ${longMinutes} min, ${last.inferences} inferences, ${r.errors} errors; tensors ${first.tensors} -> ${last.tensors} (after destroy ${r.tensorsAfterDestroy}); heap ${first.heapMB} -> ${last.heapMB} MB (minute 1 -> ${longMinutes})`);
  } finally {
    server.kill();
  }
  process.exit(0);
}
/** Runs `measure(lastRaw)` (it adds to the last run's raw numbers), re-summarizes, writes the results and BENCHMARKS.md, prints `pick(results)`, exits. */
async function mergeIntoLast(measure, pick) {
  try {
    const last = JSON.parse(readFileSync('bench/results.json', 'utf8')).raw;
    await measure(last);
    const results = summarize(last);
    writeFileSync('bench/results.json', `${JSON.stringify(results, null, 2)}\n`);
    writeFileSync('BENCHMARKS.md', render(results, readLongRun()).markdown);
    console.log(JSON.stringify(pick(results), null, 2));
  } finally {
    server.kill();
  }
  process.exit(0);
}
if (process.argv.includes('--refresh')) {
  // `npm run bench -- --refresh`: only the refresh after stillness, merged into the last results.
  await mergeIntoLast(async (last) => { last.refresh = await refreshAfterStill(40); }, (r) => r.raw.refresh);
}
if (process.argv.includes('--follow')) {
  // `npm run bench -- --follow`: only the boxes on the frame on screen, merged into the last results.
  await mergeIntoLast(async (last) => { last.follow = await followOnScreen(30); }, (r) => r.raw.follow);
}
if (process.argv.includes('--tracking')) {
  // `npm run bench -- --tracking`: only the tracking rows, merged into the last results.
  await mergeIntoLast(async (last) => { last.tracking = await trackingBench({ withCamera, withPage, call, withBackend, log: (m) => console.error(`[bench] ${m}`) }); }, (r) => r.raw.tracking);
}
if (process.argv.includes('--npm')) {
  // `npm run bench -- --npm`: only the npm rows (a Vite app's bytes, cold and warm starts), merged into the last results.
  await mergeIntoLast(async (last) => { last.npm = await npmBench({ launch, log: (m) => console.error(`[bench] ${m}`) }); }, (r) => r.raw.npm);
}
if (process.argv.includes('--tiles')) {
  // `npm run bench -- --tiles`: only the many-tiles rows, merged into the last results.
  await mergeIntoLast(async (last) => { last.tiles = await tilesBench({ launch, base: BASE, log: (m) => console.error(`[bench] ${m}`) }); }, (r) => r.raw.tiles);
}
if (process.argv.includes('--stream')) {
  // `npm run bench -- --stream`: only the glass-to-box rows through the media server, merged into the last results.
  await mergeIntoLast(async (last) => { last.stream = await streamBench({ launch, log: (m) => console.error(`[bench] ${m}`) }); }, (r) => r.raw.stream);
}
if (process.argv.includes('--gate-res')) {
  // `npm run bench -- --gate-res`: only the gate-cost-by-resolution rows, merged into the last results.
  await mergeIntoLast(async (last) => { last.gateRes = await gateResBench({ launch, base: BASE, media: MEDIA, log: (m) => console.error(`[bench] ${m}`) }); }, (r) => r.raw.gateRes);
}
if (process.argv.includes('--photos')) {
  // `npm run bench -- --photos`: only the photo quality (e.g. after fetching coco-ssd's weights), merged into the last results.
  await mergeIntoLast(async (last) => {
    delete last.photos; // older results kept CenterNet's photos here, before `quality`
    last.quality = await withCamera(undefined, quality);
  }, (r) => r.photoQuality);
}
const R = { machine: { cpus: cpus().length, cpu: cpus()[0]?.model, date: new Date().toISOString(), source: 'fake webcam (y4m)' } };
const log = (m) => console.error(`[bench] ${m}`);
const WORKER_ROUNDS = 8;
try {
  log('the gate and the ancestor\'s on every frame of the y4m clips (bench/gate-sim.mjs): decisions compared');
  R.gateSim = simulate();
  R.gate = [];
  R.savings = {};
  R.savingsWorker = {};
  for (const clip of [STATIC, NEAR_STATIC, PEDESTRIANS, COCKATOO]) {
    await withCamera(clip, async (browser) => {
      R.machine.chromium ??= browser.version();
      log(`${clip}: gate cost, ours vs the ancestor vs the floor`);
      R.gate.push(await withPage(browser, (page) => call(page, 'gate', clip, 120)));
      if (clip === COCKATOO) {
        log('memory over 1,000 sampled frames, model on the page, then in the worker');
        R.memory = await withPage(browser, (page) => call(page, 'memory', 1000, { worker: false }));
        R.memoryWorker = await withPage(browser, (page) => call(page, 'memory', 1000, { worker: true }));
        return;
      }
      await withPage(browser, async (page) => {
        if (clip === PEDESTRIANS) {
          log('model alone (same page, same backend as the pipelines)');
          R.modelAuto = await call(page, 'model', 15);
        }
        log(`${clip}: gate savings, gate on and off`);
        R.savings[clip] = { on: await call(page, 'pipeline', clip, 15, { worker: false }), off: await call(page, 'pipeline', clip, 10, { motion: false, worker: false }) };
        log(`${clip}: gate savings with the model in the worker (the default here), gate on and off`);
        R.savingsWorker[clip] = { on: await call(page, 'pipeline', clip, 15, { worker: true }), off: await call(page, 'pipeline', clip, 10, { motion: false, worker: true }) };
        if (clip !== PEDESTRIANS) return;
        log('long tasks, model on the page and in the worker');
        R.longTasks = await call(page, 'longTasks', 20, { worker: false });
        R.longTasksWorker = await call(page, 'longTasks', 20, { worker: true });
        // Pipeline vs the model alone: the machine's speed drifts by 10-40% over seconds to minutes
        // (a shared VM), so the two take turns every few seconds (bench/page.ts: interleaved).
        log('pipeline vs the model alone, interleaved, model in the worker and on the page');
        R.interleaved = { worker: await call(page, 'interleaved', clip, 8, 3, { worker: true }), page: await call(page, 'interleaved', clip, 8, 3, { worker: false }) };
        // Throughput, gate off: the page, the worker (its default threads), the worker without WASM
        // threads; 8-s runs in rounds of three, the order rotated every round so a steady drift
        // favours none; ratios are the medians of the rounds' own ratios.
        log(`throughput: page, worker, worker without threads; ${WORKER_ROUNDS} rotated rounds`);
        const ab = { page: { worker: false }, worker: { worker: true }, workerNoThreads: { worker: true, wasmThreads: false } };
        R.workerAB = { page: [], worker: [], workerNoThreads: [], ms: { page: [], worker: [], workerNoThreads: [] }, threads: {} };
        const names = Object.keys(ab);
        for (let i = 0; i < WORKER_ROUNDS; i++) {
          for (const name of [...names.slice(i % 3), ...names.slice(0, i % 3)]) {
            const r = await call(page, 'pipeline', clip, 8, { motion: false, maxFps: 0, ...ab[name] });
            R.workerAB[name].push(r.inferencesPerSecond);
            R.workerAB.ms[name].push(r.avgInferenceMs);
            R.workerAB.threads[name] = r.threads;
          }
        }
      }, withBackend('auto'));
      if (clip !== PEDESTRIANS) return;
      log('WASM without threads');
      R.modelNoThreads = await withPage(browser, (page) => call(page, 'model', 15), withBackend('wasm', false));
      log('WebGL (software-rendered here): the naive default');
      R.modelWebgl = await withPage(browser, (page) => call(page, 'model', 2), withBackend('webgl'));
      log('detection quality on the photos');
      R.quality = await quality(browser);
    });
  }
  log('refresh after stillness: the walkers after a held first frame, gate on and off');
  R.refresh = await refreshAfterStill(40);
  log('boxes on the frame on screen: followMotion on and off');
  R.follow = await followOnScreen(30);
  R.tracking = await trackingBench({ withCamera, withPage, call, withBackend, log });
  R.npm = await npmBench({ launch, log });
  R.tiles = await tilesBench({ launch, base: BASE, log });
  R.stream = await streamBench({ launch, log });
  R.gateRes = await gateResBench({ launch, base: BASE, media: MEDIA, log });
} finally {
  server.kill();
}

const results = summarize(R);
writeFileSync('bench/results.json', `${JSON.stringify(results, null, 2)}\n`);
const { table, markdown } = render(results, readLongRun());
console.log(table);
writeFileSync('BENCHMARKS.md', markdown);
log('wrote bench/results.json and BENCHMARKS.md');
