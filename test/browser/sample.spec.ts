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
        const o = await DO.attach(video, { detector: 'centernet', modelUrl: '/models/centernet/centernet.json', backend: 'wasm', overlay: false, ...options });
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
