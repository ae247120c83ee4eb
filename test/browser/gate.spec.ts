/**
 * The motion gate on real clips with the real CenterNet model on WASM: inference is skipped on
 * the static clip (but for the heartbeat) and runs on the moving ones.
 */
import { expect, test } from '@playwright/test';
import { pagePerTest } from './browser.js';

/**
 * Clip → what it runs until: this many frames sampled (at maxFps 10: 6 s, 5 s, 4 s, 4 s of
 * video) and this many inferences done. A busy machine takes longer to get there; what the gate
 * decided on those frames does not depend on how long that took. One at a time: WASM inference
 * runs on the page's main thread.
 */
const CLIPS: Array<[string, { sampled: number; inferences: number }]> = [
  ['static_dog_bicycle_640x480_15fps', { sampled: 60, inferences: 3 }], ['dog_nearstatic_640x360_15fps', { sampled: 50, inferences: 1 }],
  ['pedestrians_640x480_10fps', { sampled: 40, inferences: 2 }], ['cockatoo_handheld_640x360_15fps', { sampled: 40, inferences: 2 }],
];

const t = pagePerTest();

test('the gate skips inference on the static clip and not on moving ones; heartbeat keeps boxes alive', async () => {
  const results = await t.page.evaluate(async (clips) => {
    const { clipVideo, until } = await import('/test/pages/fixtures.js' as string);
    const DO = (window as any).DetectOverlay;
    const out = [];
    for (const [clip, want] of clips) {
      const video = await clipVideo(clip, document.body, 'width:320px; height:240px; object-fit:contain');
      const overlay = await DO.attach(video, { detector: 'centernet', modelUrl: '/models/centernet/centernet.json', backend: 'wasm', maxFps: 10 });
      const reasons: Record<string, number> = {};
      overlay.on('motion', (m: any) => { reasons[m.reason] = (reasons[m.reason] ?? 0) + 1; });
      const t0 = performance.now();
      await until(() => overlay.stats.framesSampled >= want.sampled && overlay.stats.inferences >= want.inferences, `${clip}: ${JSON.stringify(want)}`, 120_000);
      const runMs = performance.now() - t0;
      const s = overlay.stats;
      out.push({ clip, runMs, sampled: s.framesSampled, gated: s.framesGated, inferences: s.inferences, reasons,
        skipFraction: s.framesGated / Math.max(1, s.framesSampled), boxesShown: overlay.detections.length, backend: s.backend, gateReader: s.gateReader });
      overlay.destroy();
      video.remove();
    }
    return out;
  }, CLIPS);
  const by = Object.fromEntries(results.map((r) => [r.clip.split('_')[0] + (r.clip.includes('nearstatic') ? '-near' : ''), r]));
  test.info().annotations.push({ type: 'gate', description: JSON.stringify(results.map(({ clip, sampled, gated, inferences, skipFraction }) => ({ clip, sampled, gated, inferences, skipFraction: +skipFraction.toFixed(2) }))) });
  console.log(JSON.stringify(results));

  const still = by['static']!;
  expect(still.backend).toBe('wasm');
  // Chromium decodes these clips to I420: the gate reads the luma plane (in the gate worker), not a canvas.
  expect(results.map((r) => r.gateReader)).toEqual(['worker', 'worker', 'worker', 'worker']);
  // First frame + one heartbeat per 2 s (it did fire: the run waited for 3 inferences), nothing
  // else: no 'motion' on a still picture, however long the 60 frames took to come.
  expect(still.reasons.motion ?? 0).toBe(0);
  expect(still.inferences).toBeLessThanOrEqual(1 + Math.ceil(still.runMs / 2000));
  // Every sampled frame got a verdict but the last (its read may still be in flight in the gate
  // worker when the run stops: a frame is counted as sampled before its grey frame comes back)...
  const verdicts = Object.values(still.reasons as Record<string, number>).reduce((a, b) => a + b, 0);
  expect(verdicts).toBeGreaterThanOrEqual(still.sampled - 1);
  // ...and every verdict but the first frame and the heartbeats (one may still be in flight) skipped inference.
  expect(still.gated).toBeGreaterThanOrEqual(verdicts - still.inferences - 1);
  expect(still.skipFraction).toBeGreaterThan(0.6);
  // Held results: the dog and bicycle stay boxed between inferences.
  expect(still.boxesShown).toBeGreaterThan(0);

  // Moving clips: the gate passes (nearly) every frame as motion, and detection runs on it beyond
  // the first frame (the run waited for a second inference).
  for (const moving of [by['pedestrians']!, by['cockatoo']!]) {
    expect(moving.skipFraction).toBeLessThan(0.2);
    expect(moving.reasons.motion ?? 0).toBeGreaterThan(0.8 * moving.sampled);
  }
  // The near-static dog (small head moves, sensor noise) sits in between: reported above,
  // bounded here only so that a gate that never skips it fails.
  expect(by['dog-near']!.skipFraction).toBeGreaterThan(0.1);
});

