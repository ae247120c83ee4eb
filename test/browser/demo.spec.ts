/**
 * The demo site as a newcomer meets it: each page loads without console errors and shows boxes
 * over the people in the real clips (fake webcam / shared media), the controls change what is
 * shown, and failures are explained on the page. Screenshots go to test/output/.
 */
import { expect, test, type Browser, type Page } from '@playwright/test';
import { expectNoErrors, launch, watchErrors, scaled } from './browser.js';
import { startHttpsServe } from '../serve-https.js';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
// @ts-expect-error: a plain .mjs script without types
import { spkiHash } from '../../scripts/https-cert.mjs';

interface Box { label: string; score: number; bbox: [number, number, number, number]; id?: number }

/**
 * Waits until every overlay of the demo page has had `n` results, so that a screenshot shows the boxes as they usually
 * are: the first result's boxes show at once, but come from the model's slow first run (its one-time set-up), so the
 * walkers have moved on by then until the next result.
 */
async function settled(page: Page, n = 3): Promise<void> {
  await page.waitForFunction((n) => {
    const d = (window as any).demo;
    const list: any[] = d?.overlays ?? (d?.overlay ? [d.overlay] : []);
    return list.length > 0 && list.every((o) => o && o.stats.inferences >= n);
  }, n, { timeout: scaled(90_000) });
}

async function waitForPersons(page: Page, min = 2): Promise<Box[]> {
  const handle = await page.waitForFunction((min) => {
    const o = (window as any).demo?.overlay;
    const dets = o?.detections ?? [];
    return dets.filter((d: any) => d.label === 'person').length >= min ? dets : null;
  }, min, { timeout: scaled(60_000) });
  return (await handle.jsonValue()) as Box[];
}

