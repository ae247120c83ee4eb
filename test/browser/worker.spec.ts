/**
 * `worker: true`: the built-in model runs in dist/detect-overlay.worker.js. The page's own TF.js
 * never starts a backend, so no inference can be running on the main thread.
 */
import { expect, test } from '@playwright/test';
import { pagePerTest } from './browser.js';

const t = pagePerTest();
const MODEL = '/models/centernet/centernet.json';

test('worker: true detects people on the clip with no TF.js work on the page; bad worker URL, abort and destroy are clean', async () => {
  const r = await t.page.evaluate(async (model) => {
    const { clipVideo, until } = await import('/test/pages/fixtures.js' as string);
    const DO = (window as any).DetectOverlay;
    const nodesBefore = document.getElementsByTagName('*').length;
    const video = await clipVideo('pedestrians_640x480_10fps', document.body, 'width:320px');
    const o = await DO.attach(video, { detector: 'centernet', modelUrl: model, worker: true, tracking: false });
    const first = await new Promise<any>((res) => o.on('detections', res));
    const box = first.detections.find((d: any) => d.label === 'person');
    // A few more inferences (however slow the machine is: two test workers share 2 cores).
    await until(() => o.stats.inferences > 3, 'four inferences');
    const stats = o.stats;
    const onPage = { backend: DO.tf.engine().backendName ?? null, tensors: DO.tf.memory().numTensors };
    const canvasDrawn = o.canvas !== null;
    o.destroy();
    o.destroy();
    // A worker script that is not there: a clear error naming the URL.
    const missing = await DO.attach(video, { detector: 'centernet', modelUrl: model, worker: true, workerUrl: '/nope/worker.js' })
      .then(() => null, (e: any) => ({ code: e.code, message: e.message }));
    // A model that is not there: the worker's error, with its code, reaches attach().
    const noModel = await DO.attach(video, { detector: 'centernet', modelUrl: '/nope/model.json', worker: true })
      .then(() => null, (e: any) => ({ code: e.code, message: e.message }));
    // Aborted while the worker loads (another URL for the same file: not the model loaded above).
    const controller = new AbortController();
    const pending = DO.attach(video, { detector: 'centernet', modelUrl: `${model}?again`, worker: true, signal: controller.signal });
    setTimeout(() => controller.abort(), 50);
    const aborted = await pending.then(() => 'resolved', (e: any) => e.code);
    // A detector object cannot go to a worker: refused at once.
    let objectRefused = '';
    try { DO.attach(video, { worker: true, detector: { name: 'mine', load() {}, detect() { return []; }, dispose() {} } }); } catch (e: any) { objectRefused = `${e.code}: ${e.message}`; }
    video.remove();
    return { backend: o.backend, box, inferences: stats.inferences, onPage, canvasDrawn, missing, noModel, aborted, objectRefused,
      nodesLeft: document.getElementsByTagName('*').length - nodesBefore };
  }, MODEL);
  console.log(JSON.stringify(r));
  expect(r.backend).toBe('wasm');
  expect(r.box).toBeTruthy();
  expect(r.box.score).toBeGreaterThanOrEqual(0.3);
  expect(r.inferences).toBeGreaterThan(3);
  // The page's TF.js never started a backend nor held a tensor: all inference ran in the worker.
  expect(r.onPage).toEqual({ backend: null, tensors: 0 });
  expect(r.canvasDrawn).toBe(true);
  expect(r.missing?.code).toBe('backend-unavailable');
  expect(r.missing?.message).toContain('/nope/worker.js');
  expect(r.noModel?.code).toBe('model-load-failed');
  expect(r.noModel?.message).toMatch(/^\[detect-overlay\] model-load-failed: (?!\[detect-overlay\]).*\/nope\/model\.json/);
  expect(r.aborted).toBe('aborted');
  expect(r.objectRefused).toMatch(/^invalid-option: .*"worker".*"mine"/);
  expect(r.nodesLeft).toBe(0);
  t.errors.splice(0, t.errors.length, ...t.errors.filter((e) => !/Failed to load resource/.test(e)));
});

