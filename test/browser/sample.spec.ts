/**
 * The detector's input: on WASM the pixels come from the decoded frame (WebCodecs RGBA) when no
 * scaling is needed, else from a canvas. Both must give the model the same picture: the real
 * CenterNet finds the same objects in the same places either way.
 */
import { expect, test } from '@playwright/test';
import { pagePerTest } from './browser.js';

const t = pagePerTest();

test('detections from the decoded frame match those from the canvas; scaling takes the canvas', async () => {
  const runs = await t.page.evaluate(async () => {
    const { clipVideo } = await import('/test/pages/fixtures.js' as string);
    const DO = (window as any).DetectOverlay;
    // A still photo as video (dog, bicycle, truck): every frame is the same picture.
    const video = await clipVideo('static_dog_bicycle_640x480_15fps');
    const run = async (label: string, options: Record<string, unknown>, withVideoFrame: boolean) => {
      const saved = (window as any).VideoFrame;
      if (!withVideoFrame) delete (window as any).VideoFrame;
      try {
        const o = await DO.attach(video, { detector: 'centernet', modelUrl: '/models/centernet/centernet.json', backend: 'wasm', overlay: false, tracking: false, ...options });
        const first: any = await new Promise((resolve) => o.on('detections', resolve));
        const reader = o.stats.sampleReader;
        o.destroy();
        return { label, reader, detections: first.detections.map((d: any) => ({ label: d.label, score: d.score, bbox: d.bbox })) };
      } finally {
        (window as any).VideoFrame = saved;
      }
    };
    const out = [await run('frame', {}, true), await run('canvas', {}, false), await run('scaled', { sampleWidth: 320 }, true)];
    video.remove();
    return out;
  });
  console.log(JSON.stringify(runs));
  const [frame, canvas, scaled] = runs;
  expect(frame!.reader).toBe('frame');
  expect(canvas!.reader).toBe('canvas');
  expect(scaled!.reader).toBe('canvas'); // 640 px wide video, 320 px sample: the canvas scales it
  const labels = (r: typeof frame) => r!.detections.map((d: any) => d.label).sort();
  expect(labels(frame)).toEqual(expect.arrayContaining(['bicycle', 'dog']));
  // Same objects, same boxes (within 2 px of 640), same scores (within 0.03): the same picture.
  expect(labels(frame)).toEqual(labels(canvas));
  for (const d of frame!.detections) {
    const twin = canvas!.detections.find((c: any) => c.label === d.label && c.bbox.every((v: number, i: number) => Math.abs(v - d.bbox[i]) <= 2));
    expect(twin, `${d.label} at ${d.bbox}`).toBeTruthy();
    expect(Math.abs(twin.score - d.score)).toBeLessThan(0.03);
  }
  expect(labels(scaled)).toEqual(expect.arrayContaining(['bicycle', 'dog']));
});

test('a remote sender changing resolution (same picture): boxes rescale at once, and the new size is detected on without waiting for motion', async () => {
  const r = await t.page.evaluate(async () => {
    const DO = (window as any).DetectOverlay;
    // A still picture from a canvas stream whose size changes, as a WebRTC sender switching layers does.
    const source = document.createElement('canvas');
    const paint = () => {
      const g = source.getContext('2d')!;
      g.fillStyle = '#246'; g.fillRect(0, 0, source.width, source.height);
      g.fillStyle = '#fc3'; g.fillRect(source.width / 4, source.height / 4, source.width / 2, source.height / 2);
    };
    source.width = 640; source.height = 480; paint();
    const timer = setInterval(paint, 33);
    const stream = source.captureStream(30);
    // Reports the centre quarter of whatever it is given: a box at the same place in the picture.
    const detector = { name: 'centre', calls: 0, async load() {}, dispose() {},
      async detect(input: { width: number; height: number }) { this.calls++; return [{ label: 'person', score: 0.9, bbox: [input.width / 2, input.height / 2, input.width / 4, input.height / 4] }]; } };
    // No heartbeat and no expiry within the test: only the size change can cause a second inference.
    const o = await DO.attach(stream, { detector, backend: 'cpu', maxSkipMs: 600_000, holdMs: 600_000, tracking: false });
    const reasons: string[] = [];
    o.on('motion', (m: any) => reasons.push(m.reason));
    await new Promise((res) => o.on('detections', res));
    await new Promise((res) => setTimeout(res, 500));
    const before = { calls: detector.calls, boxes: o.detections.map((d: any) => d.bbox) };
    const video = o.video as HTMLVideoElement;
    const nextResult = new Promise((res) => { const off = o.on('detections', (e: any) => { if (e.frame.width === 320) { off(); res(e); } }); });
    source.width = 320; source.height = 240; paint();
    // Every video frame from the first at the new size: what is on screen.
    const seen: number[][][] = [];
    await new Promise<void>((res) => {
      const tick = () => {
        if (video.videoWidth === 320) seen.push(o.detections.map((d: any) => d.bbox));
        if (seen.length >= 10) res(); else video.requestVideoFrameCallback(tick);
      };
      video.requestVideoFrameCallback(tick);
    });
    const next: any = await nextResult;
    const after = { calls: detector.calls, frame: next.frame, boxes: next.detections.map((d: any) => d.bbox) };
    clearInterval(timer);
    o.destroy();
    stream.getTracks().forEach((tr) => tr.stop());
    return { before, seen, after, reasons };
  });
  expect(r.before.boxes).toEqual([[320, 240, 160, 120]]);
  // Still before the change: the gate skipped, one inference only.
  expect(r.before.calls).toBe(1);
  expect(r.reasons.filter((x) => x === 'first')).toHaveLength(2); // attach, and the new size
  // At the new size the held boxes are shown rescaled, on every frame, until the new result.
  for (const boxes of r.seen) expect(boxes).toEqual([[160, 120, 80, 60]]);
  expect(r.after.frame).toEqual({ width: 320, height: 240 });
  expect(r.after.boxes).toEqual([[160, 120, 80, 60]]);
  expect(r.after.calls).toBe(2);
});
