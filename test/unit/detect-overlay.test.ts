/**
 * The handle (DetectOverlay) and its frame engine in Node, on fake parts (test/unit/fakes.ts):
 * lifecycle order, update while inferring, destroy during load and during an inference, stale
 * results dropped, a tainted source read once.
 */
import { expect, test } from '@playwright/test';
import { DetectOverlay } from '../../src/detect-overlay.js';
import { DetectOverlayError } from '../../src/errors.js';
import { deferred, fakeParts, settle } from './fakes.js';

const person = (score: number, x = 100) => ({ label: 'person', score, bbox: [x, 40, 50, 100] as [number, number, number, number] });

async function running(options = {}) {
  const f = fakeParts(options);
  const overlay = await new DetectOverlay(f.parts, f.options).init();
  return { ...f, overlay };
}

test('lifecycle order: painter, model, then ready and the frame loop; destroy disposes every part once', async () => {
  const { overlay, log } = await running();
  expect(log).toEqual(['painter', 'model.open', 'emit:ready', 'loop.start']);
  expect(overlay.state).toBe('running');
  log.length = 0;
  overlay.destroy();
  overlay.destroy();
  expect(log).toEqual(['loop.stop', 'screen.unwatch', 'painter.destroy', 'grabber.dispose', 'model.close(keep=false)', 'model.release', 'source.dispose', 'events.clear']);
  expect(overlay.state).toBe('destroyed');
  for (const use of [() => overlay.start(), () => overlay.stop(), () => overlay.update({ mirror: true })]) {
    expect(use).toThrow(expect.objectContaining({ code: 'destroyed' }));
  }
  await expect(overlay.memory()).rejects.toMatchObject({ code: 'destroyed' });
});

test('destroy during load: attach rejects with destroyed, nothing starts, everything is disposed', async () => {
  const loading = deferred<void>();
  const f = fakeParts({}, () => loading.promise);
  const overlay = new DetectOverlay(f.parts, f.options);
  const pending = overlay.init();
  await settle();
  overlay.destroy();
  loading.resolve();
  await expect(pending).rejects.toMatchObject({ code: 'destroyed' });
  expect(f.log).not.toContain('loop.start');
  expect(f.log).not.toContain('emit:ready');
  expect(f.log).toEqual(expect.arrayContaining(['painter.destroy', 'grabber.dispose', 'source.dispose', 'events.clear']));
  expect(f.video.listenerCount()).toBe(0);
});

test('an aborted load rejects with aborted and leaves nothing', async () => {
  const controller = new AbortController();
  const f = fakeParts({ signal: controller.signal }, async () => { controller.abort(); });
  await expect(new DetectOverlay(f.parts, f.options).init()).rejects.toMatchObject({ code: 'aborted' });
  expect(f.log).toContain('source.dispose');
  expect(f.log).not.toContain('loop.start');
});

test('frames: the first runs one inference, frames meanwhile start none; the result is shown in video pixels and emitted', async () => {
  const { overlay, tick, calls, painted, events } = await running();
  const seen: unknown[] = [];
  events.on('detections', (e) => seen.push(e.detections));
  await tick();
  await tick();
  expect(calls).toHaveLength(1);
  // The sample was 320x240 for a 640x480 video: boxes double.
  calls[0]!.resolve([person(0.9), person(0.2, 300)]);
  await settle();
  // Tracking (the default): 0.9 is over trackHighScore, so the person's track is confirmed at once, id 1.
  expect(seen).toEqual([[{ label: 'person', score: 0.9, bbox: [200, 80, 100, 200], id: 1 }]]);
  expect(overlay.detections).toEqual(seen[0]);
  expect(painted.at(-1)).toEqual(seen[0]);
  expect(overlay.stats.inferences).toBe(1);
  overlay.destroy();
});

