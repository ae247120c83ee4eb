/**
 * The detection worker (`dist/detect-overlay.worker.js`, and `-worker-webgl.js` built with WebGL):
 * TF.js and the built-in model run here, off the page's main thread. The page keeps sampling, the motion gate
 * and drawing; it sends each frame to detect as ImageData (its buffer transferred, not copied).
 * The page side is client.ts; the messages are protocol.ts.
 */
import { CenterNetDetector } from '../detector/centernet.js';
import { CocoSsdDetector } from '../detector/coco-ssd.js';
import type { Detector } from '../types.js';
import { toDetectOverlayError } from '../errors.js';
import { workerWasmThreads } from '../core/backend-choice.js';
import { letWasmUseThreads } from '../tfjs/internals.js';
import { registry, setDefaultWasmBase } from '../registry.js';
import { BASE_GLOBAL, type WorkerLoadConfig, type WorkerReply, type WorkerRequest } from './protocol.js';

interface WorkerScope {
  onmessage: ((event: MessageEvent<WorkerRequest>) => void) | null;
  postMessage(message: WorkerReply): void;
  location: { href: string };
}

/** Answers the page's messages: one model per worker, loaded on `load`. */
function serve(scope: WorkerScope): void {
  const post = (message: WorkerReply): void => scope.postMessage(message);
  let detector: Detector | null = null;

  const failed = (id: number, error: unknown, fallback: 'model-load-failed' | 'detection-failed'): void => {
    const e = toDetectOverlayError(error, fallback, id === 0 ? 'loading in the worker failed' : 'detection in the worker failed');
    // The page makes a DetectOverlayError of it again, which adds the "[detect-overlay] code:" prefix itself.
    post({ type: 'failed', id, code: e.code, message: e.detail });
  };

  const load = async (config: WorkerLoadConfig): Promise<void> => {
    // An app's build renamed the .wasm files: the page knows their URLs, this worker's folder does not.
    registry.wasmFromPage = config.wasmShipped;
    const options = { onProgress: (fraction: number) => post({ type: 'progress', fraction }) };
    const d = config.detector === 'centernet' ? new CenterNetDetector(config.modelUrl, config.loadTimeoutMs, config.cacheModels)
      : new CocoSsdDetector(config.base, config.modelUrl, undefined, config.loadTimeoutMs, config.cacheModels);
    // CenterNet's files download while the backend starts (coco-ssd's loader fetches its own).
    if (d instanceof CenterNetDetector) d.prefetch(options);
    const { backends } = await registry.runtime();
    // WASM threads that break as the backend starts (a bundler's minifier rewrote their code) start again without threads there.
    const backend = await backends.acquire(config.backend, { paths: config.wasmPaths, threads: config.wasmThreads },
      (message) => post({ type: 'warn', message }));
    await d.load(options);
    detector = d;
    post({ type: 'loaded', backend, threads: backends.wasmThreads(), defaultScoreThreshold: d.defaultScoreThreshold });
  };

  scope.onmessage = async ({ data }) => {
    if (data.type === 'load') {
      await load(data).catch((error: unknown) => failed(0, error, 'model-load-failed'));
      return;
    }
    if (data.type === 'memory') {
      post({ type: 'memory', id: data.id, ...(registry.backends?.memory() ?? { numTensors: 0, numBytes: 0 }) });
      return;
    }
    // Each overlay has at most one frame in flight; overlays sharing this worker may overlap.
    try {
      if (!detector) throw new Error('no model loaded');
      post({ type: 'result', id: data.id, detections: await detector.detect(data.image, data.options) });
    } catch (error) {
      failed(data.id, error, 'detection-failed');
    }
  };
}

const scope = globalThis as unknown as WorkerScope;
// The .wasm files sit beside this file, as they sit beside the page bundle. Started through a
// same-origin stand-in (the script is on another origin), this file's folder is given to it.
const givenBase = (globalThis as Record<string, unknown>)[BASE_GLOBAL];
setDefaultWasmBase(typeof givenBase === 'string' ? givenBase : new URL('./', scope.location.href).href);
// This worker computes beside a page that mostly waits, so it takes at least two WASM threads
// (see workerWasmThreads); TF.js alone would give it one on a 2-core machine.
letWasmUseThreads(workerWasmThreads(navigator.hardwareConcurrency));
serve(scope);
