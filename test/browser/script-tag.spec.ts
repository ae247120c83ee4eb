/**
 * The ancestor's way of use: one <script> tag with data-* attributes, here on a genuinely remote
 * WebRTC track (fake webcam playing the real pedestrians clip → RTCPeerConnection loopback),
 * with the real CenterNet model on the WASM backend.
 */
import { expect, test } from '@playwright/test';
import { expectNoErrors, launch, pagePerTest, watchErrors, scaled } from './browser.js';

/** For the tests below that need no camera: a page on blank.html (it runs the bundle, no data-source); no page errors unless a test clears them. */
const t = pagePerTest();

/** The tag also reports each failure as a console error: exactly `n` of those, and nothing else. */
function expectOnlyTagErrors(n: number): void {
  const reported = t.errors.filter((e) => e.startsWith('console.error: [detect-overlay]'));
  expect(reported).toHaveLength(n);
  t.errors.splice(0, t.errors.length, ...t.errors.filter((e) => !reported.includes(e)));
}

interface Box { label: string; score: number; bbox: [number, number, number, number]; id?: number }

test('script tag: person boxes land over the walkers on a remote track (centernet, wasm)', async () => {
  const browser = await launch('pedestrians_640x480_10fps');
  try {
    const page = await browser.newPage();
    const errors = watchErrors(page);
    await page.goto('/test/pages/script-tag.html');
    const ready = await page.waitForFunction(() => (window as any).__events.find((e: any) => e.name === 'ready' || e.name === 'error'), null, { timeout: scaled(60_000) });
    expect(await ready.jsonValue()).toMatchObject({ name: 'ready', detail: { detector: 'centernet', backend: 'wasm' } });

    // The SDK samples the page's own <video>, whose track arrived over RTCPeerConnection.
    await page.waitForFunction(() => (window as any).__loopback);
    const remote = await page.evaluate(() => {
      const v = document.getElementById('remote') as HTMLVideoElement;
      const track = (v.srcObject as MediaStream).getVideoTracks()[0]!;
      return { isReceiverTrack: (window as any).__loopback.receiverTrackIds.includes(track.id), videos: document.querySelectorAll('video').length };
    });
    expect(remote).toEqual({ isReceiverTrack: true, videos: 1 });

    // Wait for a frame where the model sees several walkers, among them the couple on the lawn
    // (lower left, the largest pair in the clip; the clip loops, so it comes round).
    const handle = await page.waitForFunction(() => {
      const dets = (window as any).__events.filter((e: any) => e.name === 'detections');
      return dets.map((e: any) => e.detail).find((d: any) => {
        const persons = d.detections.filter((x: any) => x.label === 'person');
        return persons.length >= 3 && persons.some((p: any) => p.bbox[0] + p.bbox[2] / 2 < 320 && p.bbox[1] + p.bbox[3] / 2 > 240);
      });
    }, null, { timeout: scaled(60_000) });
    const event = (await handle.jsonValue()) as { detections: Box[]; frame: { width: number; height: number } };
    expect(event.frame).toEqual({ width: 640, height: 480 });
    const persons = event.detections.filter((d) => d.label === 'person');
    for (const p of persons) {
      const [x, y, w, h] = p.bbox;
      // Under data-score-threshold only a tracked person in a dip of confidence (tracking is on by default).
      if (p.score < 0.3) expect(p.id).toBeDefined();
      expect(x).toBeGreaterThanOrEqual(0);
      expect(x + w).toBeLessThanOrEqual(640.01);
      expect(y + h).toBeLessThanOrEqual(480.01);
      // MEDIA.md: walkers are roughly 40 to 130 px tall; allow for partly hidden ones.
      expect(h).toBeGreaterThan(15);
      expect(h).toBeLessThan(200);
    }
    // Walking people are taller than wide (a box may merge two, so most, not all).
    expect(persons.filter((p) => p.bbox[3] > p.bbox[2]).length / persons.length).toBeGreaterThanOrEqual(0.6);

    // The overlay canvas sits exactly on the video.
    const rects = await page.evaluate(() => {
      const r = (el: Element) => { const b = el.getBoundingClientRect(); return [b.left, b.top, b.width, b.height].map(Math.round); };
      const canvas = document.querySelector('canvas.detect-overlay');
      return { video: r(document.getElementById('remote')!), canvas: canvas ? r(canvas) : null };
    });
    expect(rects.canvas).toEqual(rects.video);
    await page.screenshot({ path: 'test/output/script-tag-remote.png' });
    expectNoErrors(errors);
  } finally {
    await browser.close();
  }
});

