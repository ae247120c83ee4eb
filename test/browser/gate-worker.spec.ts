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

test('a stream\'s gate is read in the worker from its own track (moving told from still); the track\'s clone ends when the overlay stops or goes; RGB streams are read another way', async () => {
  const r = await t.page.evaluate(async () => {
    const { clipVideo, fixedDetector, until } = await import('/test/pages/fixtures.js' as string);
    const DO = (window as any).DetectOverlay;
    // Every clone of a track the page makes (the SDK's feeds clone the video's track).
    const clones: MediaStreamTrack[] = [];
    const clone = MediaStreamTrack.prototype.clone;
    MediaStreamTrack.prototype.clone = function (this: MediaStreamTrack) {
      const c = clone.call(this);
      clones.push(c);
      return c;
    };
    /** A video playing `stream`, as a remote track is played. */
    const streamVideo = async (stream: MediaStream) => {
      const v = Object.assign(document.createElement('video'), { muted: true, playsInline: true, srcObject: stream });
      v.style.width = '320px';
      document.body.append(v);
      await v.play();
      return v;
    };
    const live = () => clones.filter((c) => c.readyState === 'live').length;
    const watch = (o: any) => {
      const seen = { readers: new Set<string>(), reasons: [] as string[] };
      o.on('motion', (m: any) => { seen.readers.add(o.stats.gateReader); if (o.stats.gateReader === 'stream') seen.reasons.push(m.reason); });
      return seen;
    };
    const out: Record<string, unknown> = {};
    for (const clip of ['pedestrians_640x480_10fps', 'static_dog_bicycle_640x480_15fps']) {
      const file = await clipVideo(clip, document.body, 'width:8px');
      const v = await streamVideo((file as any).captureStream());
      const o = await DO.attach(v, { detector: fixedDetector([]), overlay: false, tracking: false });
      const seen = watch(o);
      await until(() => seen.reasons.length >= 12, `${clip}: twelve gate reads from the track`);
      const clonesBefore = clones.length;
      const liveRunning = live();
      o.stop();
      await until(() => live() === 0, `${clip}: the clone ends when the overlay stops`);
      o.start();
      const resumedFrom = seen.reasons.length;
      await until(() => seen.reasons.length >= resumedFrom + 3, `${clip}: reads from the track again after start()`);
      const readers = [...seen.readers];
      if (clip.startsWith('static')) {
        // The page stops its own track (a camera turned off): the clone ends too (the frame on screen is then read on the page).
        (v.srcObject as MediaStream).getVideoTracks()[0]!.stop();
        await until(() => live() === 0, `${clip}: the clone ends when the page stops its track`);
      }
      o.destroy();
      await until(() => live() === 0, `${clip}: the clone ends with the overlay`);
      out[clip] = { readers, reasons: seen.reasons, liveRunning, clonesBefore };
      v.remove();
      file.remove();
    }
    // A canvas's stream: RGB frames, no luma plane for the worker to read.
    const canvas = Object.assign(document.createElement('canvas'), { width: 320, height: 240 });
    const g = canvas.getContext('2d')!;
    let x = 0;
    const paint = setInterval(() => { g.fillStyle = '#000'; g.fillRect(0, 0, 320, 240); g.fillStyle = '#fff'; g.fillRect((x = (x + 7) % 280), 80, 40, 40); }, 40);
    const v = await streamVideo(canvas.captureStream(25));
    const o = await DO.attach(v, { detector: fixedDetector([]), overlay: false, tracking: false });
    const seen = watch(o);
    let reads = 0;
    o.on('motion', () => reads++);
    const before = clones.length;
    // The canvas path, 30 reads, then the luma path is tried again (the feed among it) and the canvas taken again.
    await until(() => reads >= 45 && clones.length > before && live() === 0, 'the feed tried and given up on a canvas stream');
    out.canvas = { readers: [...seen.readers], feedsTried: clones.length - before };
    o.destroy();
    clearInterval(paint);
    v.remove();
    MediaStreamTrack.prototype.clone = clone;
    return out;
  });
  const moving = r['pedestrians_640x480_10fps'] as any;
  const still = r['static_dog_bicycle_640x480_15fps'] as any;
  for (const s of [moving, still]) {
    expect(s.readers).toContain('stream');
    expect(s.readers).not.toContain('worker'); // no frame wrapped on the page once the feed runs
    expect(s.liveRunning).toBe(1); // one clone, live while it runs
  }
  // The pedestrians move on most frames; the parked dog and bicycle never do.
  expect(moving.reasons.filter((x: string) => x === 'motion').length).toBeGreaterThan(moving.reasons.length / 2);
  expect(still.reasons.filter((x: string) => x === 'motion')).toEqual([]);
  expect((r.canvas as any).readers).toEqual(['canvas']);
  expect((r.canvas as any).feedsTried).toBe(1);
});