test('webcam page: boxes over the walkers; threshold and mirror controls work', async () => {
  const browser = await launch('pedestrians_640x480_10fps');
  try {
    const page = await browser.newPage({ viewport: { width: 1280, height: 900 } });
    const errors = watchErrors(page);
    await page.goto('/demo/');
    await waitForPersons(page, 3);
    await expect(page.locator('.status')).toBeHidden();
    await expect(page.locator('[data-stat="backend"]')).toHaveText(/^wasm( ×\d+)? \(worker\)$/, { timeout: scaled(5000) });
    await settled(page);
    await page.screenshot({ path: 'test/output/demo-webcam.png' });

    // Raising the threshold removes the low-score boxes at once (no new inference needed).
    // Freeze a frame that has boxes on both sides of 0.5 (the clip always comes back to one).
    const before = (await page.evaluate(async () => {
      const v = document.querySelector('video')!;
      // An inference in flight (in the worker, it ends after the pause) lands: no new result for
      // three times the inference time (longer on a busy machine), and at least 800 ms.
      const settled = async () => {
        const stats = () => (window as any).demo.overlay.stats;
        let n = -1;
        while (n !== stats().inferences) {
          n = stats().inferences;
          await new Promise((r) => setTimeout(r, Math.max(800, 3 * stats().avgInferenceMs)));
        }
      };
      for (let i = 0; i < 30; i++) {
        v.pause();
        await settled();
        const d = (window as any).demo.overlay.detections;
        if (d.some((x: any) => x.score < 0.5) && d.some((x: any) => x.score >= 0.5)) return d;
        await v.play();
        await new Promise((r) => setTimeout(r, 400));
      }
      return [];
    })) as Box[];
    expect(before.some((d) => d.score < 0.5)).toBe(true);
    await page.locator('#scoreThreshold').fill('0.5');
    await expect(page.locator('output[for="scoreThreshold"]')).toHaveText('0.5');
    const after = (await page.evaluate(() => (window as any).demo.overlay.detections)) as Box[];
    expect(after.length).toBeGreaterThan(0);
    expect(after.length).toBeLessThan(before.length);
    // Under 0.5 now only a tracked object in a dip of confidence (its last strong score over 0.5; see tracking).
    expect(after.filter((d) => d.score < 0.5).length).toBeLessThan(before.filter((d) => d.score < 0.5).length);
    expect(after.filter((d) => d.score < 0.5).every((d) => d.id !== undefined)).toBe(true);

    // Per-class thresholds from the form: a bad score is named in the status, and goes once fixed.
    await page.locator('#scoreThresholds').fill('sports ball: 0.5, person: 2');
    await expect(page.locator('.status')).toBeVisible();
    await expect(page.locator('.status p')).toContainText('scoreThresholds');
    await expect(page.locator('.status p')).toContainText('person');
    await page.locator('#scoreThresholds').fill('sports ball: 0.5, person: 0.45');
    await expect(page.locator('.status')).toBeHidden();
    expect(await page.evaluate(() => (window as any).demo.overlay.options.scoreThresholds)).toEqual({ 'sports ball': 0.5, person: 0.45 });

    // Mirror: on by default (selfie view); turning it off moves the boxes to the other side.
    const best = after[0]!;
    const edgeAlpha = () => page.evaluate((b) => {
      const c = (window as any).demo.overlay.canvas as HTMLCanvasElement;
      const v = document.querySelector('video')!;
      const s = v.clientWidth / v.videoWidth; // the stage is 4:3 like the clip, so cover = exact fit
      const ratio = c.width / v.clientWidth;
      const y = Math.round((b.bbox[1] + b.bbox[3] / 2) * s * ratio);
      const plainX = b.bbox[0] * s + 1;
      const mirroredX = v.clientWidth - (b.bbox[0] + b.bbox[2]) * s + 1;
      const a = (x: number) => c.getContext('2d')!.getImageData(Math.round(x * ratio), y, 1, 1).data[3];
      return { plain: a(plainX), mirrored: a(mirroredX), videoMirrored: v.classList.contains('mirrored') };
    }, best);
    // (Only the box's own edge is checked: another box may cover the other side.)
    const pixels = () => page.evaluate(() => {
      const c = (window as any).demo.overlay.canvas as HTMLCanvasElement;
      return Array.from(c.getContext('2d')!.getImageData(0, 0, c.width, c.height).data.filter((_, i) => i % 4 === 3)).join(',');
    });
    const mirroredState = await edgeAlpha();
    const mirroredPixels = await pixels();
    expect(mirroredState.videoMirrored).toBe(true);
    expect(mirroredState.mirrored).toBeGreaterThan(100);
    await page.getByLabel('Mirror (selfie view)').uncheck();
    const plainState = await edgeAlpha();
    expect(plainState.videoMirrored).toBe(false);
    expect(plainState.plain).toBeGreaterThan(100);
    expect(await pixels()).not.toBe(mirroredPixels);

    // Class filter: only dogs → no person boxes remain.
    await page.locator('#classes').fill('dog');
    expect(await page.evaluate(() => (window as any).demo.overlay.detections.filter((d: any) => d.label === 'person').length)).toBe(0);
    expectNoErrors(errors);
  } finally {
    await browser.close();
  }
});