test('script tag inserted after load, before its video exists, still attaches', async () => {
  const page = t.page;
  await page.goto('/test/pages/late.html');
  const handle = await page.waitForFunction(() => (window as any).__events.find((e: any) =>
    e.name === 'error' || (e.name === 'detections' && e.detail.detections.some((d: any) => d.label === 'person'))), null, { timeout: scaled(60_000) });
  expect((await handle.jsonValue()).name).toBe('detections');
  expect(await page.locator('canvas.detect-overlay').count()).toBe(1);
});

test('script tag: a bad attribute or a non-video data-source is an error event naming it', async () => {
  const page = t.page;
  const r = await page.evaluate(async () => {
    document.body.insertAdjacentHTML('beforeend', '<img id="pic" alt=""><video id="vid"></video>');
    const inject = (attrs: Record<string, string>) => new Promise<{ code: string; message: string; target: string }>((resolve) => {
      const onError = (e: Event) => {
        document.removeEventListener('detect-overlay:error', onError);
        const d = (e as CustomEvent).detail;
        resolve({ code: d.code, message: d.message, target: (e.target as Element).nodeName });
      };
      document.addEventListener('detect-overlay:error', onError);
      const s = document.createElement('script');
      s.src = '/dist/detect-overlay.min.js';
      for (const [k, v] of Object.entries(attrs)) s.setAttribute(k, v);
      document.body.append(s);
    });
    return {
      attribute: await inject({ 'data-source': 'vid', 'data-score-threshold': 'high' }),
      camel: await inject({ 'data-source': 'vid', 'data-uploadWidth': '-1' }),
      img: await inject({ 'data-source': 'pic' }),
    };
  });
  expect(r.attribute).toEqual({ code: 'invalid-option', target: '#document', message: expect.stringContaining('attribute data-score-threshold must be a number, got "high"') });
  expect(r.camel.message).toContain('data-uploadwidth must be an integer from 32 to 4096, got "-1"');
  expect(r.img).toEqual({ code: 'source-not-video', target: 'IMG', message: expect.stringContaining('<img>') });
  expectOnlyTagErrors(3);
});

test('script tag: a data-source that does not appear is a source-not-found event after the wait, and the tag still attaches when it comes', async () => {
  const page = t.page;
  const r = await page.evaluate(() => new Promise<{ code: string; message: string; ms: number }>((resolve) => {
    const t0 = performance.now();
    document.addEventListener('detect-overlay:error', (e) => {
      const d = (e as CustomEvent).detail;
      resolve({ code: d.code, message: d.message, ms: performance.now() - t0 });
    }, { once: true });
    const s = document.createElement('script');
    s.src = '/dist/detect-overlay.min.js';
    Object.assign(s.dataset, { source: 'late-video', detector: 'centernet', modelUrl: '/models/centernet/centernet.json', tracking: 'false' });
    document.body.append(s);
  }));
  expect(r.code).toBe('source-not-found');
  expect(r.message).toContain('data-source="late-video"');
  expect(r.message).toContain('still watching');
  expect(r.ms).toBeGreaterThan(9000); // it waited for a late element first
  expectOnlyTagErrors(1);
  // The video comes after all (a viewer who clicks "join" late): it gets its overlay.
  const labels = await page.evaluate(() => new Promise<string[]>((resolve) => {
    document.addEventListener('detect-overlay:detections', (e) => resolve((e as CustomEvent).detail.detections.map((d: any) => d.label)), { once: true });
    const v = Object.assign(document.createElement('video'), { id: 'late-video', muted: true, loop: true, autoplay: true, playsInline: true });
    v.src = '/media/video/static_dog_bicycle_640x480_15fps.webm';
    document.body.append(v);
  }));
  expect(labels).toContain('dog');
});

