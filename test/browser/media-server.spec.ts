/**
 * A real media server end to end: ffmpeg publishes the long pedestrians clip over RTMP to nginx,
 * the relay sends it as RTP H.264 to Janus, and /demo/stream.html plays it through Janus's own
 * client and detects on the received track. Then the faults a real server produces: the publisher
 * stops and comes back, Janus restarts, the resolution changes, packets are lost.
 * Needs the Debian packages (.ci/run installs them): these tests fail, never skip, without them.
 * The tests share one media server (started again if a failed test restarts the worker).
 */
import { expect, test, type Browser, type Page } from '@playwright/test';
import { expectNoErrors, launch, scaled, watchErrors } from './browser.js';
import { lossyUdp, publish, startMediaServer, type MediaServer, type Publisher } from './media.js';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { JANUS_TEST_PORT } from '../ports.js';
import { startHttpsServe } from '../serve-https.js';
// @ts-expect-error: a plain .mjs script without types
import { spkiHash } from '../../scripts/https-cert.mjs';

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
async function waitForPersons(page: Page, min: number, size: [number, number] = [640, 480]): Promise<Box[]> {
  const handle = await page.waitForFunction(([min, w, h]: [number, number, number]) => {
    const o = (window as any).demo?.overlay;
    const v = document.getElementById('view') as HTMLVideoElement;
    if (!o || v.videoWidth !== w || v.videoHeight !== h) return null;
    const persons = o.detections.filter((d: any) => d.label === 'person');
    return persons.length >= min ? persons : null;
  }, [min, ...size] as [number, number, number], { timeout: scaled(90_000) });
  return (await handle.jsonValue()) as Box[];
}

/**
 * Walkers in the clip (MEDIA.md: small persons on the road, entering and leaving at the edges): every box inside the
 * frame and under 200 px tall at 640x480 (scaled with the frame); most of them whole walkers, 15 px tall or more and
 * taller than wide (one at an edge, or far off, is smaller).
 */
function expectWalkers(persons: Box[], [w, h]: [number, number]): void {
  const k = h / 480;
  for (const { bbox: [x, y, bw, bh] } of persons) {
    expect(x).toBeGreaterThanOrEqual(-0.01);
    expect(y).toBeGreaterThanOrEqual(-0.01);
    expect(x + bw).toBeLessThanOrEqual(w + 0.01);
    expect(y + bh).toBeLessThanOrEqual(h + 0.01);
    expect(bh).toBeGreaterThan(3 * k);
    expect(bh).toBeLessThan(200 * k);
  }
  const whole = persons.filter((p) => p.bbox[3] >= 15 * k && p.bbox[3] > p.bbox[2]);
  expect(whole.length / persons.length).toBeGreaterThanOrEqual(0.6);
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
    // the gate reads their luma plane in the gate worker, straight from the received track (a feed:
    // no frame wrapped on the page); the detector's input is converted from the frame itself.
    // The gate worker starts after the overlay's first result, and on a busy machine may still be
    // starting when the persons show (the gate reads on the main thread until then): wait for it.
    await page.waitForFunction(() => (window as any).demo.overlay.stats.gateReader === 'stream', null, { timeout: scaled(30_000) });
    const read = await page.evaluate(() => {
      const frame = new VideoFrame(document.getElementById('view') as HTMLVideoElement);
      const format = frame.format;
      frame.close();
      const s = (window as any).demo.overlay.stats;
      return { format, gateReader: s.gateReader, sampleReader: s.sampleReader };
    });
    expect(read.format).toMatch(/^(I420|NV12)/);
    expect(read).toMatchObject({ gateReader: 'stream', sampleReader: 'frame' });
    await expectCanvasOnVideo(page);
    expect(await page.locator('#codec').textContent()).toContain('H264');
    expect(server.output()).toMatch(/relay cam: H.264 without B-frames, copied/);
    await page.screenshot({ path: 'test/output/media-server-stream.png' });
    expect(await events(page, 'error')).toEqual([]);
    expectNoErrors(errors);
  } finally {
    await Promise.all([page.close(), publisher.stop()]);
  }
});

test('over HTTPS (as from a phone on the LAN): the page calls only its own origin, Janus\'s API through the proxy, and the stream plays with boxes', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'detect-overlay-certs-'));
  const { server: https, port } = await startHttpsServe(dir, { JANUS_API: `http://127.0.0.1:${JANUS_TEST_PORT}/janus` });
  const publisher = publish('cam');
  const secure = await launch(undefined, { args: [`--ignore-certificate-errors-spki-list=${spkiHash(readFileSync(join(dir, 'cert.pem'), 'utf8'))}`] });
  try {
    const page = await secure.newPage();
    const errors = watchErrors(page);
    const origins = new Set<string>();
    page.on('request', (r) => origins.add(new URL(r.url()).origin));
    await page.goto(`https://127.0.0.1:${port}/demo/stream.html?name=cam`);
    expect(await page.evaluate(() => isSecureContext)).toBe(true);
    await waitForPersons(page, 2);
    expect([...origins]).toEqual([`https://127.0.0.1:${port}`]);
    expectNoErrors(errors);
  } finally {
    await Promise.all([secure.close(), publisher.stop()]);
    https.kill();
    rmSync(dir, { recursive: true, force: true });
  }
});