test('webcam page: a denied camera and an unreachable model are explained on the page', async () => {
  const browser = await launch('pedestrians_640x480_10fps', { denyCamera: true });
  try {
    const denied = await browser.newPage();
    await denied.goto('/demo/');
    await expect(denied.locator('.status.error')).toContainText('Camera access was denied');
    await denied.screenshot({ path: 'test/output/demo-camera-denied.png' });
  } finally {
    await browser.close();
  }
  const online = await launch('pedestrians_640x480_10fps');
  try {
    const page = await online.newPage();
    await page.route(/storage\.googleapis\.com/, (route) => route.abort('internetdisconnected'));
    await page.goto('/demo/');
    await waitForPersons(page, 1);
    await page.locator('#detector').selectOption('coco-ssd');
    await expect(page.locator('.status.error')).toContainText('npm run models -- coco-ssd', { timeout: scaled(30_000) });
    await expect(page.locator('.status.error')).toContainText('CenterNet works offline');
    await page.screenshot({ path: 'test/output/demo-model-unreachable.png' });
    await page.locator('#detector').selectOption('coco-ssd-local');
    await expect(page.locator('.status.error')).toContainText('No coco-ssd model at /models/coco-ssd/model.json', { timeout: scaled(30_000) });
    // Back to CenterNet: the error goes away and boxes come back.
    await page.locator('#detector').selectOption('centernet');
    await waitForPersons(page, 1);
    await expect(page.locator('.status')).toBeHidden();
    // By default (auto, no GPU here) the model runs in the worker; moved to the page, the overlay
    // is made again, the boxes come back and the stats say where the model runs.
    await expect(page.locator('[data-stat="backend"]')).toHaveText(/^wasm( ×\d+)? \(worker\)$/);
    await page.evaluate(() => { (window as any).demo.overlay.beforeSwitch = true; });
    await page.getByLabel('Model runs').selectOption('false');
    await page.waitForFunction(() => {
      const o = (window as any).demo?.overlay;
      return o && !o.beforeSwitch && o.detections.some((d: any) => d.label === 'person');
    }, null, { timeout: scaled(60_000) });
    await expect(page.locator('[data-stat="backend"]')).toHaveText(/^wasm( ×\d+)? \(page\)$/);
    await expect(page.locator('.status')).toBeHidden();
  } finally {
    await online.close();
  }
});

test('grid page: four tiles, each on its own WebRTC connection, all get inferences; a clicked tile weighs 4x; the scheduler state shows', async () => {
  const browser = await launch();
  try {
    const page = await browser.newPage({ viewport: { width: 1280, height: 900 } });
    const errors = watchErrors(page);
    await page.goto('/demo/grid.html?tiles=4');
    await page.waitForFunction(() => (window as any).demo?.overlays?.length === 4 &&
      (window as any).demo.overlays.every((o: any) => o?.stats.inferences > 0), null, { timeout: scaled(120_000) });
    expect(await page.evaluate(() => (window as any).demo.overlays.every((o: any) => o.video.srcObject instanceof MediaStream))).toBe(true);
    await page.locator('.grid .tile').nth(2).click();
    const weights = await page.evaluate(() => (window as any).demo.overlays.map((o: any) => o.stats.turns.weight));
    expect(weights[2] / weights[0]).toBeCloseTo(4, 1);
    await page.check('#showTurns');
    await expect(page.locator('.grid .turns').first()).toHaveText(/^(running|waiting|capped|idle) · w \d/);
    await page.screenshot({ path: 'test/output/demo-grid.png' });
    expectNoErrors(errors);
  } finally {
    await browser.close();
  }
});

test('webcam page over HTTPS=1 (as from a phone on the LAN): a secure context with the generated certificate trusted, the camera works, boxes over the walkers', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'detect-overlay-certs-'));
  const { server, port } = await startHttpsServe(dir);
  try {
    // Trusted the way a test can (the certificate's key pinned), not by ignoring certificate errors.
    const browser = await launch('pedestrians_640x480_10fps', { args: [`--ignore-certificate-errors-spki-list=${spkiHash(readFileSync(join(dir, 'cert.pem'), 'utf8'))}`] });
    try {
      const page = await browser.newPage();
      const errors = watchErrors(page);
      await page.goto(`https://127.0.0.1:${port}/demo/`);
      expect(await page.evaluate(() => ({ secure: isSecureContext, protocol: location.protocol }))).toEqual({ secure: true, protocol: 'https:' });
      const persons = await waitForPersons(page, 1);
      expect(persons.length).toBeGreaterThan(0);
      expectNoErrors(errors);
    } finally {
      await browser.close();
    }
  } finally {
    server.kill();
    rmSync(dir, { recursive: true, force: true });
  }
});

/** Opens the remote viewer on the pedestrians clip and waits until both tiles show a person. */
async function openViewer(browser: Browser): Promise<{ page: Page; errors: string[] }> {
  const page = await browser.newPage({ viewport: { width: 1280, height: 900 } });
  const errors = watchErrors(page);
  await page.goto('/demo/viewer.html?clip=pedestrians_640x480_10fps');
  await page.waitForFunction(() => (window as any).demo?.overlays?.length === 2 &&
    (window as any).demo.overlays.every((o: any) => o.detections.some((d: any) => d.label === 'person')), null, { timeout: scaled(90_000) });
  return { page, errors };
}

