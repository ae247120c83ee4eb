/**
 * coco-ssd, with what can run here: its weights live only on their public hosting, which this
 * machine cannot reach. So: the load-failure paths, and the whole self-hosted path (coco-ssd's own
 * loader, TF.js's graph-model parser, our inference and decoding, in the worker and on the page)
 * on a stand-in graph that has coco-ssd's input and output signature and emits two fixed boxes.
 * Its inference adapter also runs against a stubbed graph in test/unit/coco-ssd.test.ts.
 * A live run (real weights) is what an online machine would add.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { expect, test } from '@playwright/test';
import { launch } from './browser.js';

/**
 * Writes a stand-in for coco-ssd's graph model (test/pages/build is generated, not committed):
 * input `image_tensor` int32 [1, h, w, 3]; outputs scores [1, 2, 90] and boxes [1, 2, 1, 4]
 * (ymin, xmin, ymax, xmax as fractions), in that order, as coco-ssd's own graph. Constants, no weights.
 */
function writeStandInGraph(): string {
  const dir = new URL('../pages/build/coco-ssd-stand-in/', import.meta.url);
  mkdirSync(dir, { recursive: true });
  const scores = new Float32Array(2 * 90);
  scores[0] = 0.9;        // box 0: class column 0, COCO id 1: person
  scores[90 + 17] = 0.7;  // box 1: class column 17, COCO id 18: dog
  const boxes = new Float32Array([0.1, 0.1, 0.6, 0.5, 0.5, 0.5, 0.9, 0.9]);
  writeFileSync(new URL('weights.bin', dir), Buffer.concat([Buffer.from(scores.buffer), Buffer.from(boxes.buffer)]));
  const shape = (dims: number[]) => ({ dim: dims.map((size) => ({ size: String(size) })) });
  const constant = (name: string, dims: number[]) => ({ name, op: 'Const', attr: { value: { tensor: { dtype: 'DT_FLOAT', tensorShape: shape(dims) } }, dtype: { type: 'DT_FLOAT' } } });
  const node = [
    { name: 'image_tensor', op: 'Placeholder', attr: { dtype: { type: 'DT_INT32' }, shape: { shape: shape([1, -1, -1, 3]) } } },
    constant('scores', [1, 2, 90]),
    constant('boxes', [1, 2, 1, 4]),
    // The outputs; the control input makes the image an input rather than an output of its own.
    { name: 'detection_scores', op: 'Identity', input: ['scores', '^image_tensor'], attr: { T: { type: 'DT_FLOAT' } } },
    { name: 'detection_boxes', op: 'Identity', input: ['boxes'], attr: { T: { type: 'DT_FLOAT' } } },
  ];
  writeFileSync(new URL('model.json', dir), JSON.stringify({
    format: 'graph-model', generatedBy: 'detect-overlay tests', convertedBy: 'detect-overlay tests',
    modelTopology: { node, library: {}, versions: {} },
    weightsManifest: [{ paths: ['weights.bin'], weights: [{ name: 'scores', shape: [1, 2, 90], dtype: 'float32' }, { name: 'boxes', shape: [1, 2, 1, 4], dtype: 'float32' }] }],
  }));
  return '/test/pages/build/coco-ssd-stand-in/model.json';
}

test('self-hosted coco-ssd (a stand-in graph): loads through coco-ssd\'s loader, boxes land in video pixels, in the worker and on the page', async () => {
  const modelUrl = writeStandInGraph();
  const browser = await launch();
  try {
    const page = await browser.newPage();
    await page.goto('/test/pages/blank.html');
    const r = await page.evaluate(async (url) => {
      const DO = (window as any).DetectOverlay;
      const { clipVideo, until } = await import('/test/pages/fixtures.js' as string);
      const video = await clipVideo('static_dog_bicycle_640x480_15fps');
      const runs = [];
      for (const worker of [true, false]) {
        const overlay = await DO.attach(video, { detector: 'coco-ssd', modelUrl: url, worker, backend: 'wasm', tracking: false });
        const event: any = await new Promise((resolve) => overlay.on('detections', resolve));
        runs.push({ worker: overlay.stats.worker, frame: event.frame, detections: event.detections.map((d: any) => ({ label: d.label, score: d.score, bbox: d.bbox })) });
        overlay.destroy();
      }
      video.remove();
      // An inference still in flight at destroy() releases the model when it lands.
      await until(() => DO.tf.memory().numTensors === 0, 'the model to be freed').catch(() => {});
      return { runs, canvases: document.querySelectorAll('canvas').length, tensors: DO.tf.memory().numTensors };
    }, modelUrl);
    for (const [i, worker] of [true, false].entries()) {
      const run = r.runs[i]!;
      expect(run.worker).toBe(worker);
      expect(run.frame).toEqual({ width: 640, height: 480 });
      const [person, dog] = [...run.detections].sort((a, b) => b.score - a.score);
      expect(run.detections).toHaveLength(2);
      expect(person!.label).toBe('person');
      expect(person!.score).toBeCloseTo(0.9, 5);
      // [ymin, xmin, ymax, xmax] = [0.1, 0.1, 0.6, 0.5] of 640x480 → x 64, y 48, w 256, h 240.
      person!.bbox.forEach((v: number, k: number) => expect(v).toBeCloseTo([64, 48, 256, 240][k]!, 0));
      expect(dog!.label).toBe('dog');
      dog!.bbox.forEach((v: number, k: number) => expect(v).toBeCloseTo([320, 240, 256, 192][k]!, 0));
    }
    expect(r.canvases).toBe(0);
    expect(r.tensors).toBe(0);
  } finally {
    await browser.close();
  }
});

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
