/**
 * Hostile and broken input from outside the page, in Chromium: a detection server that answers
 * too much, too slowly, never, or with nonsense; a model host with a hostile manifest, a missing
 * weight file or no answer at all; a page that swaps its stream under the overlay again and again;
 * a CSP that refuses the worker. Each case ends in a coded error or a clean result, asserted on
 * what happened (bytes sent before the connection closed, the drawn label's length, the request
 * aborted), never on time.
 */
import { readFileSync } from 'node:fs';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { fileURLToPath } from 'node:url';
import { expect, test } from '@playwright/test';
import { pagePerTest, scaled } from './browser.js';

const models = fileURLToPath(new URL('../../models/centernet/', import.meta.url));
let server: Server;
let origin = '';
/** Per route: bytes the server wrote, whether the client closed the connection before the end, requests seen. */
const seen: Record<string, { sent: number; closedEarly: boolean; requests: number }> = {};

const HUGE_BYTES = 200 * 2 ** 20; // a reply far over the 1 MB cap: what a reader that never stops would take in full
const LABEL = 'L'.repeat(500_000); // under the 1 MB reply cap, far over the drawn-label cap

function track(route: string, res: ServerResponse) {
  const s = (seen[route] ??= { sent: 0, closedEarly: false, requests: 0 });
  s.requests++;
  let ended = false;
  res.once('finish', () => { ended = true; });
  res.once('close', () => { if (!ended) s.closedEarly = true; });
  return s;
}

/** Writes `total` bytes of a JSON array in chunks, waiting for the socket to drain (the client's reading paces it). */
async function writeHuge(res: ServerResponse, s: { sent: number }) {
  const item = Buffer.from('{"label":"a","score":0.5,"bbox":[0,0,1,1]},');
  const chunk = Buffer.concat(Array.from({ length: Math.ceil(65536 / item.length) }, () => item));
  res.write('[');
  while (s.sent < HUGE_BYTES && !res.destroyed) {
    s.sent += chunk.length;
    if (!res.write(chunk)) {
      await new Promise<void>((r) => {
        const done = () => { res.off('drain', done); res.off('close', done); r(); };
        res.once('drain', done);
        res.once('close', done);
      });
    }
  }
  if (!res.destroyed) res.end('{"label":"a","score":0.5,"bbox":[0,0,1,1]}]');
}

function drain(req: IncomingMessage): Promise<void> {
  return new Promise((r) => { req.resume(); req.on('end', r); req.on('close', r); });
}

