/**
 * coco-ssd, with what can run here: its weights live only on their public hosting, which this
 * machine cannot reach, so these tests cover the load-failure paths in the browser. Its
 * inference adapter runs against a stubbed graph model in test/unit/coco-ssd.test.ts.
 * A live run (real weights) is what an online machine would add.
 */
import { expect, test } from '@playwright/test';
import { launch } from './browser.js';

test('coco-ssd load failures reject with model-load-failed, name the URL, and leave nothing behind', async () => {
  const browser = await launch();
  try {
    const page = await browser.newPage();
    // Make the hosted weights fail at once and deterministically (offline or online).
    await page.route(/storage\.googleapis\.com/, (route) => route.abort('internetdisconnected'));
    await page.goto('/test/pages/blank.html');
    const r = await page.evaluate(async () => {
      const DO = (window as any).DetectOverlay;
      const { clipVideo } = await import('/test/pages/fixtures.js' as string);
      const video = await clipVideo('static_dog_bicycle_640x480_15fps');
      const events: string[] = [];
      video.addEventListener('detect-overlay:error', (e: any) => events.push(e.detail.code));
      const attempt = async (options: unknown) => {
        try {
          await DO.attach(video, { backend: 'cpu', ...(options as object) });
          return { code: 'none', message: '' };
        } catch (e: any) {
          return { code: e.code, message: e.message };
        }
      };
      const hosted = await attempt({});
      const missing = await attempt({ detector: 'coco-ssd', modelUrl: '/models/no-such-model/model.json' });
      return { hosted, missing, canvases: document.querySelectorAll('canvas').length, tensors: DO.tf.memory().numTensors };
    });
    expect(r.hosted.code).toBe('model-load-failed');
    expect(r.hosted.message).toMatch(/lite_mobilenet_v2/);
    expect(r.hosted.message).toMatch(/Self-host the model and pass modelUrl/);
    expect(r.missing.code).toBe('model-load-failed');
    expect(r.missing.message).toContain('http://127.0.0.1:');
    expect(r.missing.message).toContain('/models/no-such-model/model.json');
    expect(r.missing.message).toMatch(/404/);
    expect(r.canvases).toBe(0);
    expect(r.tensors).toBe(0);
  } finally {
    await browser.close();
  }
});