test('script tag: the overlay follows its data-source id when the page replaces the video, and goes when it is removed', async () => {
  const page = t.page;
  const r = await page.evaluate(async () => {
    const video = (clip: string) => {
      const v = Object.assign(document.createElement('video'), { id: 'player', muted: true, loop: true, autoplay: true, playsInline: true });
      v.src = `/media/video/${clip}.webm`;
      v.style.width = '320px';
      return v;
    };
    const detectionsOn = (v: HTMLVideoElement) => new Promise<string[]>((resolve) => {
      v.addEventListener('detect-overlay:detections', (e) => resolve((e as CustomEvent).detail.detections.map((d: any) => d.label)), { once: true });
    });
    const wrap = document.createElement('div');
    document.body.append(wrap);
    const a = video('static_dog_bicycle_640x480_15fps');
    wrap.append(a);
    const onA = detectionsOn(a);
    const s = document.createElement('script');
    s.src = '/dist/detect-overlay.min.js';
    Object.assign(s.dataset, { source: 'player', detector: 'centernet', modelUrl: '/models/centernet/centernet.json', scoreThreshold: '0.3', tracking: 'false' });
    document.body.append(s);
    const first = await onA;
    // The player makes a new <video> with the same id (a stream reconnect, a new clip).
    const b = video('pedestrians_640x480_10fps');
    const onB = detectionsOn(b);
    a.replaceWith(b);
    const second = await onB;
    const replaced = { canvases: document.querySelectorAll('canvas.detect-overlay').length, nextToB: b.nextElementSibling?.className };
    b.remove();
    const { until } = await import('/test/pages/fixtures.js' as string);
    const removed = await until(() => document.querySelectorAll('canvas').length === 0 && 'gone', 'the canvas to go').then(() => 0, () => document.querySelectorAll('canvas').length);
    return { first, second, replaced, removed };
  });
  expect(r.first).toContain('dog');
  expect(r.second).toContain('person');
  expect(r.replaced).toEqual({ canvases: 1, nextToB: 'detect-overlay' });
  expect(r.removed).toBe(0);
});

test('script tag: a data-source on a player wrapper uses the video inside it, and the next video put there', async () => {
  const page = t.page;
  const r = await page.evaluate(async () => {
    const video = (clip: string) => {
      const v = Object.assign(document.createElement('video'), { muted: true, loop: true, autoplay: true, playsInline: true });
      v.src = `/media/video/${clip}.webm`;
      v.style.width = '320px';
      return v;
    };
    const detectionsOn = (v: HTMLVideoElement) => new Promise<string[]>((resolve) => {
      v.addEventListener('detect-overlay:detections', (e) => resolve((e as CustomEvent).detail.detections.map((d: any) => d.label)), { once: true });
    });
    // As video.js does: the page's id ends up on a wrapper <div>, with the <video> inside it (here, put in after the tag).
    const stage = Object.assign(document.createElement('div'), { id: 'stage' });
    stage.style.position = 'relative';
    document.body.append(stage);
    const s = document.createElement('script');
    s.src = '/dist/detect-overlay.min.js';
    Object.assign(s.dataset, { source: 'stage', detector: 'centernet', modelUrl: '/models/centernet/centernet.json', scoreThreshold: '0.3', tracking: 'false' });
    // The tag has run (and found no video in the stage) before the video is put there.
    await new Promise((res) => { s.onload = res; document.body.append(s); });
    await new Promise((res) => setTimeout(res, 100));
    const a = video('static_dog_bicycle_640x480_15fps');
    const onA = detectionsOn(a);
    stage.append(a);
    const first = await onA;
    const b = video('pedestrians_640x480_10fps');
    const onB = detectionsOn(b);
    a.replaceWith(b);
    const second = await onB;
    return { first, second, canvases: document.querySelectorAll('canvas.detect-overlay').length, nextToB: b.nextElementSibling?.className };
  });
  expect(r.first).toContain('dog');
  expect(r.second).toContain('person');
  expect(r).toMatchObject({ canvases: 1, nextToB: 'detect-overlay' });
  expectOnlyTagErrors(0);
});

test('script tag: a data-source on a web component whose <video> is in its shadow root, made when it upgrades after the tag ran', async () => {
  const r = await t.page.evaluate(async () => {
    // The page has <my-player id="player"> before the component's script has defined it (its shadow root comes later).
    document.body.insertAdjacentHTML('beforeend', '<my-player id="player"></my-player>');
    const s = document.createElement('script');
    s.src = '/dist/detect-overlay.min.js';
    Object.assign(s.dataset, { source: 'player', detector: 'centernet', modelUrl: '/models/centernet/centernet.json', scoreThreshold: '0.3', tracking: 'false' });
    // The tag has run before the component is defined.
    await new Promise((res) => { s.onload = res; document.body.append(s); });
    await new Promise((res) => setTimeout(res, 100));
    // Events from the video in the shadow root reach the page, retargeted to the host.
    const detected = new Promise<{ labels: string[]; target: string }>((resolve) => {
      document.addEventListener('detect-overlay:detections', (e) => resolve({
        labels: (e as CustomEvent).detail.detections.map((d: any) => d.label), target: (e.target as Element).id,
      }), { once: true });
    });
    customElements.define('my-player', class extends HTMLElement {
      connectedCallback() {
        if (this.shadowRoot) return;
        const v = Object.assign(document.createElement('video'), { muted: true, loop: true, autoplay: true, playsInline: true });
        v.src = '/media/video/static_dog_bicycle_640x480_15fps.webm';
        v.style.width = '320px';
        this.attachShadow({ mode: 'open' }).append(v);
      }
    });
    const got = await detected;
    const shadow = document.getElementById('player')!.shadowRoot!;
    return { ...got, canvasInShadow: shadow.querySelectorAll('canvas.detect-overlay').length };
  });
  expect(r.labels).toContain('dog');
  expect(r).toMatchObject({ target: 'player', canvasInShadow: 1 });
  expectOnlyTagErrors(0);
});