test('without WebCodecs the gate reads a canvas instead and decides the same way on each clip', async () => {
  const results = await t.page.evaluate(async () => {
    const { clipVideo, fixedDetector } = await import('/test/pages/fixtures.js' as string);
    const DO = (window as any).DetectOverlay;
    /** Both readers on the same video at once, one overlay each, no model: their gate verdicts per clip. */
    const run = async (clip: string, frames: number) => {
      const video = await clipVideo(clip);
      const verdicts: Record<string, string[]> = { luma: [], canvas: [] };
      const readers: Record<string, string> = {};
      const overlays = [];
      for (const kind of ['luma', 'canvas']) {
        const saved = (window as any).VideoFrame;
        if (kind === 'canvas') delete (window as any).VideoFrame;
        const o = await DO.attach(video, { detector: fixedDetector([]), backend: 'cpu', overlay: false, maxFps: 0 });
        (window as any).VideoFrame = saved;
        o.on('motion', (m: any) => verdicts[kind]!.push(m.reason));
        overlays.push([kind, o]);
      }
      await new Promise<void>((resolve) => {
        const t = setInterval(() => { if (verdicts.luma!.length >= frames && verdicts.canvas!.length >= frames) { clearInterval(t); resolve(); } }, 50);
      });
      for (const [kind, o] of overlays) { readers[kind] = o.stats.gateReader; o.destroy(); }
      video.remove();
      const motion = (k: string) => verdicts[k]!.slice(1, frames).filter((r) => r === 'motion').length / (frames - 1);
      return { clip, readers, lumaMotion: motion('luma'), canvasMotion: motion('canvas') };
    };
    return [await run('static_dog_bicycle_640x480_15fps', 30), await run('pedestrians_640x480_10fps', 30)];
  });
  console.log(JSON.stringify(results));
  for (const r of results) expect(r.readers).toEqual({ luma: 'worker', canvas: 'canvas' }); // the luma plane, read in the gate worker
  const [still, walking] = results;
  expect(still!.lumaMotion).toBe(0);
  expect(still!.canvasMotion).toBe(0);
  expect(walking!.lumaMotion).toBeGreaterThan(0.9);
  expect(walking!.canvasMotion).toBeGreaterThan(0.9);
});

