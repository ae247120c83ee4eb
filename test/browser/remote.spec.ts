/**
 * The remote detector (the ancestor's server mode) against a small local HTTP detection server
 * started here: canned replies in both formats, an HTTP 500, a timeout; one request in flight;
 * the motion gate still saves requests; no TF.js backend is started.
 */
import { createServer, type IncomingMessage, type Server } from 'node:http';
import { expect, test } from '@playwright/test';
import { pagePerTest, scaled } from './browser.js';

const PORT = 4393;
const API = `http://127.0.0.1:${PORT}`;
let server: Server;
const seen = { requests: 0, inFlight: 0, maxInFlight: 0, jpeg: false, threshold: '', contentType: '' };

function body(req: IncomingMessage): Promise<Buffer> {
  return new Promise((resolve) => {
    const chunks: Buffer[] = [];
    req.on('data', (c) => chunks.push(c));
    req.on('end', () => resolve(Buffer.concat(chunks)));
  });
}

test.beforeAll(async () => {
  server = createServer(async (req, res) => {
    const cors = { 'Access-Control-Allow-Origin': '*', 'Content-Type': 'application/json' };
    if (req.method !== 'POST') return void res.writeHead(405, cors).end();
    seen.requests++;
    seen.inFlight++;
    seen.maxInFlight = Math.max(seen.maxInFlight, seen.inFlight);
    const raw = await body(req);
    seen.contentType = req.headers['content-type'] ?? '';
    // multipart: an "image" part holding a JPEG (starts FF D8 FF) and a "threshold" field.
    const text = raw.toString('latin1');
    const imageAt = text.indexOf('name="image"');
    seen.jpeg = imageAt >= 0 && text.slice(imageAt).includes('\r\n\r\n\xff\xd8\xff');
    seen.threshold = /name="threshold"\r\n\r\n([^\r]*)/.exec(text)?.[1] ?? '';
    const done = (status: number, payload: unknown) => {
      seen.inFlight--;
      res.writeHead(status, cors).end(JSON.stringify(payload));
    };
    switch (req.url) {
      case '/ancestor': return done(200, [{ class_name: 'person', score: 0.9, x: 0.25, y: 0.25, width: 0.5, height: 0.75 }]);
      case '/ours': return done(200, [{ label: 'dog', score: 0.8, bbox: [64, 48, 128, 96] }, { label: 'cat', score: 0.2, bbox: [0, 0, 10, 10] }]);
      case '/fail': return done(500, { error: 'model crashed' });
      case '/slow': return void setTimeout(() => done(200, []), 1500);
      default: return done(404, {});
    }
  });
  await new Promise<void>((r) => server.listen(PORT, '127.0.0.1', r));
});
test.afterAll(async () => {
  await new Promise((r) => server.close(r));
});
test.beforeEach(async () => {
  // Requests a previous test abandoned (timeouts) may still be held by the server: let them end.
  await expect.poll(() => seen.inFlight, { timeout: scaled(10_000) }).toBe(0);
  Object.assign(seen, { requests: 0, maxInFlight: 0, jpeg: false, threshold: '', contentType: '' });
});

const t = pagePerTest();

/** What a run waits for: this many results, errors and sampled frames (a busy machine takes longer, nothing else). */
interface Enough { detections?: number; errors?: number; sampled?: number }

/** Attaches to a clip and records events until `enough` of them came; `ms` is how long that took. */
async function run(options: Record<string, unknown>, enough: Enough, clip = 'pedestrians_640x480_10fps') {
  return t.page.evaluate(async ({ options, enough, clip }) => {
    const { clipVideo, until } = await import('/test/pages/fixtures.js' as string);
    const DO = (window as any).DetectOverlay;
    const video = await clipVideo(clip, document.body, 'width:320px;height:240px');
    const t0 = performance.now();
    // Tracking off: the first reply is drawn and emitted as the server sent it (what these tests judge).
    const overlay = await DO.attach(video, { tracking: false, ...options });
    const events: any[] = [];
    overlay.on('detections', (e: any) => events.push({ name: 'detections', at: performance.now(), detections: e.detections }));
    overlay.on('error', (e: any) => events.push({ name: 'error', at: performance.now(), code: e.code, message: e.message }));
    const count = (name: string) => events.filter((e) => e.name === name).length;
    await until(() => count('detections') >= (enough.detections ?? 0) && count('error') >= (enough.errors ?? 0)
      && overlay.stats.framesSampled >= (enough.sampled ?? 0), JSON.stringify(enough));
    const out = { events, ms: performance.now() - t0, stats: overlay.stats, backend: overlay.backend, tensors: DO.tf.memory().numTensors, playing: !video.paused };
    overlay.destroy();
    return out;
  }, { options, enough, clip });
}

