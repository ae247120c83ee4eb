/**
 * A real media server end to end: ffmpeg publishes the long pedestrians clip over RTMP to nginx,
 * the relay sends it as RTP H.264 to Janus, and /demo/stream.html plays it through Janus's own
 * client and detects on the received track. Then the faults a real server produces: the publisher
 * stops and comes back, Janus restarts, the resolution changes, packets are lost.
 * Needs the Debian packages (.ci/run installs them): these tests fail, never skip, without them.
 */
import { expect, test, type Browser, type Page } from '@playwright/test';
import { expectNoErrors, launch, scaled, watchErrors } from './browser.js';
import { lossyUdp, publish, startMediaServer, type MediaServer, type Publisher } from './media.js';

test.describe.configure({ mode: 'serial' });

interface Box { label: string; score: number; bbox: [number, number, number, number] }

let browser: Browser;
let server: MediaServer;
test.beforeAll(async () => {
  [browser, server] = await Promise.all([launch(), startMediaServer()]);
});
test.afterAll(async () => {
  await Promise.all([browser?.close(), server?.stop()]);
});

/** Opens the stream page on `name`, recording the overlay's DOM events. */
async function openStream(name: string): Promise<{ page: Page; errors: string[] }> {
  const page = await browser.newPage({ viewport: { width: 1280, height: 900 } });
  const errors = watchErrors(page);
  await page.addInitScript(() => {
    const w = window as any;
    w.__events = [];
    for (const type of ['source-stalled', 'source-resumed', 'error', 'detections']) {
      document.addEventListener(`detect-overlay:${type}`, (e) => {
        if (type !== 'detections') w.__events.push({ type, at: performance.now(), detail: (e as CustomEvent).detail });
      });
    }
  });
  await page.goto(`/demo/stream.html?name=${name}`);
  return { page, errors };
}

const events = (page: Page, type: string): Promise<any[]> => page.evaluate((t) => (window as any).__events.filter((e: any) => e.type === t), type);

/** Waits until the overlay shows at least `min` persons at the stream's size; returns them. */
async function waitForPersons(page: Page, min: number, size = [640, 480]): Promise<Box[]> {
  const handle = await page.waitForFunction(([min, w, h]) => {
    const o = (window as any).demo?.overlay;
    const v = document.getElementById('view') as HTMLVideoElement;
    if (!o || v.videoWidth !== w || v.videoHeight !== h) return null;
    const persons = o.detections.filter((d: any) => d.label === 'person');
    return persons.length >= min ? persons : null;
  }, [min, ...size], { timeout: scaled(90_000) });
  return (await handle.jsonValue()) as Box[];
}

/** Walkers in the clip: inside the frame, 15-200 px tall at 640x480 (scaled with the frame), most taller than wide. */
function expectWalkers(persons: Box[], [w, h]: number[]): void {
  const k = h / 480;
  for (const { bbox: [x, y, bw, bh] } of persons) {
    expect(x).toBeGreaterThanOrEqual(-0.01);
    expect(y).toBeGreaterThanOrEqual(-0.01);
    expect(x + bw).toBeLessThanOrEqual(w + 0.01);
    expect(y + bh).toBeLessThanOrEqual(h + 0.01);
    expect(bh).toBeGreaterThan(15 * k);
    expect(bh).toBeLessThan(200 * k);
  }
  expect(persons.filter((p) => p.bbox[3] > p.bbox[2]).length / persons.length).toBeGreaterThanOrEqual(0.6);
}

/** The overlay canvas covers the video element. */
async function expectCanvasOnVideo(page: Page): Promise<void> {
  const rects = await page.evaluate(() => {
    const r = (el: Element) => { const b = el.getBoundingClientRect(); return [b.left, b.top, b.width, b.height].map(Math.round); };
    const canvas = document.querySelector('canvas.detect-overlay');
    return { video: r(document.getElementById('view')!), canvas: canvas ? r(canvas) : null };
  });
  expect(rects.canvas).toEqual(rects.video);
}