test('remote viewer page: boxes on the received track, aligned in cover and contain tiles', async () => {
  const browser = await launch();
  try {
    const { page, errors } = await openViewer(browser);
    const tiles = await page.evaluate(() => (window as any).demo.overlays.map((o: any) => {
      const r = (el: Element) => { const b = el.getBoundingClientRect(); return [b.left, b.top, b.width, b.height].map(Math.round); };
      return { video: r(o.video), canvas: r(o.canvas), fit: getComputedStyle(o.video).objectFit, remote: o.video.srcObject instanceof MediaStream };
    }));
    expect(tiles.map((t: any) => t.fit).sort()).toEqual(['contain', 'cover']);
    for (const t of tiles) {
      expect(t.canvas).toEqual(t.video);
      expect(t.remote).toBe(true);
    }
    await expect(page.locator('#link')).toHaveText('WebRTC: connected');
    await settled(page);
    await page.screenshot({ path: 'test/output/demo-viewer.png' });
    expectNoErrors(errors);
  } finally {
    await browser.close();
  }
});

test('remote viewer page: a zone and a line drawn by clicks land in both tiles, events are logged with a snapshot, renamed and deleted; mirrored clicks map back', async () => {
  const browser = await launch();
  try {
    const { page, errors } = await openViewer(browser);
    await page.evaluate(() => { (window as any).cover = () => (window as any).demo.overlays.find((o: any) => o.video.id === 'viewCover'); });
    // Where a point of the 640x480 picture is on screen in the cover tile, by object-fit: cover's own rule.
    const rect = await page.locator('#viewCover').evaluate((v) => { const b = v.getBoundingClientRect(); return { left: b.left, top: b.top, width: b.width, height: b.height }; });
    const s = Math.max(rect.width / 640, rect.height / 480);
    const at = (u: number, v: number) => ({ x: rect.left + (rect.width - 640 * s) / 2 + u * 640 * s, y: rect.top + (rect.height - 480 * s) / 2 + v * 480 * s });
    const corners: Array<[number, number]> = [[0.1, 0.3], [0.9, 0.3], [0.9, 0.8], [0.1, 0.8]];
    await page.click('#zonesPanel [data-act="zone"]');
    for (const [u, v] of [...corners, corners[0]!]) await page.mouse.click(at(u, v).x, at(u, v).y);
    // Both tiles count the zone; the stored corners are where the clicks were on the picture.
    await page.waitForFunction(() => (window as any).demo.overlays.every((o: any) => 'zone 1' in o.counts.zones));
    const saved = await page.evaluate(() => JSON.parse(localStorage.getItem('detect-overlay-demo:viewer')!));
    expect(saved[0].type).toBe('zone');
    saved[0].points.forEach((p: number[], i: number) => {
      expect(Math.abs(p[0]! - corners[i]![0])).toBeLessThan(0.01);
      expect(Math.abs(p[1]! - corners[i]![1])).toBeLessThan(0.01);
    });
    // A walker inside: the log says so, with a snapshot thumbnail.
    const entry = page.locator('#eventsPanel .log li.zone-enter').first();
    await expect(entry).toHaveText(/^person #\d+ entered 'zone 1' at \d\d:\d\d\.\d$/, { timeout: scaled(60_000) });
    // A snapshot thumbnail on an entry (the demo encodes at most two at once: when several walkers
    // enter together on a busy machine, the newest entry may have none).
    await expect(page.locator('#eventsPanel .log li.zone-enter img').first()).toBeVisible({ timeout: scaled(30_000) });
    // A line by two clicks; the counts panel lists both.
    await page.click('#zonesPanel [data-act="line"]');
    for (const [u, v] of [[0.5, 0.85], [0.5, 0.25]] as const) await page.mouse.click(at(u, v).x, at(u, v).y);
    await page.waitForFunction(() => 'line 1' in (window as any).cover().counts.lines);
    await expect(page.locator('#zonesPanel .counts')).toContainText('line 1');
    await page.screenshot({ path: 'test/output/demo-zones.png' });
    // Renamed, then the line deleted.
    const name = page.locator('#zonesPanel .shapes li').first().locator('input');
    await name.fill('door');
    await name.press('Enter');
    await name.blur();
    await page.waitForFunction(() => {
      const { counts } = (window as any).cover();
      return 'door' in counts.zones && !('zone 1' in counts.zones);
    });
    await page.locator('#zonesPanel .shapes li').nth(1).locator('[data-act="delete"]').click();
    await page.waitForFunction(() => Object.keys((window as any).cover().counts.lines).length === 0);
    // A mirrored video: a click a quarter across the picture from the left of the screen is 3/4 across the frame.
    const mirrored = await page.evaluate(async () => {
      const { toVideoPoint } = await import('/demo/zones.js' as string);
      const v = document.getElementById('viewContain') as HTMLVideoElement;
      v.style.transform = 'scaleX(-1)';
      const b = v.getBoundingClientRect();
      const k = Math.min(b.width / v.videoWidth, b.height / v.videoHeight);
      const x = b.left + (b.width - v.videoWidth * k) / 2 + 0.25 * v.videoWidth * k;
      const y = b.top + b.height / 2;
      const point = toVideoPoint(v, x, y);
      v.style.transform = '';
      return { point, outside: toVideoPoint(v, b.left + 1, b.top + 1) };
    });
    expect(mirrored.point[0]).toBeCloseTo(0.75, 2);
    expect(mirrored.point[1]).toBeCloseTo(0.5, 2);
    expect(mirrored.outside).toBeNull(); // the contain tile's letterbox band is not the picture
    expectNoErrors(errors);
  } finally {
    await browser.close();
  }
});

test('script-tag page: the one tag attaches and boxes the walkers', async () => {
  const browser = await launch();
  try {
    const page = await browser.newPage({ viewport: { width: 1280, height: 900 } });
    const errors = watchErrors(page);
    await page.goto('/demo/script-tag.html');
    await page.evaluate(() => (window as any).DetectOverlay.auto.then((o: unknown) => { (window as any).auto = o; }));
    const overlay = await page.waitForFunction(() => {
      const o = (window as any).auto;
      return o && o.detections.some((d: any) => d.label === 'person') ? o.detections.length : null;
    }, null, { timeout: scaled(60_000) });
    expect(await overlay.jsonValue()).toBeGreaterThan(0);
    await page.screenshot({ path: 'test/output/demo-script-tag.png' });
    expectNoErrors(errors);
  } finally {
    await browser.close();
  }
});

test('React grid page: tiles come and go, one overlay each, one shared model', async () => {
  const browser = await launch();
  try {
    const page = await browser.newPage({ viewport: { width: 1280, height: 900 } });
    const errors = watchErrors(page);
    await page.goto('/demo/react.html');
    const canvases = () => page.locator('canvas.detect-overlay').count();
    await expect.poll(canvases, { timeout: scaled(60_000) }).toBe(2);
    await expect(page.locator('figcaption').first()).toContainText('person', { timeout: scaled(60_000) });
    const tensorsTwo = await page.evaluate(() => (window as any).DetectOverlay.tf.memory().numTensors);
    await page.getByRole('button', { name: 'Add a tile' }).click();
    await expect.poll(canvases, { timeout: scaled(30_000) }).toBe(3);
    // The third tile joined the loaded model: no new weights.
    expect(await page.evaluate(() => (window as any).DetectOverlay.tf.memory().numTensors)).toBe(tensorsTwo);
    await page.getByRole('button', { name: 'Remove' }).first().click();
    await page.getByRole('button', { name: 'Remove' }).first().click();
    await expect.poll(canvases).toBe(1);
    await page.screenshot({ path: 'test/output/demo-react.png' });
    expectNoErrors(errors);
  } finally {
    await browser.close();
  }
});