test('worker: "auto" (the default) puts the model in the worker here (no hardware WebGL), shares one worker, and falls back to the page when the worker cannot start', async () => {
  const warnings: string[] = [];
  t.page.on('console', (m) => { if (m.type() === 'warning') warnings.push(m.text()); });
  const r = await t.page.evaluate(async (model) => {
    const { clipVideo, fixedDetector, until } = await import('/test/pages/fixtures.js' as string);
    const DO = (window as any).DetectOverlay;
    // Count the workers the SDK starts (its own script, not TF.js's blob: thread workers).
    const Native = window.Worker;
    let started = 0;
    (window as any).Worker = class extends Native {
      constructor(url: string | URL, options?: WorkerOptions) {
        super(url, options);
        if (String(url).includes('worker.js')) started++;
      }
    };
    const video = await clipVideo('pedestrians_640x480_10fps', document.body, 'width:320px');
    const a = await DO.attach(video, { detector: 'centernet', modelUrl: model, tracking: false });
    const b = await DO.attach(video, { detector: 'centernet', modelUrl: model, overlay: false });
    const first = await new Promise<any>((res) => a.on('detections', res));
    // The worker's TF.js holds the model's weights, and nothing more per frame.
    const memoryFirst = await a.memory();
    const inferencesFirst = a.stats.inferences;
    await until(() => a.stats.inferences - inferencesFirst > 3, 'four more inferences');
    const memoryLater = await a.memory();
    const byDefault = { worker: a.stats.worker, backend: a.backend, threads: a.stats.threads, persons: first.detections.filter((d: any) => d.label === 'person').length,
      workersStarted: started, pageBackend: DO.tf.engine().backendName ?? null, memoryFirst, memoryLater,
      inferencesBetween: a.stats.inferences - inferencesFirst };
    // Other engine settings (no WASM threads) get a worker of their own rather than joining a's.
    const c = await DO.attach(video, { detector: 'centernet', modelUrl: model, overlay: false, wasmThreads: false });
    const ownSettings = { threads: c.stats.threads, workersStarted: started };
    c.destroy();
    a.destroy();
    const afterDestroy = await a.memory().then(() => 'resolved', (e: any) => e.code);
    b.destroy();
    // The worker script missing: the model runs on the page instead, and detects.
    const fallback = await DO.attach(video, { detector: 'centernet', modelUrl: model, workerUrl: '/nope/worker.js', tracking: false });
    const fb = await new Promise<any>((res) => fallback.on('detections', res));
    // A second overlay meeting the same missing script falls back too, without a second warning.
    const again = await DO.attach(video, { detector: 'centernet', modelUrl: model, workerUrl: '/nope/worker.js', overlay: false });
    const againWorker = again.stats.worker;
    again.destroy();
    const fellBack = { worker: fallback.stats.worker, backend: fallback.backend, threads: fallback.stats.threads, persons: fb.detections.filter((d: any) => d.label === 'person').length,
      pageTensors: DO.tf.memory().numTensors > 0, memoryWhere: (await fallback.memory()).where, againWorker };
    fallback.destroy();
    // A detector object stays on the page under 'auto'.
    const own = await DO.attach(video, { detector: fixedDetector([]) });
    const ownWorker = own.stats.worker;
    own.destroy();
    (window as any).Worker = Native;
    video.remove();
    return { byDefault, ownSettings, fellBack, ownWorker, afterDestroy, cores: navigator.hardwareConcurrency, isolated: crossOriginIsolated };
  }, MODEL);
  expect(r.byDefault).toMatchObject({ worker: true, backend: 'wasm', workersStarted: 1, pageBackend: null });
  expect(r.byDefault.persons).toBeGreaterThan(0);
  expect(r.ownSettings).toEqual({ threads: 1, workersStarted: 2 });
  expect(r.byDefault.memoryFirst.where).toBe('worker');
  expect(r.byDefault.memoryFirst.numTensors).toBeGreaterThan(100); // CenterNet's weights
  expect(r.byDefault.inferencesBetween).toBeGreaterThan(3);
  expect(r.byDefault.memoryLater).toEqual(r.byDefault.memoryFirst);
  expect(r.afterDestroy).toBe('destroyed');
  expect(r.fellBack).toMatchObject({ worker: false, backend: 'wasm', pageTensors: true, memoryWhere: 'page', againWorker: false });
  expect(r.fellBack.persons).toBeGreaterThan(0);
  expect(r.ownWorker).toBe(false);
  // WASM threads on (the page is cross-origin isolated). On the page TF.js computes on half the
  // logical cores (1 to 8); the worker takes at least two where there are two cores.
  expect(r.isolated).toBe(true);
  expect(r.fellBack.threads).toBe(Math.min(Math.max(Math.floor(r.cores / 2), 1), 8));
  expect(r.byDefault.threads).toBe(r.cores < 2 ? 1 : Math.min(Math.max(Math.floor(r.cores / 2), 2), 8));
  // One warning (for two overlays) names the missing script and says what happened instead.
  expect(warnings.filter((w) => /\/nope\/worker\.js.*running the model on the page instead/.test(w))).toHaveLength(1);
  t.errors.splice(0, t.errors.length, ...t.errors.filter((e) => !/Failed to load resource/.test(e)));
});