test('the ancestor reply format: boxes in video pixels from a JPEG multipart post', async () => {
  const r = await run({ apiServer: `${API}/ancestor`, scoreThreshold: 0.6 }, { detections: 1 });
  const first = r.events.find((e) => e.name === 'detections');
  expect(first.detections).toEqual([{ label: 'person', score: 0.9, bbox: [160, 120, 160, 240] }]);
  expect(seen.jpeg).toBe(true);
  expect(seen.contentType).toMatch(/^multipart\/form-data; boundary=/);
  expect(seen.threshold).toBe('0.6');
  expect(r.backend).toBe('none'); // no TF.js backend started for a server
  expect(r.tensors).toBe(0);
});

test('our own Detection[] format, filtered by the score threshold; one request in flight', async () => {
  const r = await run({ detector: 'remote', apiServer: `${API}/ours` }, { detections: 3 });
  const first = r.events.find((e) => e.name === 'detections');
  expect(first.detections).toEqual([{ label: 'dog', score: 0.8, bbox: [64, 48, 128, 96] }]);
  expect(seen.maxInFlight).toBe(1);
  expect(seen.requests).toBeGreaterThan(2);
});

test('tracking in remote mode: the server\'s boxes get track ids, track-enter, and zone events', async () => {
  const r = await t.page.evaluate(async (api) => {
    const { clipVideo, until } = await import('/test/pages/fixtures.js' as string);
    const DO = (window as any).DetectOverlay;
    const video = await clipVideo('pedestrians_640x480_10fps', document.body, 'width:320px;height:240px');
    // The dog the server reports sits at x 64..192, y 48..144 of the 640x480 frame: its anchor (bottom centre) is in the zone.
    const overlay = await DO.attach(video, { detector: 'remote', apiServer: `${api}/ours`, zones: [{ name: 'corner', points: [[0, 0], [0.5, 0], [0.5, 0.5], [0, 0.5]] }] });
    const events: string[] = [];
    const ids: Array<number | undefined> = [];
    overlay.on('track-enter', (e: any) => events.push(`track-enter ${e.track.label} #${e.track.id}`));
    overlay.on('zone-enter', (e: any) => events.push(`zone-enter ${e.zone} #${e.track.id}`));
    overlay.on('detections', (e: any) => ids.push(...e.detections.map((d: any) => d.id)));
    await until(() => ids.length >= 3, '3 tracked boxes');
    const counts = overlay.counts.zones.corner;
    overlay.destroy();
    return { events, ids: [...new Set(ids)], counts };
  }, API);
  expect(r.events).toEqual(['track-enter dog #1', 'zone-enter corner #1']);
  expect(r.ids).toEqual([1]);
  expect(r.counts).toEqual({ inside: 1, byClass: { dog: 1 } });
});

test('HTTP 500 and a timeout become error events; the video keeps playing', async () => {
  const failed = await run({ apiServer: `${API}/fail` }, { errors: 3 });
  const error = failed.events.find((e) => e.name === 'error');
  expect(error).toMatchObject({ code: 'detection-failed' });
  expect(error.message).toContain(`${API}/fail answered HTTP 500`);
  expect(failed.playing).toBe(true);
  // After a failure the next request waits (backoff: 0.5 s, then 1 s), so a broken server is not
  // hammered. (Frame times run up to a frame behind the clock the events are timed with.)
  const at = failed.events.filter((e) => e.name === 'error').map((e) => e.at);
  expect(at[1]! - at[0]!).toBeGreaterThanOrEqual(450);
  expect(at[2]! - at[1]!).toBeGreaterThanOrEqual(950);
  const slow = await run({ apiServer: `${API}/slow`, requestTimeoutMs: 300 }, { errors: 1 });
  const timeout = slow.events.find((e) => e.name === 'error');
  expect(timeout).toMatchObject({ code: 'detection-failed' });
  expect(timeout.message).toContain('did not answer within 300 ms');
  // The browser logs the 500 responses itself; nothing else may be logged.
  t.errors.splice(0, t.errors.length, ...t.errors.filter((e) => !e.includes('status of 500')));
});

test('a slow server: requests never overlap', async () => {
  await run({ apiServer: `${API}/slow` }, { detections: 2 });
  expect(seen.requests).toBeGreaterThanOrEqual(2);
  expect(seen.maxInFlight).toBe(1);
});

test('the motion gate saves requests on a still picture', async () => {
  const r = await run({ apiServer: `${API}/ours`, maxSkipMs: 2000 }, { sampled: 30 }, 'static_dog_bicycle_640x480_15fps');
  // First frame, then one heartbeat per 2 s (+1 for timing), however long the 30 frames took.
  expect(seen.requests).toBeLessThanOrEqual(2 + Math.floor(r.ms / 2000));
  expect(seen.requests).toBeLessThan(r.stats.framesSampled / 3);
});