test('the fps cap holds on average: a 15 fps clip under maxFps 15 is sampled every frame, under 5 five times a second', async () => {
  const results = await t.page.evaluate(async () => {
    const { clipVideo, fixedDetector, until } = await import('/test/pages/fixtures.js' as string);
    const DO = (window as any).DetectOverlay;
    const video: HTMLVideoElement & { requestVideoFrameCallback(cb: () => void): number } = await clipVideo('static_dog_bicycle_640x480_15fps');
    const out: Record<number, { sampled: number; presented: number; seconds: number }> = {};
    for (const maxFps of [15, 5]) {
      const o = await DO.attach(video, { detector: fixedDetector([]), backend: 'cpu', overlay: false, maxFps });
      // Frame callbacks land on display refreshes: this clip's frames come 83 and 50 ms apart.
      // A busy machine presents fewer of them; the cap is per second, whatever comes.
      let presented = 0;
      let counting = true;
      const count = () => { presented++; if (counting) video.requestVideoFrameCallback(count); };
      const s0 = o.stats.framesSampled;
      const t0 = performance.now();
      video.requestVideoFrameCallback(count);
      await until(() => presented >= 45, '45 presented frames'); // 3 s of the clip on a quiet machine
      counting = false;
      out[maxFps] = { sampled: o.stats.framesSampled - s0, presented, seconds: (performance.now() - t0) / 1000 };
      o.destroy();
    }
    video.remove();
    return out;
  });
  console.log(JSON.stringify(results));
  // At the clip's own rate: every presented frame but the few that land while the gate still reads
  // the one before (40 to 45 of 45 seen, the fewer on a busy machine). A cap held between each pair
  // of frames instead of on average would sample one in two.
  expect(results[15]!.sampled / results[15]!.presented).toBeGreaterThan(0.8);
  // Under 5: at most 5 a second (one more for where the window starts), and no fewer than 3 in 4
  // of what the cap allows of the frames presented.
  const five = results[5]!;
  expect(five.sampled).toBeLessThanOrEqual(5 * five.seconds + 1);
  expect(five.sampled).toBeGreaterThanOrEqual(0.75 * Math.min(five.presented, 5 * five.seconds));
});

test('RGB frames (a canvas stream) are gated through a canvas, without a VideoFrame built for every frame', async () => {
  const r = await t.page.evaluate(async () => {
    const { fixedDetector } = await import('/test/pages/fixtures.js' as string);
    const DO = (window as any).DetectOverlay;
    const canvas = Object.assign(document.createElement('canvas'), { width: 320, height: 240 });
    const ctx = canvas.getContext('2d')!;
    let x = 0;
    const paint = setInterval(() => {
      ctx.fillStyle = '#333';
      ctx.fillRect(0, 0, 320, 240);
      ctx.fillStyle = '#fff';
      ctx.fillRect((x += 4) % 300, 100, 20, 20);
    }, 30);
    const video = Object.assign(document.createElement('video'), { muted: true, srcObject: canvas.captureStream(30) });
    document.body.append(video);
    await video.play();
    // Count the VideoFrames the gate builds.
    const Real = (window as any).VideoFrame;
    let built = 0;
    (window as any).VideoFrame = class extends Real { constructor(...args: any[]) { super(...args); built++; } };
    // A detector that takes the canvas, so that the VideoFrames counted are the gate's alone.
    const o = await DO.attach(video, { detector: Object.assign(fixedDetector([]), { input: 'canvas' }), backend: 'cpu', overlay: false, maxFps: 0 });
    const reasons: string[] = [];
    let format = '';
    await new Promise<void>((resolve) => o.on('motion', (m: any) => { reasons.push(m.reason); if (reasons.length >= 90) resolve(); }));
    const reader = o.stats.gateReader;
    o.destroy();
    const probe = new Real(video);
    format = probe.format;
    probe.close();
    (window as any).VideoFrame = Real;
    clearInterval(paint);
    video.remove();
    return { reader, format, built, checks: reasons.length, motion: reasons.filter((m) => m === 'motion').length };
  });
  console.log(JSON.stringify(r));
  expect(r.format).not.toMatch(/^(I4|NV12)/); // RGB indeed
  expect(r.reader).toBe('canvas');
  // The moving square is seen through the canvas path.
  expect(r.motion).toBeGreaterThan(r.checks / 2);
  // The luma path is retried once per 30 reads, not on every frame.
  expect(r.built).toBeLessThanOrEqual(Math.ceil(r.checks / 30) + 1);
});
