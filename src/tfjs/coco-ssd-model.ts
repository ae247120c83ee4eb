/**
 * coco-ssd through `@tensorflow-models/coco-ssd`'s own loader (its URLs, bases and warm-up),
 * with our own inference on the loaded graph: coco-ssd's `detect()` reads results with
 * `dataSync()` (blocks the page) and switches the global backend to CPU for NMS (breaks
 * other models on the page), so we run the graph and decode with `await data()` instead.
 */
import * as tf from '@tensorflow/tfjs-core';
import type { io } from '@tensorflow/tfjs-core';
import { load as loadCocoSsd, type ObjectDetectionBaseModel } from '@tensorflow-models/coco-ssd';
import type { Detection, DetectOptions, Detector, DetectorInput, DetectorLoadOptions } from '../types.js';
import { decodeCocoSsd } from '../core/detections.js';
import { DetectOverlayError, describeThrown } from '../errors.js';
import { disposeOutput, throwIfAborted, type FileOptions } from './graph-model.js';
import { absoluteUrl } from '../net/urls.js';
import { checkedModelFiles } from './model-files.js';

/** The part of a loaded graph model this adapter uses. */
export interface CocoSsdGraph {
  executeAsync(input: tf.Tensor): Promise<tf.Tensor | tf.Tensor[]>;
  dispose(): void;
}

/** What coco-ssd's `load()` resolves to, as far as we rely on it. */
export interface CocoSsdLoaded {
  model?: CocoSsdGraph;
  dispose(): void;
}

/**
 * coco-ssd's `load()`; replaceable in tests, where its hosted weights cannot be fetched. Its
 * `modelUrl` goes straight to TF.js's `loadGraphModel`, which also takes an IOHandler: a self-hosted
 * model is fetched and checked by model-files.ts.
 */
export type CocoSsdLoader = (config: { base: ObjectDetectionBaseModel; modelUrl?: string | io.IOHandler }) => Promise<CocoSsdLoaded>;

/** The TF.js side of `CocoSsdDetector` (detector/coco-ssd.ts), in the runtime chunk. */
export class CocoSsdModel implements Detector {
  readonly name = 'coco-ssd';
  readonly defaultScoreThreshold = 0.5;
  private loaded: CocoSsdLoaded | null = null;
  private readonly loader: CocoSsdLoader;

  constructor(
    private readonly base: ObjectDetectionBaseModel,
    private readonly modelUrl: string | undefined,
    /** coco-ssd's own `load()` unless a test passes a stand-in. */
    loader: CocoSsdLoader | undefined,
    /** A self-hosted model's files: their time limit (0: none), and whether its weights are kept in the Cache API. */
    private readonly files: FileOptions,
  ) {
    this.loader = loader ?? (loadCocoSsd as unknown as CocoSsdLoader);
  }

  async load(options: DetectorLoadOptions): Promise<void> {
    throwIfAborted(options.signal, 'loading coco-ssd');
    const where = this.modelUrl ? absoluteUrl(this.modelUrl) : `coco-ssd's hosted "${this.base}" weights`;
    let loaded: CocoSsdLoaded;
    try {
      const modelUrl = this.modelUrl ? checkedModelFiles(absoluteUrl(this.modelUrl), options, this.files.timeoutMs, this.files.cache) : undefined;
      loaded = await this.loader({ base: this.base, ...(modelUrl ? { modelUrl } : {}) });
    } catch (error) {
      throwIfAborted(options.signal, 'loading coco-ssd');
      const detail = describeThrown(error);
      throw new DetectOverlayError('model-load-failed',
        `could not load ${where}: ${detail}. Offline or behind a firewall? Self-host the model and pass modelUrl.`, error);
    }
    if (!loaded.model || typeof loaded.model.executeAsync !== 'function') {
      loaded.dispose();
      throw new DetectOverlayError('model-load-failed', 'this @tensorflow-models/coco-ssd version exposes no graph model');
    }
    if (options.signal?.aborted) {
      loaded.dispose();
      throwIfAborted(options.signal, 'loading coco-ssd');
    }
    options.onProgress?.(1);
    this.loaded = loaded;
  }

  async detect(input: DetectorInput, options: DetectOptions): Promise<Detection[]> {
    const graph = this.loaded?.model;
    if (!graph) throw new DetectOverlayError('detection-failed', 'coco-ssd detect() called before load()');
    const { width, height } = input;
    const batch = tf.tidy(() => tf.expandDims(tf.browser.fromPixels(input), 0));
    let out: tf.Tensor | tf.Tensor[] | undefined;
    try {
      out = await graph.executeAsync(batch);
    } finally {
      batch.dispose();
    }
    try {
      const [scores, boxes] = Array.isArray(out) ? out : [];
      if (!scores || !boxes || scores.shape.length !== 3) {
        throw new DetectOverlayError('detection-failed', 'coco-ssd returned outputs of an unexpected shape');
      }
      const [scoreData, boxData] = await Promise.all([scores.data(), boxes.data()]);
      return decodeCocoSsd(scoreData, boxData, scores.shape[1]!, scores.shape[2]!, width, height,
        options.minScore, options.maxDetections);
    } finally {
      disposeOutput(out);
    }
  }

  dispose(): void {
    this.loaded?.dispose();
    this.loaded = null;
  }
}
