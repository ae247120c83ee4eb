/**
 * detect-overlay/react in a real browser with development React (StrictMode really mounts,
 * unmounts and mounts again), the real CenterNet model on WASM, and the shared clips.
 */
import { expect, test } from '@playwright/test';
import { pagePerTest, scaled } from './browser.js';

const t = pagePerTest();
// worker: false: the model on the page, so that the test can count its tensors.
const CENTERNET = { detector: 'centernet', modelUrl: '/models/centernet/centernet.json', backend: 'wasm', worker: false };

test('StrictMode mount–unmount–mount leaves one overlay per tile; unmount cleans up everything', async () => {
  await t.page.goto('/test/pages/react.html');
  await t.page.evaluate((o) => (window as any).harness.render([
    { id: 'a', clip: 'pedestrians_640x480_10fps', options: o },
    { id: 'b', clip: 'dog_nearstatic_640x360_15fps', options: o },
  ]), CENTERNET);
  await t.page.waitForFunction(() => {
    const r = (window as any).harness.results;
    return r.a?.state === 'running' && r.b?.state === 'running' && r.a.detections.some((d: any) => d.label === 'person') && r.b.detections.length > 0;
  }, null, { timeout: scaled(60_000) });
  const running = await t.page.evaluate(() => ({
    canvases: document.querySelectorAll('canvas.detect-overlay').length,
    calls: { ...(window as any).calls },
    tensors: (window as any).DetectOverlay.tf.memory().numTensors,
  }));
  expect(running.canvases).toBe(2);
  // Exactly one overlay per tile alive, however often StrictMode ran the effects.
  expect(running.calls.attach - running.calls.destroy).toBe(2);
  expect(running.tensors).toBeGreaterThan(0);
  await t.page.evaluate(() => (window as any).harness.unmount());
  // Canvases and videos go at once; the model when an inference in flight settles.
  await expect.poll(() => t.page.evaluate(() => ({
    canvases: document.querySelectorAll('canvas').length,
    videos: document.querySelectorAll('video').length,
    tensors: (window as any).DetectOverlay.tf.memory().numTensors,
  }))).toEqual({ canvases: 0, videos: 0, tensors: 0 });
});

test('live option changes call update() on the same overlay; a model change re-attaches', async () => {
  await t.page.goto('/test/pages/react.html');
  const tile = (options: object) => [{ id: 'a', clip: 'pedestrians_640x480_10fps', options }];
  await t.page.evaluate((spec) => (window as any).harness.render(spec), tile({ ...CENTERNET, scoreThreshold: 0.3 }));
  await t.page.waitForFunction(() => (window as any).harness.results.a?.detections.some((d: any) => d.score < 0.5), null, { timeout: scaled(60_000) });
  await t.page.evaluate(() => { (window as any).first = (window as any).harness.results.a.overlay; });
  const attachBefore = await t.page.evaluate(() => (window as any).calls.attach);
  await t.page.evaluate((spec) => (window as any).harness.render(spec), tile({ ...CENTERNET, scoreThreshold: 0.5, mirror: true }));
  await t.page.waitForFunction(() => {
    const r = (window as any).harness.results.a;
    return r.detections.length > 0 && r.detections.every((d: any) => d.score >= 0.5);
  }, null, { timeout: scaled(30_000) });
  const same = await t.page.evaluate(() => (window as any).harness.results.a.overlay === (window as any).first && (window as any).calls.attach);
  expect(same).toBe(attachBefore);
  // A restart option (here: a user detector object) makes a new overlay.
  await t.page.evaluate(async (spec) => {
    const { fixedDetector } = await import('/test/pages/fixtures.js' as string);
    spec[0]!.options = { detector: fixedDetector([{ label: 'kite', score: 0.9, bbox: [1, 1, 50, 50] }]), backend: 'wasm', motion: false };
    (window as any).harness.render(spec);
  }, tile({}));
  await t.page.waitForFunction(() => (window as any).harness.results.a.detections.some((d: any) => d.label === 'kite'), null, { timeout: scaled(30_000) });
  const swapped = await t.page.evaluate(() => ({
    different: (window as any).harness.results.a.overlay !== (window as any).first,
    canvases: document.querySelectorAll('canvas.detect-overlay').length,
    firstState: (window as any).first.state,
  }));
  expect(swapped).toEqual({ different: true, canvases: 1, firstState: 'destroyed' });
  await t.page.evaluate(() => (window as any).harness.unmount());
});