test('RTMP → nginx → relay → Janus → the stream page: an H.264 track, read as decoded YUV frames, with person boxes on the walkers', async () => {
  const publisher = publish('cam');
  const { page, errors } = await openStream('cam');
  try {
    const stats = await page.waitForFunction(() => {
      const s = (window as any).demo?.stream?.stats;
      return s?.framesDecoded > 0 ? s : null;
    }, null, { timeout: scaled(60_000) });
    expect(await stats.jsonValue()).toMatchObject({ codec: 'video/H264', width: 640, height: 480 });
    expectWalkers(await waitForPersons(page, 3), [640, 480]);
    // The decoder's frames are YUV (I420 from the software decoder, NV12 from hardware ones) and
    // the gate reads their luma plane; the detector's input is converted from the frame itself.
    const read = await page.evaluate(() => {
      const frame = new VideoFrame(document.getElementById('view') as HTMLVideoElement);
      const format = frame.format;
      frame.close();
      const s = (window as any).demo.overlay.stats;
      return { format, gateReader: s.gateReader, sampleReader: s.sampleReader };
    });
    expect(read.format).toMatch(/^(I420|NV12)/);
    expect(read).toMatchObject({ gateReader: 'luma', sampleReader: 'frame' });
    await expectCanvasOnVideo(page);
    expect(await page.locator('#codec').textContent()).toContain('H264');
    await page.screenshot({ path: 'test/output/media-server-stream.png' });
    expect(await events(page, 'error')).toEqual([]);
    expectNoErrors(errors);
  } finally {
    await Promise.all([page.close(), publisher.stop()]);
  }
});

test('the publisher stops: one source-stalled event, the boxes gone within holdMs; it publishes again on the same name: detection resumes in the same page', async () => {
  let publisher: Publisher = publish('cam');
  const { page, errors } = await openStream('cam');
  try {
    await waitForPersons(page, 2);
    await page.evaluate(() => {
      const w = window as any;
      w.__marker = 'same page';
      const v = document.getElementById('view') as any;
      const each = () => v.requestVideoFrameCallback(() => { w.__lastFrameAt = performance.now(); each(); });
      each();
    });
    await publisher.stop();
    // The boxes go once `holdMs` (3 s by default) has passed since the last frame's result.
    const gone = await page.waitForFunction(() => {
      const w = window as any;
      return w.demo.overlay.detections.length === 0 && w.__events.some((e: any) => e.type === 'source-stalled')
        ? { emptyAt: performance.now(), lastFrameAt: w.__lastFrameAt } : null;
    }, null, { timeout: scaled(30_000), polling: 100 });
    const { emptyAt, lastFrameAt } = (await gone.jsonValue()) as { emptyAt: number; lastFrameAt: number };
    expect(emptyAt - lastFrameAt).toBeLessThan(3000 + 1000); // holdMs, plus the 250-ms redraw step and polling on a busy machine
    await page.waitForTimeout(3000); // a quiet stream goes on being quiet: still one event
    expect(await events(page, 'source-stalled')).toHaveLength(1);

    publisher = publish('cam');
    await page.waitForFunction(() => (window as any).__events.some((e: any) => e.type === 'source-resumed'), null, { timeout: scaled(60_000) });
    const before = await page.evaluate(() => (window as any).demo.overlay.stats.inferences);
    await waitForPersons(page, 2);
    await page.waitForFunction((n) => (window as any).demo.overlay.stats.inferences > n + 2, before, { timeout: scaled(60_000) });
    expect(await page.evaluate(() => (window as any).__marker)).toBe('same page');
    expect(await events(page, 'source-stalled')).toHaveLength(1);
    expect(await events(page, 'error')).toEqual([]);
    expectNoErrors(errors);
  } finally {
    await Promise.all([page.close(), publisher.stop()]);
  }
});
