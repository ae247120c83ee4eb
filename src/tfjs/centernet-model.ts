/**
 * CenterNet (MobileNetV3, COCO-80) as a TF.js graph model: input [1,512,512,3] raw 0..255,
 * output `tower_0/detections` [1,100,6] rows x1,y1,x2,y2,score,class in 512-px space.
 * The frame is stretched to the square. The model's own inference code letterboxes instead (aspect
 * kept, black bands); measured 2026-12-01 on the shared media, that found as many of the photos'
 * objects (14 of 20) with fewer false labels (6 vs 8), but on the pedestrians clip (6 frames) fewer
 * persons (40 vs 44) and many more false "sports ball" boxes (36 vs 10): small people shrink further.
 */
import * as tf from '@tensorflow/tfjs-core';
import type { GraphModel } from '@tensorflow/tfjs-converter';
import type { Detection, DetectOptions, Detector, DetectorInput, DetectorLoadOptions } from '../types.js';
import { decodeCenterNet } from '../core/detections.js';
import { DetectOverlayError } from '../errors.js';
import { disposeOutput, loadGraph, type FileOptions } from './graph-model.js';
import { currentBackend } from './internals.js';

const SIZE = 512;
const OUTPUT = 'tower_0/detections';

/** The TF.js side of `CenterNetDetector` (detector/centernet.ts), in the runtime chunk. */
export class CenterNetModel implements Detector {
  readonly name = 'centernet';
  readonly defaultScoreThreshold = 0.3;
  private model: GraphModel | null = null;

  /**
   * `files.timeoutMs`: the model's files must have arrived by then (0: no limit); `files.cache`:
   * keep the weights in the Cache API. `alone`: nothing else runs on this TF.js, so a failed load
   * may free every tensor it made (see inLoadScope).
   */
  constructor(private readonly url: string, private readonly files: FileOptions, private readonly alone: () => boolean) {}

  async load(options: DetectorLoadOptions): Promise<void> {
    const model = await loadGraph(this.url, { ...options, ...this.files, alone: this.alone() });
    const shape = model.inputs[0]?.shape;
    if (!model.outputs.some((o) => o.name === OUTPUT) || (shape && shape.length !== 4)) {
      model.dispose();
      throw new DetectOverlayError('model-load-failed',
        `${this.url} is not a CenterNet model: expected a 4-D input and an output named "${OUTPUT}"`);
    }
    this.model = model;
    // Warm-up on WebGL: the first run compiles shaders and would stall the first real frame. On
    // WASM and the CPU the first run's set-up (packing the weights) costs the same on a real frame,
    // which then gives a result: a warm-up there only delays the first box (by ~0.2 s here).
    if (currentBackend() !== 'webgl') return;
    const zeros = tf.zeros([1, SIZE, SIZE, 3], 'float32');
    const out = model.execute(zeros, OUTPUT) as tf.Tensor;
    zeros.dispose();
    try {
      await out.data();
    } finally {
      out.dispose();
    }
  }

  async detect(input: DetectorInput, options: DetectOptions): Promise<Detection[]> {
    const model = this.model;
    if (!model) throw new DetectOverlayError('detection-failed', 'centernet detect() called before load()');
    const { width, height } = input;
    const batch = tf.tidy(() => tf.expandDims(tf.image.resizeBilinear(tf.browser.fromPixels(input), [SIZE, SIZE]), 0));
    let out: tf.Tensor | undefined;
    try {
      out = model.execute(batch, OUTPUT) as tf.Tensor;
    } finally {
      batch.dispose();
    }
    try {
      const rows = await out.data();
      return decodeCenterNet(rows, SIZE, width, height, options.minScore, options.maxDetections);
    } finally {
      disposeOutput(out);
    }
  }

  dispose(): void {
    this.model?.dispose();
    this.model = null;
  }
}