test('a load failure is the hook\'s error state, not an exception', async () => {
  await t.page.goto('/test/pages/react.html');
  await t.page.evaluate(() => (window as any).harness.render([
    { id: 'a', clip: 'static_dog_bicycle_640x480_15fps', options: { detector: 'centernet', modelUrl: '/models/missing.json', backend: 'wasm' } },
  ]));
  await t.page.waitForFunction(() => (window as any).harness.results.a?.state === 'error', null, { timeout: scaled(30_000) });
  expect(await t.page.evaluate(() => (window as any).harness.results.a.error)).toBe('model-load-failed');
  // The browser logs the 404 itself.
  t.errors.splice(0, t.errors.length, ...t.errors.filter((e) => !e.includes('404')));
});

test('a video rendered later, removed and rendered again: the hook attaches, goes idle and attaches again (ref object and callback ref)', async () => {
  await t.page.goto('/test/pages/react.html');
  await t.page.evaluate(async () => {
    const { fixedDetector } = await import('/test/pages/fixtures.js' as string);
    const options = { detector: fixedDetector([{ label: 'kite', score: 0.9, bbox: [1, 1, 50, 50] }]), backend: 'cpu', motion: false };
    (window as any).show = (show: boolean) => (window as any).harness.render([
      { id: 'a', clip: 'static_dog_bicycle_640x480_15fps', options, show },
      { id: 'b', clip: 'static_dog_bicycle_640x480_15fps', options, show, callbackRef: true },
    ]);
    (window as any).show(false);
  });
  const states = () => t.page.evaluate(() => {
    const r = (window as any).harness.results;
    return { a: r.a?.state, b: r.b?.state, canvases: document.querySelectorAll('canvas.detect-overlay').length };
  });
  const until = (want: object) => expect.poll(states, { timeout: scaled(30_000) }).toEqual(want);
  await t.page.waitForTimeout(300);
  expect(await states()).toEqual({ a: 'idle', b: 'idle', canvases: 0 });
  // The camera arrives: the video renders, and both tiles attach to it.
  await t.page.evaluate(() => (window as any).show(true));
  await until({ a: 'running', b: 'running', canvases: 2 });
  await t.page.waitForFunction(() => ['a', 'b'].every((id) => (window as any).harness.results[id].detections.some((d: any) => d.label === 'kite')));
  // It goes away: overlays destroyed, state idle; and comes back on a new element.
  await t.page.evaluate(() => (window as any).show(false));
  await until({ a: 'idle', b: 'idle', canvases: 0 });
  await t.page.evaluate(() => (window as any).show(true));
  await until({ a: 'running', b: 'running', canvases: 2 });
  const calls = await t.page.evaluate(() => ({ ...(window as any).calls, live: (window as any).calls.attach - (window as any).calls.destroy }));
  // Every attach but the two running now was destroyed (StrictMode's rehearsal included).
  expect(calls.live).toBe(2);
  await t.page.evaluate(() => (window as any).harness.unmount());
});

test('the hook returns the live tracks and the zone and line counts, and resetCounts() zeroes the lines', async () => {
  await t.page.goto('/test/pages/react.html');
  await t.page.evaluate(async () => {
    // A scripted model: one person walking right 20 px per result from x=40, across a line at x=0.5 of the frame, into a zone on the right half.
    let calls = 0;
    const walker = {
      name: 'walker', async load() {}, dispose() {},
      async detect() { calls++; return [{ label: 'person', score: 0.9, bbox: [Math.min(40 + 20 * calls, 560), 200, 40, 100] }]; },
    };
    (window as any).harness.render([{ id: 'a', clip: 'static_dog_bicycle_640x480_15fps', options: {
      detector: walker, backend: 'cpu', motion: false,
      zones: [{ name: 'right', points: [[0.6, 0], [1, 0], [1, 1], [0.6, 1]] }],
      lines: [{ name: 'middle', from: [0.5, 1], to: [0.5, 0] }],
    } }]);
  });
  const read = () => t.page.evaluate(() => {
    const r = (window as any).harness.results.a;
    return r && { tracks: r.tracks.map((x: any) => `${x.label} #${x.id}`), counts: r.counts };
  });
  await expect.poll(read, { timeout: scaled(30_000) }).toEqual({
    tracks: ['person #1'],
    counts: { zones: { right: { inside: 1, byClass: { person: 1 } } }, lines: { middle: { in: 1, out: 0, byClass: { person: { in: 1, out: 0 } } } } },
  });
  await t.page.evaluate(() => (window as any).harness.results.a.resetCounts());
  await expect.poll(read).toEqual({
    tracks: ['person #1'],
    counts: { zones: { right: { inside: 1, byClass: { person: 1 } } }, lines: { middle: { in: 0, out: 0, byClass: {} } } },
  });
  await t.page.evaluate(() => (window as any).harness.unmount());
});
