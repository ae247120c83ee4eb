/**
 * `cacheModels`: a second visit reads CenterNet's weights from the browser's Cache API, after a
 * HEAD request shows the file unchanged; no second download. In the worker (the default here) and
 * on the page, which share the page origin's cache; `cacheModels: false` downloads every time.
 */
import { expect, test, type Browser, type BrowserContext } from '@playwright/test';
import { expectNoErrors, launch, watchErrors } from './browser.js';

const MODEL = '/models/centernet/centernet.json';

let browser: Browser;
test.beforeAll(async () => {
  browser = await launch();
});
test.afterAll(async () => {
  await browser.close();
});

/** Opens a page of `context`, attaches CenterNet with `options`, waits for a person; returns the requests for the weights file. */
async function visit(context: BrowserContext, options: object): Promise<string[]> {
  const asked: string[] = [];
  const onRequest = (r: { url(): string; method(): string }): void => {
    if (r.url().endsWith('/centernet.bin')) asked.push(r.method());
  };
  context.on('request', onRequest);
  const page = await context.newPage();
  const errors = watchErrors(page);
  await page.goto('/test/pages/blank.html');
  const found = await page.evaluate(async ({ model, options }) => {
    const { clipVideo } = await import('/test/pages/fixtures.js' as string);
    const video = await clipVideo('pedestrians_640x480_10fps', document.body, 'width:320px');
    const o = await (window as any).DetectOverlay.attach(video, { detector: 'centernet', modelUrl: model, ...options });
    const labels = await new Promise<string[]>((res) => {
      const off = o.on('detections', (e: any) => { if (e.detections.length) { off(); res(e.detections.map((d: any) => d.label)); } });
    });
    o.destroy();
    return labels;
  }, { model: MODEL, options });
  expect(found).toContain('person');
  expectNoErrors(errors);
  await page.close();
  context.off('request', onRequest);
  return asked;
}

test('a second visit reads the weights from the Cache API after a HEAD request (worker and page); cacheModels: false downloads again', async () => {
  const context = await browser.newContext();
  const storage = async (fn: () => Promise<unknown>): Promise<any> => {
    const page = await context.newPage();
    await page.goto('/test/pages/blank.html');
    const out = await page.evaluate(fn);
    await page.close();
    return out;
  };
  try {
    // A cache of the entries' earlier form (an older version of the SDK) is deleted.
    await storage(() => caches.open('detect-overlay-weights-v1').then((c) => c.put('/models/old.bin', new Response('old'))));
    expect(await visit(context, {})).toEqual(['GET']);
    const kept = await storage(async () => ({
      v1: await caches.has('detect-overlay-weights-v1'),
      entries: await caches.open('detect-overlay-weights-v2').then(async (c) => Promise.all((await c.keys()).map(async (r) => [new URL(r.url).pathname, (await c.match(r))!.headers.get('x-detect-overlay-bytes')]))),
    }));
    expect(kept.v1).toBe(false);
    expect(kept.entries).toHaveLength(1);
    expect(kept.entries[0][0]).toBe('/models/centernet/centernet.bin');
    expect(Number(kept.entries[0][1])).toBeGreaterThan(1_000_000);
    // The same origin, a new page: only asked whether it changed.
    expect(await visit(context, {})).toEqual(['HEAD']);
    // The model on the page reads the same cache (the worker and the page share the origin's storage).
    expect(await visit(context, { worker: false })).toEqual(['HEAD']);
    expect(await visit(context, { cacheModels: false })).toEqual(['GET']);
  } finally {
    await context.close();
  }
});
