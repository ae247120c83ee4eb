/**
 * The gate worker (src/dom/gate-worker.ts, src/worker/gate-entry.ts): the motion gate's grey frame is
 * read off the main thread, pixel for pixel what the main thread reads, by one worker for every
 * overlay of the page that ends with the last; a page whose CSP forbids `blob:` workers reads on
 * the main thread. What it saves the main thread is measured in the bench ("gate cost by resolution").
 */
import { expect, test } from '@playwright/test';
import { pagePerTest } from './browser.js';

const t = pagePerTest();
const MODEL = '/models/centernet/centernet.json';

test('the grey frame read in the worker is the main thread\'s, pixel for pixel, on frames of every shared clip', async () => {
  const r = await t.page.evaluate(async () => {
    const { readBoth } = await import('/test/pages/build/gate-harness.js' as string);
    const clips = ['pedestrians_640x480_10fps', 'static_dog_bicycle_640x480_15fps', 'dog_nearstatic_640x360_15fps', 'cockatoo_handheld_640x360_15fps'];
    const out = [];
    for (const clip of clips) {
      const v = document.createElement('video');
      Object.assign(v, { muted: true, src: `/media/video/${clip}.webm` });
      document.body.append(v);
      await new Promise((resolve) => v.addEventListener('loadeddata', resolve, { once: true }));
      for (const at of [0.4, 1.7, 3.1]) {
        v.currentTime = at;
        // Seeked, and the frame there presented (readBoth also checks that no frame lands between its reads).
        await new Promise((resolve) => v.addEventListener('seeked', resolve, { once: true }));
        await new Promise((resolve) => { v.requestVideoFrameCallback(resolve); setTimeout(resolve, 1000); });
        out.push({ clip, at, ...(await readBoth(v)) });
      }
      v.remove();
    }
    return out;
  });
  expect(r).toHaveLength(12);
  for (const read of r) {
    expect(read.modes, `${read.clip} at ${read.at} s`).toEqual(['worker', 'luma']);
    expect(read.size).toBe(read.clip.includes('640x360') ? 80 * 45 : 80 * 60);
    expect(read.differing, `${read.clip} at ${read.at} s`).toBe(0);
  }
});

test('overlays read their gates in one shared worker (the gate still tells moving from still), which ends with the last overlay', async () => {
  const r = await t.page.evaluate(async (model) => {
    const { clipVideo, until } = await import('/test/pages/fixtures.js' as string);
    // Every worker the page starts, and whether it was ended.
    const started: { url: string; ended: boolean }[] = [];
    const Original = window.Worker;
    window.Worker = class extends Original {
      constructor(url: string | URL, options?: WorkerOptions) {
        super(url, options);
        const entry = { url: String(url), ended: false };
        started.push(entry);
        const end = this.terminate.bind(this);
        this.terminate = () => {
          entry.ended = true;
          end();
        };
      }
    };
    const DO = (window as any).DetectOverlay;
    const moving = await clipVideo('pedestrians_640x480_10fps', document.body, 'width:320px');
    const still = await clipVideo('static_dog_bicycle_640x480_15fps', document.body, 'width:320px');
    const options = { detector: 'centernet', modelUrl: model };
    const a = await DO.attach(moving, options);
    const b = await DO.attach(still, options);
    const reasons = { a: [] as string[], b: [] as string[] };
    a.on('motion', (m: any) => a.stats.gateReader === 'worker' && reasons.a.push(m.reason));
    b.on('motion', (m: any) => b.stats.gateReader === 'worker' && reasons.b.push(m.reason));
    await until(() => reasons.a.length >= 10 && reasons.b.length >= 10, 'ten gate reads in the worker for each overlay');
    await until(() => a.detections.some((d: any) => d.label === 'person'), 'a person on the moving clip');
    const blobs = () => started.filter((w) => w.url.startsWith('blob:'));
    const running = blobs().filter((w) => !w.ended).length;
    a.destroy();
    const afterOne = blobs().filter((w) => !w.ended).length;
    b.destroy();
    window.Worker = Original;
    moving.remove();
    still.remove();
    return { reasons, running, afterOne, afterAll: blobs().filter((w) => !w.ended).length, blobWorkers: blobs().length };
  }, MODEL);
  // The pedestrians move on most frames; the parked dog and bicycle never do.
  expect(r.reasons.a.filter((x) => x === 'motion').length).toBeGreaterThan(r.reasons.a.length / 2);
  expect(r.reasons.b.filter((x) => x === 'motion')).toEqual([]);
  // One gate worker for both (plus the page's one-line probe, ended at once), ended with the last overlay.
  expect(r.running).toBe(1);
  expect(r.afterOne).toBe(1);
  expect(r.afterAll).toBe(0);
  expect(r.blobWorkers).toBe(2);
});

