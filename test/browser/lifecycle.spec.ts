/**
 * Lifecycle on real clips with the real CenterNet model (WASM): no tensor or DOM node survives
 * destroy(), destroy is safe twice, the state machine refuses use after destroy, stop/start
 * pause and resume, and bad targets/options fail at attach with their codes.
 */
import { expect, test } from '@playwright/test';
import { pagePerTest } from './browser.js';

const t = pagePerTest();

// worker: false: the model on the page, so that its tensors are the page's TF.js's to count (the
// worker's end with it: worker.spec.ts).
const CENTERNET = { detector: 'centernet', modelUrl: '/models/centernet/centernet.json', backend: 'wasm', worker: false };

test('tensors and DOM nodes return to baseline after destroy, over repeated cycles', async () => {
  const r = await t.page.evaluate(async (opts) => {
    const { clipVideo, until } = await import('/test/pages/fixtures.js' as string);
    const DO = (window as any).DetectOverlay;
    const video = await clipVideo('pedestrians_640x480_10fps', document.body, 'width:480px;height:360px');
    const stream = (video as any).captureStream() as MediaStream;
    const nodes = () => document.getElementsByTagName('*').length;
    const tensors = () => DO.tf.memory().numTensors;
    const cycles = [];
    // No model is loaded before the first attach: the tensor baseline is 0.
    const baseline = { nodes: nodes(), tensors: tensors() };
    for (let cycle = 0; cycle < 3; cycle++) {
      // Cycle targets: the page's element (overlay canvas), and a stream (our own hidden video).
      const target = cycle === 1 ? stream : video;
      const overlay = await DO.attach(target, opts);
      const during: number[] = [];
      await new Promise<void>((resolve) => {
        let n = 0;
        overlay.on('detections', () => { during.push(tensors()); if (++n === 5) resolve(); });
      });
      const whileRunning = nodes();
      overlay.destroy();
      overlay.destroy(); // safe twice
      // An inference in flight settles, then the model goes (a leak never gets there: the wait fails).
      await until(() => tensors() === baseline.tensors, 'the tensors to return to the baseline', 20_000).catch(() => {});
      cycles.push({ during, whileRunning, after: { nodes: nodes(), tensors: tensors() }, state: overlay.state });
    }
    return { baseline, cycles, videos: document.querySelectorAll('video').length, canvases: document.querySelectorAll('canvas').length };
  }, CENTERNET);
  expect(r.baseline.tensors).toBe(0);
  for (const c of r.cycles) {
    expect(c.state).toBe('destroyed');
    expect(c.after.tensors).toBe(r.baseline.tensors);
    expect(c.after.nodes).toBe(r.baseline.nodes);
    // Flat while running: the model's weights, nothing per frame.
    expect(new Set(c.during).size).toBe(1);
    expect(c.during[0]).toBeGreaterThan(0);
  }
  // While running, cycle 0 adds the overlay canvas; cycle 1 (a stream) adds our hidden video only.
  expect(r.cycles[0]!.whileRunning).toBe(r.baseline.nodes + 1);
  expect(r.cycles[1]!.whileRunning).toBe(r.baseline.nodes + 1);
  expect(r.videos).toBe(1);
  expect(r.canvases).toBe(0);
});

test('stop() pauses detection and clears boxes; start() resumes; use after destroy is refused', async () => {
  const r = await t.page.evaluate(async () => {
    const { clipVideo, fixedDetector } = await import('/test/pages/fixtures.js' as string);
    const DO = (window as any).DetectOverlay;
    const video = await clipVideo('pedestrians_640x480_10fps', document.body, 'width:320px;height:240px');
    const detector = fixedDetector([{ label: 'person', score: 0.9, bbox: [10, 10, 50, 100] }]);
    const overlay = await DO.attach(video, { detector, backend: 'cpu', motion: false });
    const domEvents: string[] = [];
    document.body.addEventListener('detect-overlay:detections', (e) => domEvents.push((e.target as Element).tagName));
    await new Promise((r) => overlay.on('detections', r));
    overlay.stop();
    const stoppedAt = detector.calls;
    const shownWhenStopped = overlay.detections.length;
    await new Promise((r) => setTimeout(r, 600));
    const callsWhileStopped = detector.calls - stoppedAt;
    overlay.start();
    await new Promise((r) => overlay.on('detections', r));
    const state = overlay.state;
    overlay.destroy();
    const codes: string[] = [];
    for (const fn of [() => overlay.start(), () => overlay.update({ mirror: true }), () => overlay.stop()]) {
      try { fn(); } catch (e: any) { codes.push(e.code); }
    }
    return { shownWhenStopped, callsWhileStopped, state, codes, domEvent: domEvents[0] };
  });
  expect(r).toEqual({ shownWhenStopped: 0, callsWhileStopped: 0, state: 'running', codes: ['destroyed', 'destroyed', 'destroyed'], domEvent: 'VIDEO' });
});