test.beforeAll(async () => {
  const topology = JSON.parse(readFileSync(`${models}centernet.json`, 'utf8')).modelTopology;
  const json = readFileSync(`${models}centernet.json`, 'utf8');
  server = createServer(async (req, res) => {
    const cors = { 'Access-Control-Allow-Origin': '*' };
    const route = new URL(req.url ?? '/', 'http://x').pathname;
    if (req.method === 'OPTIONS') return void res.writeHead(204, { ...cors, 'Access-Control-Allow-Headers': '*' }).end();
    const s = track(route, res);
    if (req.method === 'POST') await drain(req);
    const reply = (payload: unknown) => res.writeHead(200, { ...cors, 'Content-Type': 'application/json' }).end(JSON.stringify(payload));
    switch (route) {
      // The detection server.
      case '/huge': res.writeHead(200, { ...cors, 'Content-Type': 'application/json' }); return void writeHuge(res, s);
      case '/label': return void reply([{ label: LABEL, score: 0.5, bbox: [10, 10, 100, 100] }]);
      case '/score': return void reply([{ label: 'a', score: 5, bbox: [0, 0, 1, 1] }]);
      case '/redirect': return void res.writeHead(307, { ...cors, Location: '/ok' }).end();
      case '/ok': return void reply([{ label: 'dog', score: 0.8, bbox: [64, 48, 128, 96] }]);
      case '/slow-body': {
        res.writeHead(200, { ...cors, 'Content-Type': 'application/json' });
        res.write('[');
        const timer = setInterval(() => { if (res.destroyed) clearInterval(timer); else res.write(' '); }, 100);
        return;
      }
      case '/never': case '/hold': return; // no answer at all
      // The model host.
      case '/evil/model.json': return void reply({ modelTopology: topology, weightsManifest: [{ paths: ['w.bin'], weights: [{ name: 'evil', shape: [1e12], dtype: 'string' }] }] });
      case '/evil/w.bin': return void res.writeHead(200, cors).end(Buffer.alloc(16));
      case '/nobin/centernet.json': return void res.writeHead(200, { ...cors, 'Content-Type': 'application/json' }).end(json);
      case '/stalled/centernet.json': return; // never answers
      default: return void res.writeHead(404, cors).end();
    }
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  origin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});
test.afterAll(async () => {
  server.closeAllConnections();
  await new Promise((r) => server.close(r));
});

const t = pagePerTest();

/** Runs the remote mode against one route until the first detections or error; records the longest text drawn on a canvas. */
async function remote(route: string, options: Record<string, unknown> = {}) {
  return t.page.evaluate(async ({ url, options }) => {
    const { clipVideo, until } = await import('/test/pages/fixtures.js' as string);
    const DO = (window as any).DetectOverlay;
    let longestText = 0;
    const fill = CanvasRenderingContext2D.prototype.fillText;
    CanvasRenderingContext2D.prototype.fillText = function (text: string, ...rest: [number, number]) {
      longestText = Math.max(longestText, String(text).length);
      return fill.call(this, text, ...rest);
    };
    const video = await clipVideo('pedestrians_640x480_10fps', document.body, 'width:320px;height:240px');
    // Tracking off: the first result is drawn as found (what the server sent is what is judged here).
    const overlay = await DO.attach(video, { apiServer: url, tracking: false, ...options });
    const out: { detections?: any[]; error?: { code: string; message: string } } = {};
    overlay.on('detections', (e: any) => { out.detections ??= e.detections; });
    overlay.on('error', (e: any) => { out.error ??= { code: e.code, message: e.message }; });
    await until(() => out.detections || out.error, 'a result or an error');
    // The result is drawn at the next frame.
    await until(() => !out.detections || out.detections.length === 0 || longestText > 0, 'the label to be drawn');
    overlay.destroy();
    CanvasRenderingContext2D.prototype.fillText = fill;
    return { ...out, labelLength: out.detections?.[0]?.label.length ?? 0, longestText, playing: !video.paused };
  }, { url: `${origin}${route}`, options });
}

test('a hostile detection server: a 200 MB reply is cut at the cap, a huge label is drawn short, bad scores and stalls are errors, a redirect is followed', async () => {
  const huge = await remote('/huge');
  expect(huge.error).toMatchObject({ code: 'detection-failed', message: expect.stringMatching(/\/huge answered more than 1048576 bytes/) });
  // The page stopped reading at the cap and closed the connection: most of the 200 MB were never sent.
  await expect.poll(() => seen['/huge']?.closedEarly, { timeout: scaled(10_000) }).toBe(true);
  // (Chromium's network service reads ahead of the page until the cancel reaches it: 1-12 MB usually, up to
  // 27 MB on a fast loopback, 65 MB once on a busy machine; a reader that never stopped would take all 200 MB.)
  expect(seen['/huge']!.sent).toBeLessThan(HUGE_BYTES * 0.75);

  const label = await remote('/label');
  expect(label.error).toBeUndefined();
  expect(label.labelLength).toBe(LABEL.length); // the data keeps the full text
  expect(label.longestText).toBeGreaterThan(0);
  expect(label.longestText).toBeLessThanOrEqual(64 + ' 50%'.length); // what is drawn is cut (no track id: tracking off)

  const score = await remote('/score');
  expect(score.error).toMatchObject({ code: 'detection-failed', message: expect.stringMatching(/item 0 \("a"\) with score 5; scores are 0\.\.1/) });

  const redirect = await remote('/redirect');
  expect(redirect.detections).toEqual([{ label: 'dog', score: 0.8, bbox: [64, 48, 128, 96] }]);

  const slow = await remote('/slow-body', { requestTimeoutMs: 1000 });
  expect(slow.error).toMatchObject({ code: 'detection-failed', message: expect.stringContaining('did not answer within 1000 ms') });
  await expect.poll(() => seen['/slow-body']?.closedEarly, { timeout: scaled(10_000) }).toBe(true);

  const never = await remote('/never', { requestTimeoutMs: 1000 });
  expect(never.error).toMatchObject({ code: 'detection-failed', message: expect.stringContaining('did not answer within 1000 ms') });
  expect([huge, label, score, redirect, slow, never].every((r) => r.playing)).toBe(true);
});

test('destroy() aborts the detection request in flight', async () => {
  await t.page.evaluate(async (url) => {
    const { clipVideo } = await import('/test/pages/fixtures.js' as string);
    const video = await clipVideo('pedestrians_640x480_10fps', document.body, 'width:320px');
    (window as any).overlay = await (window as any).DetectOverlay.attach(video, { apiServer: url, requestTimeoutMs: 600_000 });
  }, `${origin}/hold`);
  await expect.poll(() => seen['/hold']?.requests ?? 0, { timeout: scaled(30_000) }).toBeGreaterThan(0);
  expect(seen['/hold']!.closedEarly).toBe(false);
  await t.page.evaluate(() => (window as any).overlay.destroy());
  await expect.poll(() => seen['/hold']!.closedEarly, { timeout: scaled(10_000) }).toBe(true);
});

test('a hostile model host: a 1e12-value weight, a missing weight file and a host that never answers are model-load-failed; the page stays responsive', async () => {
  const r = await t.page.evaluate(async (origin) => {
    const { clipVideo } = await import('/test/pages/fixtures.js' as string);
    const DO = (window as any).DetectOverlay;
    const video = await clipVideo('static_dog_bicycle_640x480_15fps', document.body, 'width:320px');
    const attempt = async (options: object) => {
      try {
        (await DO.attach(video, { detector: 'centernet', ...options })).destroy();
        return 'attached';
      } catch (e: any) {
        return `${e.code}: ${e.message}`;
      }
    };
    return {
      evilPage: await attempt({ modelUrl: `${origin}/evil/model.json`, worker: false, backend: 'cpu' }),
      evilWorker: await attempt({ modelUrl: `${origin}/evil/model.json`, worker: true }),
      nobin: await attempt({ modelUrl: `${origin}/nobin/centernet.json`, worker: false, backend: 'cpu' }),
      stalled: await attempt({ modelUrl: `${origin}/stalled/centernet.json`, worker: false, backend: 'cpu', loadTimeoutMs: 1500 }),
      tensors: DO.tf.memory().numTensors,
      canvases: document.querySelectorAll('canvas').length,
    };
  }, origin);
  t.errors.splice(0, t.errors.length, ...t.errors.filter((e) => !/Failed to load resource|net::ERR/.test(e)));
  expect(r.evilPage).toMatch(/^model-load-failed: .*\/evil\/model\.json is not a usable TF\.js model: weight "evil" declares 1000000000000 values/);
  expect(r.evilWorker).toMatch(/^model-load-failed: .*weight "evil" declares 1000000000000 values/);
  expect(r.nobin).toMatch(/^model-load-failed: .*\/nobin\/centernet\.bin answered HTTP 404/);
  expect(r.stalled).toMatch(/^model-load-failed: .*did not finish within 1500 ms \(loadTimeoutMs\)/);
  await expect.poll(() => seen['/stalled/centernet.json']?.closedEarly, { timeout: scaled(10_000) }).toBe(true); // the request was aborted
  expect(r).toMatchObject({ tensors: 0, canvases: 0 });
});

test('100 srcObject swaps of a same-origin stream, inside frame reads and at varied intervals: detection resumes after every one, no cross-origin-frame error', async () => {
  test.setTimeout(scaled(300_000));
  const r = await t.page.evaluate(async () => {
    const { clipVideo, fixedDetector, until } = await import('/test/pages/fixtures.js' as string);
    const DO = (window as any).DetectOverlay;
    const sleep = (ms: number) => new Promise((res) => setTimeout(res, ms));
    const sources = [
      await clipVideo('pedestrians_640x480_10fps', document.body, 'width:80px'),
      await clipVideo('cockatoo_handheld_640x360_15fps', document.body, 'width:80px'),
    ];
    const video = Object.assign(document.createElement('video'), { muted: true, autoplay: true, playsInline: true });
    video.style.width = '320px';
    document.body.append(video);
    video.srcObject = (sources[0] as any).captureStream();
    const overlay = await DO.attach(video, { detector: fixedDetector([{ label: 'person', score: 0.9, bbox: [10, 10, 100, 200] }]), backend: 'cpu' });
    const errors: string[] = [];
    overlay.on('error', (e: any) => errors.push(e.code));
    let detections = 0;
    overlay.on('detections', () => detections++);
    // Half the swaps land inside a frame read (the gate's async VideoFrame copy), where the old
    // source is gone before the detector's frame is taken: deterministic, not left to timing.
    let swapInRead: (() => void) | null = null;
    const copyTo = VideoFrame.prototype.copyTo;
    VideoFrame.prototype.copyTo = async function (this: VideoFrame, ...args: Parameters<VideoFrame['copyTo']>) {
      const layout = await copyTo.apply(this, args);
      const swap = swapInRead;
      swapInRead = null;
      swap?.();
      return layout;
    };
    const resumed: number[] = [];
    const gaps = [0, 5, 20, 50, 120, 1, 250];
    for (let i = 0; i < 100; i++) {
      const old = video.srcObject as MediaStream;
      const next = (sources[i % 2] as any).captureStream();
      if (i % 2 === 0) {
        swapInRead = () => { video.srcObject = next; };
        await until(() => swapInRead === null, `swap ${i} inside a frame read`, 20_000);
      } else {
        await sleep(gaps[i % gaps.length]!);
        video.srcObject = next;
      }
      // Every seventh swap is a burst: four more swaps a frame or less apart.
      if (i % 7 === 3) {
        for (let k = 0; k < 4; k++) {
          await sleep(k * 8);
          video.srcObject = (sources[(i + k) % 2] as any).captureStream();
        }
      }
      old.getTracks().forEach((tr) => tr.stop());
      const before = detections;
      await until(() => detections > before, `detection to resume after swap ${i}`, 20_000);
      resumed.push(i);
    }
    overlay.destroy();
    VideoFrame.prototype.copyTo = copyTo;
    return { resumed: resumed.length, errors };
  });
  expect(r).toEqual({ resumed: 100, errors: [] });
});

test('a CSP that refuses the worker: the error names the directive, not a missing script', async () => {
  const r = await t.page.evaluate(async () => {
    const meta = Object.assign(document.createElement('meta'), { httpEquiv: 'Content-Security-Policy', content: "worker-src 'none'" });
    document.head.append(meta);
    const { clipVideo } = await import('/test/pages/fixtures.js' as string);
    const video = await clipVideo('static_dog_bicycle_640x480_15fps', document.body, 'width:320px');
    try {
      (await (window as any).DetectOverlay.attach(video, { detector: 'centernet', worker: true })).destroy();
      return 'attached';
    } catch (e: any) {
      return `${e.code}: ${e.message}`;
    }
  });
  t.errors.splice(0, t.errors.length, ...t.errors.filter((e) => !/Content Security Policy|Failed to load resource/.test(e)));
  expect(r).toMatch(/^backend-unavailable: .*Content-Security-Policy refused the worker script .*detect-overlay\.worker\.js \(directive worker-src/);
});
