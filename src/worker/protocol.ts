/** Messages between the page and the detection worker (`worker: true`): their types, and one name both sides share. */
import type { ActiveBackend, BackendName, CocoSsdBase, Detection, DetectOptions } from '../types.js';
import type { DetectOverlayErrorCode } from '../errors.js';
import type { WasmLocation } from '../net/assets.js';

/**
 * The global a cross-origin worker's same-origin stand-in sets before importing the real script:
 * the folder that script lives in (its own `location` is then the stand-in's blob: URL).
 */
export const BASE_GLOBAL = 'detectOverlayWorkerBase';

/** What the worker needs to load a built-in model: plain data, absolute URLs. */
export interface WorkerLoadConfig {
  detector: 'centernet' | 'coco-ssd';
  base: CocoSsdBase;
  /** Absolute, resolved against the page (the worker's own URL is elsewhere). */
  modelUrl: string | undefined;
  backend: BackendName;
  /** The page's `wasmPaths`, absolute. */
  wasmPaths: string | undefined;
  /** Where the .wasm files are when `wasmPaths` is not set: where the app's build put them (undefined: beside the worker). */
  wasmShipped: WasmLocation | undefined;
  wasmThreads: boolean | undefined;
  /** The model's files must have arrived by then (0: no limit). */
  loadTimeoutMs: number;
  /** Keep the weights in the Cache API (the worker has its own `caches`, the same storage). */
  cacheModels: boolean;
}

export type WorkerRequest =
  | ({ type: 'load' } & WorkerLoadConfig)
  | { type: 'detect'; id: number; image: ImageData; options: DetectOptions }
  | { type: 'memory'; id: number };

export type WorkerReply =
  /** `threads`: what the worker's WASM computes on (1: single-threaded; 0: not WASM). */
  | { type: 'loaded'; backend: ActiveBackend; threads: number; defaultScoreThreshold: number | undefined }
  | { type: 'progress'; fraction: number }
  | { type: 'warn'; message: string }
  | { type: 'result'; id: number; detections: Detection[] }
  | { type: 'memory'; id: number; numTensors: number; numBytes: number }
  /** `id` 0 is the load. */
  | { type: 'failed'; id: number; code: DetectOverlayErrorCode; message: string };
