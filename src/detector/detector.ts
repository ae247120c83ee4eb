import type { Detection } from '../types.js';

/** What a detector is given to look at: the sampled frame, already scaled to `sampleWidth`. */
export type DetectorInput = HTMLCanvasElement | ImageData;

/** Options passed to `Detector.load`. */
export interface DetectorLoadOptions {
  /** Cancels loading; the load then rejects with an `aborted` error. */
  signal?: AbortSignal;
  /** Called with 0..1 while weights download, where the model format reports it. */
  onProgress?: (fraction: number) => void;
}

/** Hints passed to every `Detector.detect` call. A detector may return more; the pipeline filters. */
export interface DetectOptions {
  /** Candidates under this score may be dropped early (0: the pipeline filters, so threshold changes apply at once). */
  minScore: number;
  /** The score threshold in force, e.g. to send to a detection server. */
  scoreThreshold: number;
  /** At most this many candidates are needed. */
  maxDetections: number;
}

/**
 * The one interface every detector implements, built-in or your own.
 * `detect` returns boxes in the input's pixels: `[x, y, width, height]`.
 */
export interface Detector {
  /** A short name for logs and the `ready` event, e.g. `'centernet'`. */
  readonly name: string;
  /** Score threshold this model works well with, used when the user sets none. */
  readonly defaultScoreThreshold?: number;
  /** `'canvas'`: always give me the sampled canvas; `'pixels'`: always ImageData (default: ImageData off WebGL, as TF.js reads pixels anyway). */
  readonly input?: 'canvas' | 'pixels';
  /** False when no TF.js backend is needed (a remote detector). Default true. */
  readonly needsBackend?: boolean;
  /** Loads weights and warms up. Called once before any `detect`; again after `dispose()` when the WebGL context was lost (re-create your model there). */
  load(options: DetectorLoadOptions): Promise<void>;
  /** Finds objects in one frame. Must not leak tensors. */
  detect(input: DetectorInput, options: DetectOptions): Promise<Detection[]>;
  /** Frees the model. Safe to call twice. */
  dispose(): void;
}

/** True when a value looks like a user-supplied Detector. */
export function isDetector(value: unknown): value is Detector {
  if (typeof value !== 'object' || value === null) return false;
  const v = value as Partial<Detector>;
  return typeof v.load === 'function' && typeof v.detect === 'function' && typeof v.dispose === 'function';
}
