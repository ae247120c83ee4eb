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
    const { clipVideo } = await import('/test/pages/fixtures.js' as string);
    const DO = (window as any).DetectOverlay;
    const nodesBefore = document.getElementsByTagName('*').length;
    const video = await clipVideo('pedestrians_640x480_10fps', document.body, 'width:320px');
    const o = await DO.attach(video, { detector: 'centernet', modelUrl: model, worker: true });
    const first = await new Promise<any>((res) => o.on('detections', res));
    const box = first.detections.find((d: any) => d.label === 'person');
    await new Promise((res) => setTimeout(res, 2000));
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