test('update while inferring: the result in flight is filtered with the new options', async () => {
  // Tracking off: the held boxes are the ones over the threshold, refiltered by a new one.
  const { overlay, tick, calls, events } = await running({ tracking: false });
  const seen: unknown[] = [];
  events.on('detections', (e) => seen.push(e.detections.map((d) => d.score)));
  await tick();
  overlay.update({ scoreThreshold: 0.8 });
  calls[0]!.resolve([person(0.9), person(0.6, 300)]);
  await settle();
  expect(seen).toEqual([[0.9]]);
  overlay.update({ scoreThreshold: 0.3 });
  expect(overlay.detections.map((d) => d.score)).toEqual([0.9, 0.6]); // the held result, refiltered
  overlay.destroy();
});

test('motion: a still picture runs no inference until the heartbeat; a change runs one', async () => {
  const { overlay, tick, calls, video } = await running({ maxSkipMs: 2000 });
  await tick();
  calls[0]!.resolve([]);
  await settle();
  for (let i = 0; i < 5; i++) await tick(); // 500 ms, same picture
  expect(calls).toHaveLength(1);
  video.shade = 200;
  await tick();
  expect(calls).toHaveLength(2);
  overlay.destroy();
});

test('stale results are dropped: after a context loss (suspend) and after destroy; destroy mid-inference releases the model when it settles', async () => {
  const { overlay, tick, calls, events, log, parts, loseContext } = await running();
  const seen: unknown[] = [];
  events.on('detections', (e) => seen.push(e));
  await tick();
  // The backend's context is lost while the inference runs: the model is reloaded, and the
  // result of the inference that ran on the dead context no longer counts.
  loseContext();
  await settle();
  expect(log).toContain('emit:backendchange');
  calls[0]!.resolve([person(0.9)]);
  await settle();
  expect(seen).toEqual([]);
  // A new inference, then destroy while it runs: the model is kept until it settles.
  parts.gate.reset();
  await tick();
  expect(calls).toHaveLength(2);
  log.length = 0;
  overlay.destroy();
  expect(log).toContain('model.close(keep=true)');
  expect(log).not.toContain('model.release');
  calls[1]!.resolve([person(0.9)]);
  await settle();
  expect(seen).toEqual([]);
  expect(log).toContain('model.release');
});

test('stop clears the boxes and takes no frames; start resumes on a fresh gate', async () => {
  const { overlay, tick, calls, log } = await running();
  await tick();
  calls[0]!.resolve([person(0.9)]);
  await settle();
  expect(overlay.detections).toHaveLength(1);
  overlay.stop();
  expect(overlay.state).toBe('stopped');
  expect(overlay.detections).toHaveLength(0);
  expect(log).toContain('painter.clear');
  await tick();
  expect(calls).toHaveLength(1);
  overlay.start();
  await tick(); // the same picture, but the gate starts over: detect at once
  expect(calls).toHaveLength(2);
  overlay.destroy();
});

test('a tainted source is reported once and not read again until the source changes', async () => {
  const f = fakeParts();
  let reads = 0;
  f.parts.grabber.readGray = async () => {
    reads++;
    throw new DetectOverlayError('cross-origin-frame', 'tainted');
  };
  const overlay = await new DetectOverlay(f.parts, f.options).init();
  const errors: string[] = [];
  f.events.on('error', (e) => errors.push(e.code));
  for (let i = 0; i < 5; i++) await f.tick();
  expect({ reads, errors }).toEqual({ reads: 1, errors: ['cross-origin-frame'] });
  f.video.dispatch('emptied'); // a new source
  await f.tick();
  expect(reads).toBe(2);
  overlay.destroy();
});