test('the publisher stops: one source-stalled event, the boxes gone within holdMs; it publishes again on the same name: detection resumes in the same page', async () => {
  let publisher: Publisher = publish('cam');
  const { page, errors } = await openStream('cam');
  try {
    await waitForPersons(page, 2);
    await page.evaluate(() => { (window as any).__marker = 'same page'; });
    // A stream's start may freeze a moment (the decoder waits for a keyframe): count from here.
    const stalledBefore = (await events(page, 'source-stalled')).length;
    await publisher.stop();
    // Until the stall is reported and `holdMs` (3 s) has passed since the last result: every 50 ms,
    // no box may be shown once its result is older than holdMs (no new frame refreshes it).
    const verdict = await page.evaluate(async ({ before, holdMs }) => {
      const w = window as any;
      let lastResultAt = performance.now();
      const onResult = () => { lastResultAt = performance.now(); };
      document.addEventListener('detect-overlay:detections', onResult);
      const late: number[] = [];
      let stalled = false;
      for (const deadline = performance.now() + 60_000; performance.now() < deadline;) {
        await new Promise((r) => setTimeout(r, 50));
        const age = performance.now() - lastResultAt;
        if (age > holdMs + 50 && w.demo.overlay.detections.length > 0) late.push(Math.round(age));
        stalled = w.__events.filter((e: any) => e.type === 'source-stalled').length > before;
        if (stalled && age > holdMs + 1000) break;
      }
      document.removeEventListener('detect-overlay:detections', onResult);
      return { stalled, late, shownAtEnd: w.demo.overlay.detections.length };
    }, { before: stalledBefore, holdMs: 3000 });
    expect(verdict).toEqual({ stalled: true, late: [], shownAtEnd: 0 });
    await page.waitForTimeout(3000); // a quiet stream goes on being quiet: still one event
    expect(await events(page, 'source-stalled')).toHaveLength(stalledBefore + 1);

    publisher = publish('cam');
    await page.waitForFunction(() => (window as any).__events.some((e: any) => e.type === 'source-resumed'), null, { timeout: scaled(60_000) });
    const before = await page.evaluate(() => (window as any).demo.overlay.stats.inferences);
    await waitForPersons(page, 2);
    await page.waitForFunction((n) => (window as any).demo.overlay.stats.inferences > n + 2, before, { timeout: scaled(60_000) });
    expect(await page.evaluate(() => (window as any).__marker)).toBe('same page');
    expect(await events(page, 'source-stalled')).toHaveLength(stalledBefore + 1);
    expect(await events(page, 'error')).toEqual([]);
    expectNoErrors(errors);
  } finally {
    await Promise.all([page.close(), publisher.stop()]);
  }
});

/** What the page holds: TF.js tensors (in the worker), canvases and videos in the document, overlays. */
async function holdings(page: Page): Promise<{ tensors: number; canvases: number; videos: number; overlays: number }> {
  return page.evaluate(async () => {
    const w = window as any;
    const memory = await w.demo.overlay.memory();
    return { tensors: memory.numTensors, canvases: document.querySelectorAll('canvas').length, videos: document.querySelectorAll('video').length, overlays: w.demo.overlays.length };
  });
}

test('Janus restarts under a playing stream: the page reconnects by itself, the same overlay follows the new track, nothing leaks', async () => {
  const publisher = publish('cam');
  const { page, errors } = await openStream('cam');
  try {
    await waitForPersons(page, 2);
    const before = await holdings(page);
    const oldJanus = server.state.janus;
    process.kill(oldJanus, 'SIGKILL'); // a crash; the media server's supervisor starts Janus again
    await page.waitForFunction(() => (window as any).demo.stream.server === 'unreachable', null, { timeout: scaled(60_000) });
    await page.waitForFunction(() => (window as any).demo.stream.tracks >= 2, null, { timeout: scaled(90_000) });
    expect(server.output()).toContain('Janus exited');
    const inferences = await page.evaluate(() => (window as any).demo.overlay.stats.inferences);
    await page.waitForFunction((n) => (window as any).demo.overlay.stats.inferences > n + 2, inferences, { timeout: scaled(60_000) });
    expectWalkers(await waitForPersons(page, 2), [640, 480]);
    expect(await page.evaluate(() => (window as any).demo.stream.server)).toBe('connected');
    expect(await holdings(page)).toEqual(before);
    expect(await events(page, 'error')).toEqual([]);
    // janus.js reports the lost server on the console; anything else is a failure.
    expectNoErrors(errors.filter((e) => !/Lost connection to the server|Janus|Failed to load resource|502|504/i.test(e)));
  } finally {
    await Promise.all([page.close(), publisher.stop()]);
  }
});