test('one tag per video: the bundle runs once, each tag gets its overlay, and the model loads once', async () => {
  const page = t.page;
  const warnings: string[] = [];
  page.on('console', (m) => { if (m.type() === 'warning') warnings.push(m.text()); });
  const modelRequests: string[] = [];
  page.on('request', (r) => { if (r.url().endsWith('/centernet.json')) modelRequests.push(r.url()); });
  const r = await page.evaluate(async () => {
    const seen = new Map<string, number>();
    document.addEventListener('detect-overlay:detections', (e) => {
      const id = (e.target as Element).id;
      seen.set(id, (seen.get(id) ?? 0) + 1);
    });
    // blank.html already runs the bundle (a tag without data-source): each tag below is a later copy.
    const globals: unknown[] = [(window as any).DetectOverlay];
    for (const [id, clip] of [['a', 'pedestrians_640x480_10fps'], ['b', 'static_dog_bicycle_640x480_15fps']]) {
      const v = Object.assign(document.createElement('video'), { id, muted: true, loop: true, autoplay: true, playsInline: true });
      v.src = `/media/video/${clip}.webm`;
      v.style.width = '320px';
      document.body.append(v);
      const s = document.createElement('script');
      s.src = '/dist/detect-overlay.min.js';
      Object.assign(s.dataset, { source: id, detector: 'centernet', modelUrl: '/models/centernet/centernet.json', scoreThreshold: '0.3', tracking: 'false' });
      await new Promise((res) => { s.onload = res; document.body.append(s); });
      globals.push((window as any).DetectOverlay);
    }
    const { until } = await import('/test/pages/fixtures.js' as string);
    await until(() => seen.get('a') && seen.get('b'), 'detections on both videos').catch(() => {});
    return { sameGlobal: globals.every((g) => g === globals[0]), seen: Object.fromEntries(seen), canvases: document.querySelectorAll('canvas.detect-overlay').length };
  });
  expect(r.sameGlobal).toBe(true);
  expect(r.seen.a).toBeGreaterThan(0);
  expect(r.seen.b).toBeGreaterThan(0);
  expect(r.canvases).toBe(2);
  expect(modelRequests).toHaveLength(1);
  expect(warnings.filter((w) => /already registered/.test(w))).toEqual([]);
});

test('the bundle from another origin (a CDN): the model still runs in the detection worker', async () => {
  const page = t.page;
  const warnings: string[] = [];
  page.on('console', (m) => { if (m.type() === 'warning') warnings.push(m.text()); });
  await page.goto('/test/pages/blank-no-bundle.html');
  // The page is on 127.0.0.1; 'localhost' is the same server under another origin. The test
  // server sends dist/ with CORS and CORP headers, as CDNs do.
  const cdn = new URL(page.url()).href.replace('127.0.0.1', 'localhost');
  const r = await page.evaluate(async (cdnBase) => {
    const v = Object.assign(document.createElement('video'), { id: 'v', muted: true, loop: true, autoplay: true, playsInline: true });
    v.src = '/media/video/pedestrians_640x480_10fps.webm';
    document.body.append(v);
    const persons = new Promise<number>((res) => document.addEventListener('detect-overlay:detections', (e) => {
      const n = (e as CustomEvent).detail.detections.filter((d: any) => d.label === 'person').length;
      if (n > 0) res(n);
    }));
    const s = document.createElement('script');
    s.src = new URL('/dist/detect-overlay.min.js', cdnBase).href;
    s.crossOrigin = 'anonymous';
    Object.assign(s.dataset, { source: 'v', detector: 'centernet', modelUrl: '/models/centernet/centernet.json', tracking: 'false' });
    document.body.append(s);
    const n = await persons;
    const o = await (window as any).DetectOverlay.auto;
    return { persons: n, worker: o.stats.worker, backend: o.backend, scriptOrigin: new URL(s.src).origin, pageOrigin: location.origin };
  }, cdn);
  expect(r.scriptOrigin).not.toBe(r.pageOrigin);
  expect(r.persons).toBeGreaterThan(0);
  expect(r.worker).toBe(true);
  expect(r.backend).toBe('wasm');
  expect(warnings.filter((w) => /worker/i.test(w))).toEqual([]);
});