test('a frame not ready to read (a source being swapped) is skipped without an error, and detection resumes on the next one', async () => {
  const f = fakeParts();
  let ready = false;
  const gray = f.parts.grabber.readGray.bind(f.parts.grabber);
  const sample = f.parts.grabber.sample.bind(f.parts.grabber);
  f.parts.grabber.readGray = async (v) => (ready ? gray(v) : null);
  f.parts.grabber.sample = async (v, w, p) => (ready ? sample(v, w, p) : null);
  const overlay = await new DetectOverlay(f.parts, f.options).init();
  const errors: string[] = [];
  f.events.on('error', (e) => errors.push(e.code));
  for (let i = 0; i < 3; i++) await f.tick();
  expect(f.calls).toHaveLength(0);
  // The gate frame reads, but the detector's frame is not there yet: the inference waits for the next frame.
  f.parts.grabber.readGray = gray;
  await f.tick();
  expect(f.calls).toHaveLength(0);
  ready = true;
  await f.tick();
  expect(f.calls).toHaveLength(1);
  f.calls[0]!.resolve([person(0.9)]);
  await settle();
  expect({ errors, shown: overlay.detections.length }).toEqual({ errors: [], shown: 1 });
  overlay.destroy();
});

test('update(null) and update(undefined) change nothing; update("x") is invalid-option', async () => {
  const { overlay } = await running();
  const before = overlay.stats;
  expect(() => overlay.update(null as never)).not.toThrow();
  expect(() => overlay.update(undefined as never)).not.toThrow();
  expect(() => overlay.update('x' as never)).toThrow(expect.objectContaining({ code: 'invalid-option' }));
  expect(overlay.state).toBe('running');
  expect(overlay.stats.framesSampled).toBe(before.framesSampled);
  overlay.destroy();
});

test('the caller\'s abort is still aborted (not a timeout), and a load throwing a plain object is described, not [object Object]', async () => {
  const controller = new AbortController();
  const f = fakeParts({ signal: controller.signal, loadTimeoutMs: 60_000 }, async () => { controller.abort(); throw new Error('cancelled'); });
  await expect(new DetectOverlay(f.parts, f.options).init()).rejects.toMatchObject({ code: 'aborted' });
  const g = fakeParts({}, async () => { throw { status: 503 }; }); // eslint-disable-line no-throw-literal
  await expect(new DetectOverlay(g.parts, g.options).init()).rejects.toMatchObject({
    code: 'model-load-failed', message: '[detect-overlay] model-load-failed: attach() failed: a thrown {"status":503}',
  });
});

test('a detector returning null or a bad score gets an error event saying so, and detection goes on', async () => {
  const { overlay, tick, calls, events } = await running({ motion: false });
  const errors: string[] = [];
  events.on('error', (e) => errors.push(e.message));
  await tick();
  calls[0]!.resolve(null as never);
  await settle();
  expect(errors).toEqual([expect.stringMatching(/detection-failed: detector "manual" returned null from detect\(\)/)]);
  overlay.destroy();
});

test('tracks: a new object is shown once confirmed, with track-enter; overlay.tracks lists it; stop ends it with track-leave', async () => {
  const { overlay, tick, calls, events, video } = await running({ motion: false });
  const log: string[] = [];
  events.on('track-enter', (e) => log.push(`enter #${e.track.id} ${e.track.label} at ${e.videoTime.toFixed(1)}`));
  events.on('track-leave', (e) => log.push(`leave #${e.track.id}`));
  const shown: number[][] = [];
  events.on('detections', (e) => shown.push(e.detections.map((d) => d.id ?? -1)));
  await tick(); // video time 0.1 s
  calls[0]!.resolve([]); // the first result (whose objects would be confirmed at once): nothing
  await settle();
  await tick(); // 0.2 s
  calls[1]!.resolve([person(0.6)]); // under trackHighScore: not shown yet
  await settle();
  await tick(); // 0.3 s
  calls[2]!.resolve([person(0.6, 104)]);
  await settle();
  expect(shown).toEqual([[], [], [1]]);
  expect(log).toEqual(['enter #1 person at 0.3']);
  expect(overlay.tracks).toMatchObject([{ id: 1, label: 'person', score: 0.6 }]);
  expect(overlay.tracks.map((t) => [t.firstSeen.toFixed(1), t.lastSeen.toFixed(1)])).toEqual([['0.2', '0.3']]);
  overlay.stop();
  expect(log).toEqual(['enter #1 person at 0.3', 'leave #1']);
  expect(overlay.tracks).toEqual([]);
  overlay.destroy();
});