test('the gate worker starts only after the overlay\'s first result (nothing competes with the model\'s start); reads move there then', async () => {
  const r = await t.page.evaluate(async () => {
    const { clipVideo, until } = await import('/test/pages/fixtures.js' as string);
    const blobs: string[] = [];
    const Original = window.Worker;
    window.Worker = class extends Original {
      constructor(url: string | URL, options?: WorkerOptions) {
        super(url, options);
        if (String(url).startsWith('blob:')) blobs.push(String(url));
      }
    };
    // A detector whose first result waits until the test lets it go.
    let release = (): void => undefined;
    const first = new Promise<void>((resolve) => { release = resolve; });
    let calls = 0;
    const detector = { name: 'held', needsBackend: false, load: async () => undefined, dispose: () => undefined,
      detect: async () => { if (calls++ === 0) await first; return [{ label: 'person', score: 0.9, bbox: [10, 10, 100, 200] }]; } };
    const video = await clipVideo('pedestrians_640x480_10fps', document.body, 'width:320px');
    const o = await (window as any).DetectOverlay.attach(video, { detector, maxFps: 10 });
    const before = new Set<string>();
    const off = o.on('motion', () => before.add(o.stats.gateReader));
    await until(() => o.stats.framesSampled >= 15, 'fifteen frames gated while the first result waits');
    const blobsBefore = blobs.length;
    off?.();
    release();
    const after = new Set<string>();
    o.on('motion', () => after.add(o.stats.gateReader));
    await until(() => after.has('worker'), 'a gate read in the worker after the first result');
    o.destroy();
    window.Worker = Original;
    return { before: [...before], blobsBefore, blobsAfter: blobs.length, inferences: calls };
  });
  // On the main thread (a frame not yet ready to wrap, early on a busy machine, may take the canvas once).
  expect(r.before).toContain('luma');
  expect(r.before).not.toContain('worker');
  expect(r.blobsBefore).toBe(0);
  // The page's one-line probe, then the gate worker.
  expect(r.blobsAfter).toBe(2);
});

test('a page whose CSP forbids blob: workers reads its gate on the main thread (the browser logs the one refused probe) and detects as before', async () => {
  const r = await t.page.evaluate(async (model) => {
    const meta = Object.assign(document.createElement('meta'), { httpEquiv: 'Content-Security-Policy', content: "worker-src 'self'" });
    document.head.append(meta);
    const { clipVideo, until } = await import('/test/pages/fixtures.js' as string);
    const video = await clipVideo('pedestrians_640x480_10fps', document.body, 'width:320px');
    const o = await (window as any).DetectOverlay.attach(video, { detector: 'centernet', modelUrl: model });
    const readers = new Set<string>();
    o.on('motion', () => readers.add(o.stats.gateReader));
    await until(() => o.detections.some((d: any) => d.label === 'person') && o.stats.framesSampled >= 20, 'a person, twenty frames gated');
    const out = { readers: [...readers], worker: o.stats.worker };
    o.destroy();
    return out;
  }, MODEL);
  expect(r.readers).toEqual(['luma']);
  expect(r.worker).toBe(true); // the detection worker's script is 'self': allowed
  // The probe runs after the first result: its refusal may be logged a moment after the run.
  const refusals = () => t.errors.filter((e) => /Creating a worker from 'blob:/.test(e));
  await expect.poll(() => refusals().length).toBeGreaterThanOrEqual(1);
  const refused = refusals();
  expect(refused).toHaveLength(1);
  t.errors.splice(0, t.errors.length, ...t.errors.filter((e) => !refused.includes(e)));
});