test('a wrapper element (a player\'s <div>) as the target: the video inside it is used, by element or by selector', async () => {
  const r = await t.page.evaluate(async () => {
    const { fixedDetector, clipVideo } = await import('/test/pages/fixtures.js' as string);
    const wrap = Object.assign(document.createElement('div'), { id: 'player' });
    document.body.append(wrap);
    const video = await clipVideo('static_dog_bicycle_640x480_15fps', wrap, 'width:320px');
    const options = { detector: fixedDetector([]), backend: 'cpu' };
    const DO = (window as any).DetectOverlay;
    const byElement = await DO.attach(wrap, options);
    const bySelector = await DO.attach('#player', options);
    const out = { byElement: byElement.video === video, bySelector: bySelector.video === video };
    byElement.destroy();
    bySelector.destroy();
    return out;
  });
  expect(r).toEqual({ byElement: true, bySelector: true });
});

test('bad targets and options fail at attach with a code naming the value', async () => {
  const r = await t.page.evaluate(async () => {
    const DO = (window as any).DetectOverlay;
    document.body.insertAdjacentHTML('beforeend', '<img id="pic" alt=""><video id="vid"></video>');
    const attempt = async (target: unknown, options?: unknown) => {
      try {
        await DO.attach(target, options);
        return 'no error';
      } catch (e: any) {
        return `${e.code}: ${e.message}`;
      }
    };
    return {
      missing: await attempt('nope'),
      img: await attempt('pic'),
      selector: await attempt('#pic'),
      junk: await attempt(42),
      emptyDiv: await attempt(document.createElement('div')),
      audio: await attempt(new MediaStream()),
      option: await attempt('vid', { scoreThreshold: 2 }),
      detector: await attempt('vid', { detector: 'yolo' }),
      leftovers: document.querySelectorAll('canvas, video').length,
    };
  });
  expect(r.missing).toMatch(/^source-not-found: .*"nope"/);
  expect(r.img).toMatch(/^source-not-video: .*"pic" is a <img>/);
  expect(r.selector).toMatch(/^source-not-video: .*<img>/);
  expect(r.junk).toMatch(/^source-not-found: .*42/);
  expect(r.emptyDiv).toMatch(/^source-not-video: .*<div>, not a <video>, and has no <video> inside/);
  expect(r.audio).toMatch(/^source-not-video: .*no video track/);
  expect(r.option).toMatch(/^invalid-option: .*scoreThreshold.*2/);
  expect(r.detector).toMatch(/^invalid-option: .*"yolo"/);
  expect(r.leftovers).toBe(1); // only the page's own <video>
});

test('auto backend avoids software WebGL here and picks WASM', async () => {
  const r = await t.page.evaluate(async () => {
    const DO = (window as any).DetectOverlay;
    const { clipVideo, fixedDetector } = await import('/test/pages/fixtures.js' as string);
    const video = await clipVideo('static_dog_bicycle_640x480_15fps');
    const overlay = await DO.attach(video, { detector: fixedDetector([]) });
    const gl = document.createElement('canvas').getContext('webgl');
    const info = gl!.getExtension('WEBGL_debug_renderer_info');
    const renderer = gl!.getParameter(info!.UNMASKED_RENDERER_WEBGL);
    const backend = overlay.backend;
    overlay.destroy();
    return { backend, renderer };
  });
  expect(r.renderer).toMatch(/SwiftShader/i);
  expect(r.backend).toBe('wasm');
});