test('scrolled out of view: boxes and tracks end, no frame is read, stats say offscreen; back in view it detects at once; pauseOffscreen: false keeps going', async () => {
  const { overlay, tick, calls, log, scroll, events } = await running();
  const left: number[] = [];
  events.on('track-leave', (e) => left.push(e.track.id));
  await tick();
  calls[0]!.resolve([person(0.9)]);
  await settle();
  expect(overlay.detections).toHaveLength(1);
  log.length = 0;
  scroll(false);
  expect(log).toEqual(expect.arrayContaining(['loop.stop', 'painter.clear']));
  expect(left).toEqual([1]);
  expect(overlay.detections).toHaveLength(0);
  expect(overlay.state).toBe('running');
  expect(overlay.stats.turns.state).toBe('offscreen');
  await tick();
  await tick();
  expect(calls).toHaveLength(1);
  scroll(true);
  expect(log.at(-1)).toBe('loop.start');
  await tick(); // the same picture, on a fresh gate: detected at once
  expect(calls).toHaveLength(2);
  calls[1]!.resolve([]);
  await settle();
  // Stopped by the app while off screen, started again off screen: still paused until in view.
  scroll(false);
  overlay.stop();
  overlay.start();
  await tick();
  expect(calls).toHaveLength(2);
  // Off screen with pauseOffscreen off: it runs.
  overlay.update({ pauseOffscreen: false });
  expect(overlay.stats.turns.state).not.toBe('offscreen');
  await tick();
  expect(calls).toHaveLength(3);
  overlay.destroy();
});

test('a result arriving after stop() (or a scroll out of view) stays unseen: no boxes, no detections event', async () => {
  const { overlay, tick, calls, events, scroll } = await running();
  const seen: unknown[] = [];
  events.on('detections', (e) => seen.push(e));
  await tick();
  overlay.stop();
  calls[0]!.resolve([person(0.9)]);
  await settle();
  expect(overlay.detections).toEqual([]);
  expect(seen).toEqual([]);
  expect(overlay.stats.inferences).toBe(1);
  overlay.start();
  await tick();
  scroll(false);
  calls[1]!.resolve([person(0.9)]);
  await settle();
  expect(overlay.detections).toEqual([]);
  expect(seen).toEqual([]);
  overlay.destroy();
});

test('a stalled source: one source-stalled event, nothing sampled or detected on the last frame, the boxes gone after holdMs; detection resumes with the frames', async () => {
  const f = fakeParts({ holdMs: 1000 });
  const overlay = await new DetectOverlay(f.parts, f.options).init();
  const events: string[] = [];
  f.events.on('source-stalled', (e) => events.push(`stalled ${e.sinceMs}`));
  f.events.on('source-resumed', (e) => events.push(`resumed ${e.stalledMs}`));
  await f.tick();
  f.calls[0]!.resolve([person(0.9)]);
  await settle();
  expect(overlay.detections).toHaveLength(1);
  f.stall(true, 2000);
  f.stall(true, 2250); // the loop says it once; a repeat is not a second event
  const calls = f.calls.length;
  f.video.shade = 30; // what the element shows changed (a decoder's last glitch): still nothing is sampled
  for (let i = 0; i < 15; i++) await f.tick(); // 1.5 s of redraws
  expect(f.calls.length).toBe(calls);
  expect(overlay.detections).toHaveLength(0);
  expect(f.painted.at(-1)).toEqual([]);
  f.stall(false, 3500);
  f.video.shade = 200; // a new picture
  await f.tick();
  await f.tick();
  expect(f.calls.length).toBe(calls + 1);
  expect(events).toEqual(['stalled 2000', 'resumed 3500']);
  overlay.destroy();
});