test('the worker script without WebGL runs where the worker computes on the CPU; the one with WebGL only where it would compute on WebGL; the lean one asked for WebGL says so', async () => {
  const r = await t.page.evaluate(async (model) => {
    const { clipVideo, until } = await import('/test/pages/fixtures.js' as string);
    const DO = (window as any).DetectOverlay;
    const Native = window.Worker;
    const scripts: string[] = [];
    (window as any).Worker = class extends Native {
      constructor(url: string | URL, options?: WorkerOptions) {
        super(url, options);
        if (String(url).includes('detect-overlay.worker')) scripts.push(new URL(String(url)).pathname);
      }
    };
    const video = await clipVideo('pedestrians_640x480_10fps', document.body, 'width:320px');
    const lean = await DO.attach(video, { detector: 'centernet', modelUrl: model, worker: true, overlay: false });
    const byDefault = { backend: lean.backend, scripts: [...scripts] };
    lean.destroy();
    // Asked for WebGL (software here: its load would take long), the WebGL script starts; given up once it has.
    const controller = new AbortController();
    const pending = DO.attach(video, { detector: 'centernet', modelUrl: `${model}?webgl`, worker: true, backend: 'webgl', overlay: false, signal: controller.signal });
    await until(() => scripts.length > 1, 'a second worker');
    controller.abort();
    const webgl = { outcome: await pending.then(() => 'resolved', (e: any) => e.code), script: scripts[1] };
    // The lean script, named by workerUrl, asked for WebGL: an error saying which script has it.
    const refused = await DO.attach(video, { detector: 'centernet', modelUrl: `${model}?lean`, worker: true, backend: 'webgl', workerUrl: '/dist/detect-overlay.worker.js', overlay: false })
      .then(() => null, (e: any) => ({ code: e.code, message: e.message }));
    (window as any).Worker = Native;
    video.remove();
    return { byDefault, webgl, refused };
  }, MODEL);
  expect(r.byDefault).toEqual({ backend: 'wasm', scripts: ['/dist/detect-overlay.worker.js'] });
  expect(r.webgl).toEqual({ outcome: 'aborted', script: '/dist/detect-overlay.worker-webgl.js' });
  expect(r.refused?.code).toBe('asset-not-found');
  expect(r.refused?.message).toMatch(/backend "webgl" was requested, but this worker script has no WebGL backend: start detect-overlay\.worker-webgl\.js/);
  t.errors.splice(0, t.errors.length, ...t.errors.filter((e) => !/no WebGL backend/.test(e)));
});

test('preload(): the model loads before there is a video; attach() with the same options shares it (one worker), release() leaves it to the overlay; released early it is aborted; bad options throw', async () => {
  const r = await t.page.evaluate(async (model) => {
    const { clipVideo, until } = await import('/test/pages/fixtures.js' as string);
    const DO = (window as any).DetectOverlay;
    const Native = window.Worker;
    let started = 0;
    let terminated = 0;
    // The detection workers only (not the page's blob: probe or gate worker).
    (window as any).Worker = class extends Native {
      private readonly ours: boolean;
      constructor(url: string | URL, options?: WorkerOptions) {
        super(url, options);
        this.ours = String(url).includes('detect-overlay.worker');
        if (this.ours) started++;
      }
      override terminate(): void {
        if (this.ours) terminated++;
        super.terminate();
      }
    };
    const early = DO.preload({ detector: 'centernet', modelUrl: model });
    await early.ready;
    const afterPreload = started;
    const video = await clipVideo('pedestrians_640x480_10fps', document.body, 'width:320px');
    const o = await DO.attach(video, { detector: 'centernet', modelUrl: model, tracking: false });
    const afterAttach = started;
    early.release();
    early.release();
    const first = await new Promise<any>((res) => {
      const off = o.on('detections', (e: any) => { if (e.detections.length) { off(); res(e); } });
    });
    const terminatedWhileUsed = terminated;
    o.destroy();
    await until(() => terminated === 1, 'the worker ended with its last user');
    const late = DO.preload({ detector: 'centernet', modelUrl: `${model}?released` });
    late.release();
    const lateOutcome = await late.ready.then(() => 'loaded', (e: any) => e.code);
    // Whatever the released preload had started ends too.
    await until(() => terminated === started, 'every worker ended');
    const terminatedAfter = terminated;
    let bad = '';
    try { DO.preload({ detector: 'centernet', maxFps: -1 }); } catch (e: any) { bad = e.code; }
    (window as any).Worker = Native;
    video.remove();
    return { afterPreload, afterAttach, worker: o.stats.worker, persons: first.detections.filter((d: any) => d.label === 'person').length,
      terminatedWhileUsed, terminatedAfter, started, lateOutcome, bad };
  }, MODEL);
  expect(r).toMatchObject({ afterPreload: 1, afterAttach: 1, worker: true, terminatedWhileUsed: 0, lateOutcome: 'aborted', bad: 'invalid-option' });
  expect(r.terminatedAfter).toBe(r.started);
  expect(r.persons).toBeGreaterThan(0);
});