test('the publisher restarts at 1280x720 with B-frames: the relay transcodes, the boxes rescale to the new frame and the canvas stays on the video', async () => {
  let publisher = publish('cam');
  const { page, errors } = await openStream('cam');
  try {
    await waitForPersons(page, 2);
    await publisher.stop();
    publisher = publish('cam', 'pedestrians_long_640x480_10fps', { size: '1280x720', bframes: 2 });
    // 640x480 stretched to 1280x720: walkers 1.5x taller, 2x wider than before.
    const persons = await waitForPersons(page, 2, [1280, 720]);
    expectWalkers(persons.map((p) => ({ ...p, bbox: [p.bbox[0], p.bbox[1], p.bbox[2] * 0.75, p.bbox[3]] as Box['bbox'] })), [1280, 720]);
    const frame = await page.evaluate(() => new Promise((resolve) => document.addEventListener('detect-overlay:detections', (e) => resolve((e as CustomEvent).detail.frame), { once: true })));
    expect(frame).toEqual({ width: 1280, height: 720 });
    expect(server.output()).toMatch(/relay cam: transcoding to H.264 baseline/);
    await expectCanvasOnVideo(page);
    expect(await events(page, 'error')).toEqual([]);
    expectNoErrors(errors);
  } finally {
    await Promise.all([page.close(), publisher.stop()]);
  }
});

test('2% of the RTP packets lost between the relay and Janus: no error, no event storm, persons still found', async () => {
  // A second media server whose relay sends through a lossy UDP hop to its Janus.
  await server.stop();
  const lossy = await lossyUdp(15304, 15104, 0.02);
  server = await startMediaServer(['--relay-rtp-base', '15304']);
  const publisher = publish('cam');
  const { page, errors } = await openStream('cam');
  try {
    expectWalkers(await waitForPersons(page, 2), [640, 480]);
    await page.waitForTimeout(15_000); // glitches come and go meanwhile
    await waitForPersons(page, 2);
    expect(lossy.counts.dropped).toBeGreaterThan(0);
    const stalls = await events(page, 'source-stalled');
    const resumes = await events(page, 'source-resumed');
    // A frozen picture (the decoder waits for a keyframe) may stall; each stall is one event and ends in one resume.
    expect(stalls.length - resumes.length).toBeLessThanOrEqual(1);
    expect(stalls.length).toBeLessThanOrEqual(8);
    expect(await events(page, 'error')).toEqual([]);
    expectNoErrors(errors);
    console.log(JSON.stringify({ lossy: lossy.counts, stalls: stalls.length }));
  } finally {
    await Promise.all([page.close(), publisher.stop()]);
    lossy.close();
    // The tests after this one get a media server without the lossy hop.
    await server.stop();
    server = await startMediaServer();
  }
});

test('the page says what is wrong: a stream name the server does not have, and a stream nobody publishes', async () => {
  const missing = await openStream('nosuch');
  try {
    await expect(missing.page.locator('#streamMessage')).toContainText('This server has no stream named "nosuch" (it has: cam)', { timeout: scaled(30_000) });
    expectNoErrors(missing.errors);
  } finally {
    await missing.page.close();
  }
  const quiet = await openStream('cam'); // nothing publishes now
  try {
    await expect(quiet.page.locator('#streamMessage')).toContainText('Nothing is published on "cam" yet', { timeout: scaled(30_000) });
    expectNoErrors(quiet.errors);
  } finally {
    await quiet.page.close();
  }
});

test('the grid page on media-server streams (?streams=cam): four tiles, each its own Janus connection, each with boxes', async () => {
  const publisher = publish('cam');
  const page = await browser.newPage({ viewport: { width: 1280, height: 900 } });
  const errors = watchErrors(page);
  try {
    await page.goto('/demo/grid.html?tiles=4&streams=cam');
    await page.waitForFunction(() => {
      const overlays = (window as any).demo?.overlays ?? [];
      return overlays.length === 4 && overlays.every((o: any) => o?.detections.some((d: any) => d.label === 'person'));
    }, null, { timeout: scaled(120_000) });
    // Four connections, not one track shown four times (Janus gives every viewer the same track id: compare the objects).
    expect(await page.evaluate(() => new Set([...document.querySelectorAll('#grid video')].map((v) => ((v as HTMLVideoElement).srcObject as MediaStream).getVideoTracks()[0])).size)).toBe(4);
    expectNoErrors(errors);
  } finally {
    await Promise.all([page.close(), publisher.stop()]);
  }
});
