/**
 * Fault suite: bad input, broken sources, broken models and long lifecycles never throw into the
 * page; each case ends with the documented error code (naming the bad value), the video still
 * playing, and nothing left behind. A small HTTP server here plays the parts our own server
 * cannot: another origin without CORS, a truncated or wrong model, a slow model host.
 */
import { readFileSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import { fileURLToPath } from 'node:url';
import { expect, test } from '@playwright/test';
import { MEDIA, pagePerTest, scaled } from './browser.js';

const PORT = 4394;
const OTHER = `http://127.0.0.1:${PORT}`;
const models = fileURLToPath(new URL('../../models/centernet/', import.meta.url));
let server: Server;
const downloads: Record<string, { release: () => void; released: boolean; ended: boolean; closedEarly: boolean }> = {};

test.beforeAll(async () => {
  const json = readFileSync(`${models}centernet.json`, 'utf8');
  const bin = readFileSync(`${models}centernet.bin`);
  const clip = readFileSync(`${MEDIA}video/pedestrians_640x480_10fps.webm`);
  server = createServer((req, res) => {
    // Readable by our COEP pages only through CORS (models) or CORP (the no-CORS video).
    const cors = { 'Access-Control-Allow-Origin': '*' };
    switch (req.url) {
      case '/nocors.webm': return void res.writeHead(200, { 'Content-Type': 'video/webm', 'Cross-Origin-Resource-Policy': 'cross-origin' }).end(clip);
      case '/truncated/centernet.json': return void res.writeHead(200, { ...cors, 'Content-Type': 'application/json' }).end(json);
      case '/truncated/centernet.bin': return void res.writeHead(200, { ...cors }).end(bin.subarray(0, bin.length >> 1));
      case '/wrong/centernet.json': return void res.writeHead(200, { ...cors, 'Content-Type': 'application/json' }).end(json.replaceAll('tower_0/detections', 'tower_0/other'));
      case '/wrong/centernet.bin': return void res.writeHead(200, cors).end(bin);
      default: break;
    }
    // A slow model host, one download per id: /slow/<id>/centernet.{json,bin}. The weights come as
    // one small chunk, then nothing until the page asks for /release/<id>, then the rest in four
    // chunks: a partial progress step is certain however busy the machine, and a download the page
    // cancels is seen here as a connection closed before its end (/slow-state/<id>).
    const slow = /^\/(slow|release|slow-state)\/(\w+)(\/centernet\.(json|bin))?$/.exec(req.url ?? '');
    if (slow) {
      const [, kind, id, , ext] = slow;
      const state = (downloads[id!] ??= { release: () => {}, released: false, ended: false, closedEarly: false });
      if (kind === 'release') {
        state.released = true;
        state.release();
        return void res.writeHead(204, cors).end();
      }
      if (kind === 'slow-state') return void res.writeHead(200, { ...cors, 'Content-Type': 'application/json' }).end(JSON.stringify(state));
      if (ext === 'json') return void res.writeHead(200, { ...cors, 'Content-Type': 'application/json' }).end(json);
      if (ext === 'bin') {
        res.writeHead(200, { ...cors, 'Content-Length': String(bin.length) });
        res.on('close', () => { if (!state.ended) state.closedEarly = true; });
        const first = bin.length >> 5;
        res.write(bin.subarray(0, first));
        const rest = () => {
          const step = Math.ceil((bin.length - first) / 4);
          let at = first;
          const timer = setInterval(() => {
            if (res.destroyed) return clearInterval(timer);
            res.write(bin.subarray(at, (at += step)));
            if (at >= bin.length) { clearInterval(timer); state.ended = true; res.end(); }
          }, 50);
        };
        if (state.released) rest(); else state.release = rest;
        return;
      }
    }
    res.writeHead(404, cors).end();
  });
  await new Promise<void>((r) => server.listen(PORT, '127.0.0.1', r));
});
test.afterAll(async () => {
  server.closeAllConnections();
  await new Promise((r) => server.close(r));
});

const t = pagePerTest();

/** Drops the browser's own network-error lines (a 404 we asked for is not a page error). */
function allowNetworkErrors() {
  t.errors.splice(0, t.errors.length, ...t.errors.filter((e) => !/Failed to load resource|net::ERR/.test(e)));
}

test('model faults: HTML instead of JSON, truncated weights, a wrong-shaped model, missing WASM files (asset-not-found, on the console too)', async () => {
  const r = await t.page.evaluate(async (other) => {
    const DO = (window as any).DetectOverlay;
    const { clipVideo } = await import('/test/pages/fixtures.js' as string);
    const video = await clipVideo('static_dog_bicycle_640x480_15fps');
    const attempt = (o: object) => DO.attach(video, { detector: 'centernet', backend: 'cpu', ...o }).then(
      (x: any) => { x.destroy(); return 'resolved'; }, (e: any) => `${e.code}: ${e.message}`);
    const html = await attempt({ modelUrl: '/demo/index.html' });
    const truncated = await attempt({ modelUrl: `${other}/truncated/centernet.json` });
    const wrong = await attempt({ modelUrl: `${other}/wrong/centernet.json` });
    return { html, truncated, wrong, tensors: DO.tf.memory().numTensors, canvases: document.querySelectorAll('canvas').length, playing: !video.paused };
  }, OTHER);
  expect(r.html).toMatch(/^model-load-failed: .*\/demo\/index\.html/);
  expect(r.truncated).toMatch(/^model-load-failed: .*truncated\/centernet\.json/);
  expect(r.wrong).toMatch(/^model-load-failed: .*is not a CenterNet model.*tower_0\/detections/);
  expect(r).toMatchObject({ tensors: 0, canvases: 0, playing: true });
  // In a fresh page: WASM files that are not where wasmPaths says.
  await t.page.reload();
  const wasm = await t.page.evaluate(async () => {
    const { clipVideo, fixedDetector } = await import('/test/pages/fixtures.js' as string);
    const video = await clipVideo('static_dog_bicycle_640x480_15fps');
    return (window as any).DetectOverlay.attach(video, { detector: fixedDetector([]), backend: 'wasm', wasmPaths: '/nowhere/' })
      .then(() => 'resolved', (e: any) => `${e.code}: ${e.message}`);
  });
  // The file TF.js would fetch is named, with the option that fixes it, and the console says so too.
  expect(wasm).toMatch(/^asset-not-found: \[detect-overlay\] asset-not-found: the WASM backend's file http:\/\/[^ ]*\/nowhere\/tfjs-backend-wasm[-a-z]*\.wasm could not be used: HTTP 404; check wasmPaths/);
  expect(t.errors.filter((e) => e.includes('[detect-overlay] asset-not-found'))).toHaveLength(1);
  t.errors.splice(0, t.errors.length, ...t.errors.filter((e) => !e.includes('[detect-overlay] asset-not-found')));
  allowNetworkErrors();
});

test('a slow model host: progress is reported, rises and reaches 1; AbortSignal cancels the download; a tile aborted mid-load does not cancel another waiting for the same model', async () => {
  const r = await t.page.evaluate(async (other) => {
    const DO = (window as any).DetectOverlay;
    const { clipVideo, until } = await import('/test/pages/fixtures.js' as string);
    const video = await clipVideo('static_dog_bicycle_640x480_15fps');
    const options = (id: string) => ({ detector: 'centernet', backend: 'cpu', modelUrl: `${other}/slow/${id}/centernet.json` });
    const partial = (p: number[]) => p.some((x) => x > 0 && x < 1);
    const release = (id: string) => fetch(`${other}/release/${id}`);
    const settled = (pending: Promise<any>) => {
      let done = false;
      const outcome = pending.then((o: any) => { o.destroy(); return 'resolved'; }, (e: any) => e.code).finally(() => { done = true; });
      // A load that neither resolves nor rejects (an abort that was not heard) shows as 'pending'; the wait ends when it settles.
      return until(() => done, 'the load to settle', 20_000).then(() => outcome, () => 'pending');
    };
    // 1. Two tiles load the same (shared) model; the second is torn down while it loads, the first
    // goes on: progress before the host releases the rest, and 1 at the end.
    const progress: number[] = [];
    const loading = DO.attach(video, { ...options('shared'), onProgress: (p: number) => progress.push(p) });
    const tileB = new AbortController();
    const b = DO.attach(video, { ...options('shared'), signal: tileB.signal });
    await until(() => partial(progress), 'a partial progress step');
    const partialBeforeRelease = progress.filter((p) => p > 0 && p < 1).length;
    tileB.abort();
    const bOutcome = await settled(b);
    await release('shared');
    const loaded = await loading;
    const doneState = loaded.state;
    loaded.destroy();
    // 2. Aborted mid-download, alone: attach() rejects with 'aborted' and the host sees the download cancelled.
    const controller = new AbortController();
    const seen: number[] = [];
    const pending = DO.attach(video, { ...options('cut'), signal: controller.signal, onProgress: (p: number) => seen.push(p) });
    await until(() => partial(seen), 'a partial progress step before the abort');
    controller.abort();
    const outcome = await settled(pending);
    const cut = await until(async () => { const s = await (await fetch(`${other}/slow-state/cut`)).json(); return s.closedEarly || s.ended ? s : null; }, 'the host to see the download end');
    // An inference in flight (CPU backend: slow) keeps the model until it settles.
    await until(() => DO.tf.memory().numTensors === 0, 'the model to be freed').catch(() => {});
    return { progress, partialBeforeRelease, doneState, bOutcome, outcome, cut: { closedEarly: cut.closedEarly, ended: cut.ended }, tensors: DO.tf.memory().numTensors, canvases: document.querySelectorAll('canvas').length };
  }, OTHER);
  // Progress: at least one partial step (forced by the host), rising, and 1 when loaded.
  expect(r.partialBeforeRelease).toBeGreaterThanOrEqual(1);
  expect([...r.progress].sort((a, b) => a - b)).toEqual(r.progress);
  expect(r.progress.at(-1)).toBe(1);
  // The tile torn down mid-load did not cancel the other's load of the same model.
  expect({ bOutcome: r.bOutcome, doneState: r.doneState }).toEqual({ bOutcome: 'aborted', doneState: 'running' });
  // Abort alone: attach() rejects at once (not when the host would have finished), and the download is cancelled.
  expect(r.outcome).toBe('aborted');
  expect(r.cut).toEqual({ closedEarly: true, ended: false });
  expect(r).toMatchObject({ tensors: 0, canvases: 0 });
  allowNetworkErrors();
});

test('a cross-origin video without CORS is a cross-origin-frame error, not a crash (snapshot() too); a new source recovers', async () => {
  const r = await t.page.evaluate(async (other) => {
    const DO = (window as any).DetectOverlay;
    const { fixedDetector, until, videoTime } = await import('/test/pages/fixtures.js' as string);
    const video = Object.assign(document.createElement('video'), { muted: true, loop: true, autoplay: true, src: `${other}/nocors.webm` });
    document.body.append(video);
    await video.play();
    const detector = fixedDetector([{ label: 'person', score: 0.9, bbox: [1, 1, 50, 50] }]);
    const overlay = await DO.attach(video, { detector, backend: 'cpu' });
    const errors: string[] = [];
    overlay.on('error', (e: any) => errors.push(`${e.code}: ${e.message}`));
    await until(() => errors.length > 0, 'the cross-origin-frame error');
    // Many more frames come and are refused: still one error.
    await videoTime(video, 1.5);
    // A snapshot of the tainted picture is the same clear error, not a SecurityError from inside.
    const shot = await overlay.snapshot().then(() => 'resolved', (e: any) => `${e.code}: ${e.message}`);
    const tainted = { errors: [...errors], calls: detector.calls, playing: !video.paused, shot };
    video.src = '/media/video/pedestrians_640x480_10fps.webm';
    await video.play();
    await new Promise((res) => overlay.on('detections', res));
    overlay.destroy();
    return { tainted, recoveredCalls: detector.calls };
  }, OTHER);
  expect(r.tainted.errors).toHaveLength(1); // reported once, not once per frame
  expect(r.tainted.errors[0]).toMatch(/^cross-origin-frame: .*crossorigin="anonymous"/);
  expect(r.tainted).toMatchObject({ calls: 0, playing: true });
  expect(r.tainted.shot).toMatch(/^cross-origin-frame: .*snapshot\(\): .*crossorigin="anonymous"/);
  expect(r.recoveredCalls).toBeGreaterThan(0);
});

test('sources: no frames yet, paused, removed from the DOM, a track that ends and is replaced, a hidden tab', async () => {
  const r = await t.page.evaluate(async () => {
    const DO = (window as any).DetectOverlay;
    const { clipVideo, fixedDetector, until } = await import('/test/pages/fixtures.js' as string);
    const sleep = (ms: number) => new Promise((res) => setTimeout(res, ms));
    const detector = fixedDetector([{ label: 'person', score: 0.9, bbox: [10, 10, 100, 200] }]);
    // 1. A video with no frames yet (0x0): attach works, nothing is sampled until frames come.
    const video = Object.assign(document.createElement('video'), { muted: true, autoplay: true, playsInline: true });
    document.body.append(video);
    const overlay = await DO.attach(video, { detector, backend: 'cpu', motion: false, holdMs: 300 });
    await sleep(400);
    const empty = { sampled: overlay.stats.framesSampled, calls: detector.calls, w: video.videoWidth };
    // 2. A track that ends, replaced by a new stream (srcObject swapped under us).
    const a = await clipVideo('pedestrians_640x480_10fps', document.body, 'width:80px');
    const b = await clipVideo('cockatoo_handheld_640x360_15fps', document.body, 'width:80px');
    const streamA = (a as any).captureStream();
    video.srcObject = streamA;
    await new Promise((res) => overlay.on('detections', res));
    streamA.getTracks().forEach((tr: MediaStreamTrack) => tr.stop());
    await sleep(300);
    video.srcObject = (b as any).captureStream();
    const frame = await new Promise<any>((res) => overlay.on('detections', (e: any) => res(e.frame)));
    // 3. Paused: no sampling, boxes kept even past holdMs; playing again resumes.
    video.pause();
    await sleep(200);
    const callsAtPause = detector.calls;
    await sleep(700);
    const paused = { calls: detector.calls - callsAtPause, boxes: overlay.detections.length };
    await video.play();
    await new Promise((res) => overlay.on('detections', res));
    // 4. Removed from the DOM: the canvas hides; put back, it shows again.
    const parent = video.parentElement!;
    video.remove();
    const removedDisplay = await until(() => overlay.canvas.style.display === 'none' && 'none', 'the canvas to hide').catch(() => overlay.canvas.style.display);
    parent.append(video);
    await video.play();
    const backDisplay = await until(() => overlay.canvas.style.display === '' && 'shown', 'the canvas to show again').then(() => '', () => overlay.canvas.style.display);
    // 5. Hidden tab: no sampling while hidden.
    Object.defineProperty(document, 'hidden', { configurable: true, get: () => true });
    document.dispatchEvent(new Event('visibilitychange'));
    await sleep(200);
    const hiddenStart = overlay.stats.framesSampled;
    await sleep(600);
    const hiddenSampled = overlay.stats.framesSampled - hiddenStart;
    delete (document as any).hidden;
    document.dispatchEvent(new Event('visibilitychange'));
    const hiddenEnd = overlay.stats.framesSampled;
    const resumed = await until(() => overlay.stats.framesSampled - hiddenEnd, 'sampling to resume').catch(() => 0);
    overlay.destroy();
    return { empty, frame, paused, removedDisplay, backDisplay, hiddenSampled, resumed, state: overlay.state };
  });
  expect(r.empty).toEqual({ sampled: 0, calls: 0, w: 0 });
  expect(r.frame).toEqual({ width: 640, height: 360 }); // the replacement stream's size
  expect(r.paused).toEqual({ calls: 0, boxes: 1 });
  expect(r.removedDisplay).toBe('none');
  expect(r.backDisplay).toBe('');
  expect(r.hiddenSampled).toBe(0);
  expect(r.resumed).toBeGreaterThan(0);
});

test('labels are canvas text, never HTML; update() during an inference applies to its result', async () => {
  const r = await t.page.evaluate(async () => {
    const DO = (window as any).DetectOverlay;
    const { clipVideo } = await import('/test/pages/fixtures.js' as string);
    const video = await clipVideo('static_dog_bicycle_640x480_15fps', document.body, 'width:320px;height:240px');
    const label = '<img src=x onerror="window.pwned=1">';
    let release: () => void = () => {};
    const slow = {
      name: 'slow', async load() {}, dispose() {},
      async detect() {
        await new Promise<void>((res) => { release = res; });
        return [{ label, score: 0.95, bbox: [20, 40, 200, 200] }, { label: 'dog', score: 0.6, bbox: [300, 200, 100, 100] }];
      },
    };
    const before = document.getElementsByTagName('*').length;
    const { until } = await import('/test/pages/fixtures.js' as string);
    let inFlight = false;
    const detect = slow.detect;
    slow.detect = () => { inFlight = true; return detect(); };
    const overlay = await DO.attach(video, { detector: slow, backend: 'cpu', motion: false });
    await until(() => inFlight, 'an inference in flight');
    overlay.update({ scoreThreshold: 0.9 });
    release();
    const e: any = await new Promise((res) => overlay.on('detections', res));
    await new Promise((res) => setTimeout(res, 100));
    const result = {
      labels: e.detections.map((d: any) => d.label),
      imgs: document.querySelectorAll('img').length,
      pwned: (window as any).pwned ?? null,
      addedNodes: document.getElementsByTagName('*').length - before,
    };
    overlay.destroy();
    return result;
  });
  expect(r).toEqual({ labels: ['<img src=x onerror="window.pwned=1">'], imgs: 0, pwned: null, addedNodes: 1 });
});

test('100 attach/destroy cycles and an unknown option leave nothing behind', async () => {
  const warnings: string[] = [];
  t.page.on('console', (m) => m.type() === 'warning' && warnings.push(m.text()));
  const r = await t.page.evaluate(async () => {
    const DO = (window as any).DetectOverlay;
    const { clipVideo, fixedDetector } = await import('/test/pages/fixtures.js' as string);
    const video = await clipVideo('pedestrians_640x480_10fps', document.body, 'width:320px');
    const stream = (video as any).captureStream();
    const nodes = () => document.getElementsByTagName('*').length;
    const before = nodes();
    const detector = fixedDetector([{ label: 'person', score: 0.9, bbox: [1, 1, 10, 10] }]);
    for (let i = 0; i < 100; i++) {
      const o = await DO.attach(i % 2 ? stream : video, { detector, backend: 'cpu', motion: false });
      if (i % 10 === 0) await new Promise((res) => o.on('detections', res));
      o.destroy();
    }
    const warned = await DO.attach(video, { detector, backend: 'cpu', scoreTreshold: 0.4 });
    warned.destroy();
    return { before, after: nodes(), canvases: document.querySelectorAll('canvas').length, videos: document.querySelectorAll('video').length };
  });
  expect(r.after).toBe(r.before);
  expect(r).toMatchObject({ canvases: 0, videos: 1 });
  expect(warnings.some((w) => w.includes('unknown option "scoreTreshold" ignored'))).toBe(true);
});

/** The CSP page's own script tag (no inline script there) boxes a person, on WASM, in the worker or on the page. */
async function expectScriptTagPersonsOnWasm(inWorker: boolean): Promise<void> {
  const n = await t.page.waitForFunction(() => {
    const o = (window as any).__o;
    if (!o) (window as any).DetectOverlay.auto.then((x: unknown) => { (window as any).__o = x; });
    return o && o.detections.some((d: any) => d.label === 'person') ? o.detections.length : 0;
  }, null, { timeout: scaled(60_000) });
  expect(await n.jsonValue()).toBeGreaterThan(0);
  expect(await t.page.evaluate(() => (window as any).__o.backend)).toBe('wasm');
  expect(await t.page.evaluate(() => (window as any).__o.stats.worker)).toBe(inWorker);
}

test('strict CSP (script-src \'self\' \'wasm-unsafe-eval\', no inline script): the script tag works, its model in the worker, its gate on the main thread', async () => {
  await t.page.goto('/test/pages/csp-script-tag.html');
  await expectScriptTagPersonsOnWasm(true);
  // blob: workers are forbidden (default-src 'self'): the page's one probe (made after the first result) is refused,
  // and the gate reads here: the reads after it are still on the main thread.
  const refusedNow = () => t.errors.filter((e) => /Creating a worker from 'blob:/.test(e));
  await expect.poll(() => refusedNow().length, { timeout: scaled(30_000) }).toBe(1);
  const reader = await t.page.evaluate(() => new Promise<string>((resolve) => {
    const o = (window as any).__o;
    let reads = 0;
    const off = o.on('motion', () => { if (++reads === 5) { off(); resolve(o.stats.gateReader); } });
  }));
  expect(reader).toBe('luma');
  const refused = refusedNow();
  expect(refused.length).toBe(1);
  t.errors.splice(0, t.errors.length, ...t.errors.filter((e) => !refused.includes(e)));
});

test('strict CSP on a cross-origin isolated page: WASM threads are skipped at once (their blob: workers are forbidden), detection works', async () => {
  const warnings: string[] = [];
  t.page.on('console', (m) => { if (m.type() === 'warning') warnings.push(m.text()); });
  // data-worker="false": the page's own TF.js starts WASM, so the page's CSP governs its threads.
  await t.page.goto('/test/pages/csp-page-model.html?isolated');
  expect(await t.page.evaluate(() => crossOriginIsolated)).toBe(true);
  await expectScriptTagPersonsOnWasm(false);
  // Without the probe, TF.js tried eight blob: workers and waited for them for ever (the 20 s start timeout fired).
  expect(warnings.filter((w) => /did not start/.test(w))).toEqual([]);
  // The browser logs the one refused probe worker; nothing else.
  const refused = t.errors.filter((e) => /Creating a worker from 'blob:/.test(e));
  expect(refused.length).toBe(1);
  t.errors.splice(0, t.errors.length, ...t.errors.filter((e) => !refused.includes(e)));
});
