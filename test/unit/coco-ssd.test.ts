/**
 * The coco-ssd adapter against a stubbed graph model, on TF.js's CPU backend in Node: the real
 * weights cannot be fetched here. The stub returns tensors shaped like coco-ssd's real outputs
 * (scores [1, N, 90], boxes [1, N, 1, 4]); what is tested is our decoding and tensor hygiene.
 */
import { expect, test } from '@playwright/test';
import * as tf from '@tensorflow/tfjs-core';
import '@tensorflow/tfjs-backend-cpu';
import { CocoSsdDetector, type CocoSsdLoader } from '../../src/detector/coco-ssd.js';
import { DetectOverlayError } from '../../src/errors.js';

test.beforeAll(async () => {
  await tf.setBackend('cpu');
});

function stubLoader(seen: { input?: number[]; disposed?: boolean; config?: unknown }): CocoSsdLoader {
  return async (config) => {
    seen.config = config;
    return {
      model: {
        async executeAsync(input: tf.Tensor) {
          seen.input = input.shape;
          const scores = new Float32Array(2 * 90);
          scores[0] = 0.92;       // box 0: class column 0 → COCO id 1, person
          scores[90 + 2] = 0.61;  // box 1: class column 2 → COCO id 3, car
          return [tf.tensor3d(scores, [1, 2, 90]), tf.tensor4d([0.1, 0.2, 0.5, 0.4, 0.5, 0.5, 1.0, 1.0], [1, 2, 1, 4])];
        },
        dispose() { seen.disposed = true; },
      },
      dispose() { seen.disposed = true; },
    };
  };
}

test('decodes coco-ssd outputs into labelled boxes in input pixels, leaking no tensor', async () => {
  const seen: { input?: number[]; disposed?: boolean; config?: unknown } = {};
  const detector = new CocoSsdDetector('mobilenet_v2', undefined, stubLoader(seen));
  await detector.load({});
  expect(seen.config).toEqual({ base: 'mobilenet_v2' });
  const before = tf.memory().numTensors;
  const frame = { width: 200, height: 100, data: new Uint8Array(200 * 100 * 4) } as unknown as ImageData;
  const out = await detector.detect(frame, { minScore: 0.5, scoreThreshold: 0.5, maxDetections: 20 });
  expect(tf.memory().numTensors).toBe(before);
  expect(seen.input).toEqual([1, 100, 200, 3]);
  expect(out.map((d) => d.label)).toEqual(['person', 'car']);
  // [ymin, xmin, ymax, xmax] normalised → [x, y, w, h] in the 200x100 input.
  expect(out[0]!.bbox.map((n) => Math.round(n))).toEqual([40, 10, 40, 40]);
  expect(out[1]!.bbox.map((n) => Math.round(n))).toEqual([100, 50, 100, 50]);
  expect(detector.defaultScoreThreshold).toBe(0.5);
  detector.dispose();
  detector.dispose();
  expect(seen.disposed).toBe(true);
});

test('a loader failure becomes model-load-failed with the self-hosting hint', async () => {
  const detector = new CocoSsdDetector('lite_mobilenet_v2', 'https://example.invalid/model.json', async () => {
    throw new Error('Failed to fetch');
  });
  const error = await detector.load({}).catch((e: unknown) => e);
  expect(error).toBeInstanceOf(DetectOverlayError);
  expect((error as DetectOverlayError).code).toBe('model-load-failed');
  expect((error as DetectOverlayError).message).toMatch(/example\.invalid\/model\.json: Failed to fetch.*modelUrl/);
});

test('an abort before loading is an aborted error, and detect before load fails clearly', async () => {
  const controller = new AbortController();
  controller.abort();
  const detector = new CocoSsdDetector('lite_mobilenet_v2', undefined, stubLoader({}));
  await expect(detector.load({ signal: controller.signal })).rejects.toMatchObject({ code: 'aborted' });
  const frame = { width: 2, height: 2, data: new Uint8Array(16) } as unknown as ImageData;
  await expect(detector.detect(frame, { minScore: 0, scoreThreshold: 0.5, maxDetections: 1 })).rejects.toMatchObject({ code: 'detection-failed' });
});