test('LiveKit-style tracks: the app\'s attached element is sampled; else its mediaStreamTrack in a hidden video', async () => {
  const r = await t.page.evaluate(async () => {
    const { clipVideo, fixedDetector } = await import('/test/pages/fixtures.js' as string);
    const DO = (window as any).DetectOverlay;
    const shown = await clipVideo('static_dog_bicycle_640x480_15fps', document.body, 'width:320px;height:240px');
    const track = (shown as any).captureStream().getVideoTracks()[0] as MediaStreamTrack;
    const detector = fixedDetector([{ label: 'dog', score: 0.8, bbox: [100, 200, 150, 200] }]);
    const opts = { detector, backend: 'cpu', motion: false };
    // Like a RemoteVideoTrack the app has attached to a visible <video>.
    const attached = await DO.attach({ mediaStreamTrack: track, attachedElements: [shown], attach: () => { throw new Error('must not be called'); } }, opts);
    await new Promise((r) => attached.on('detections', r));
    const usedShown = attached.video === shown && attached.canvas !== null;
    attached.destroy();
    // Not attached anywhere: the SDK plays its mediaStreamTrack itself, hidden, and cleans up.
    const before = document.querySelectorAll('video').length;
    const bare = await DO.attach({ mediaStreamTrack: track }, opts);
    const ev = await new Promise<any>((r) => bare.on('detections', r));
    const hidden = { own: bare.video !== shown, canvas: bare.canvas, videos: document.querySelectorAll('video').length };
    bare.destroy();
    return { usedShown, hidden, after: document.querySelectorAll('video').length, before, label: ev.detections[0].label };
  });
  expect(r).toEqual({ usedShown: true, hidden: { own: true, canvas: null, videos: r.before + 1 }, after: r.before, before: 1, label: 'dog' });
});

test('boxes expire after holdMs while playing; stats events arrive; an aborted load leaves nothing', async () => {
  const r = await t.page.evaluate(async () => {
    const { clipVideo, fixedDetector, until } = await import('/test/pages/fixtures.js' as string);
    const DO = (window as any).DetectOverlay;
    const video = await clipVideo('static_dog_bicycle_640x480_15fps', document.body, 'width:320px;height:240px');
    // Gate on, still picture, heartbeat far away: one inference, then the boxes age out.
    const detector = fixedDetector([{ label: 'dog', score: 0.8, bbox: [100, 200, 150, 200] }]);
    const overlay = await DO.attach(video, { detector, backend: 'cpu', holdMs: 400, maxSkipMs: 60_000 });
    let stats = 0;
    overlay.on('stats', () => stats++);
    await new Promise((r) => overlay.on('detections', r));
    const fresh = overlay.detections.length;
    // The boxes go once holdMs has passed, and a stats event comes.
    await until(() => overlay.detections.length === 0, 'the boxes to expire').catch(() => {});
    const expired = overlay.detections.length;
    await until(() => stats > 0, 'a stats event').catch(() => {});
    overlay.destroy();
    const controller = new AbortController();
    const pending = DO.attach(video, { detector: 'centernet', modelUrl: '/models/centernet/centernet.json', backend: 'cpu', signal: controller.signal });
    controller.abort();
    const aborted = await pending.then(() => 'resolved', (e: any) => e.code);
    return { fresh, expired, stats, calls: detector.calls, aborted, canvases: document.querySelectorAll('canvas').length, tensors: DO.tf.memory().numTensors };
  });
  expect(r.fresh).toBe(1);
  expect(r.expired).toBe(0);
  expect(r.calls).toBe(1);
  expect(r.stats).toBeGreaterThanOrEqual(1);
  expect(r.aborted).toBe('aborted');
  expect(r.canvases).toBe(0);
  expect(r.tensors).toBe(0);
});

test('nine overlays on one page (a LiveKit-style grid) share one loaded model; the last destroy frees it', async () => {
  const r = await t.page.evaluate(async (opts) => {
    const { clipVideo, until } = await import('/test/pages/fixtures.js' as string);
    const DO = (window as any).DetectOverlay;
    const tensors = () => DO.tf.memory().numTensors;
    const videos = await Promise.all([...Array(9).keys()].map(() => clipVideo('pedestrians_640x480_10fps', document.body, 'width:160px')));
    const first = await DO.attach(videos[0], opts);
    const one = tensors();
    const more = await Promise.all(videos.slice(1).map((v: HTMLVideoElement) => DO.attach(v, opts)));
    await Promise.all(more.map((o: any) => new Promise((r) => o.on('detections', r))));
    const nine = tensors();
    first.destroy();
    const afterFirst = tensors();
    for (const o of more) o.destroy();
    // Inferences in flight settle, then the model goes.
    await until(() => tensors() === 0, 'the shared model to be freed').catch(() => {});
    return { one, nine, afterFirst, end: tensors() };
  }, CENTERNET);
  expect(r.one).toBeGreaterThan(0);
  expect(r.nine).toBe(r.one);
  expect(r.afterFirst).toBe(r.one);
  expect(r.end).toBe(0);
});
