/**
 * The detection worker (`dist/detect-overlay.worker.js`, with `worker: true`): TF.js and the
 * built-in model run here, off the page's main thread. The page keeps sampling, the motion gate
 * and drawing; it sends each frame to detect as ImageData (its buffer transferred, not copied).
 */
import { acquireBackend, engineMemory, setDefaultWasmBase, wasmThreadCount } from './detector/backend.js';
import { CenterNetDetector } from './detector/centernet.js';
import { CocoSsdDetector } from './detector/coco-ssd.js';
import type { Detector } from './types.js';
import { toDetectOverlayError } from './errors.js';
import { workerWasmThreads } from './core/backend-choice.js';
import { BASE_GLOBAL, type WorkerReply, type WorkerRequest } from './worker/protocol.js';

interface WorkerScope {
  onmessage: ((event: MessageEvent<WorkerRequest>) => void) | null;
  postMessage(message: WorkerReply): void;
  location: { href: string };
}
const scope = globalThis as unknown as WorkerScope;
const post = (message: WorkerReply): void => scope.postMessage(message);

// The .wasm files sit beside this file, as they sit beside the page bundle. Started through a
// same-origin stand-in (the script is on another origin), this file's folder is given to it.
const givenBase = (globalThis as Record<string, unknown>)[BASE_GLOBAL];
setDefaultWasmBase(typeof givenBase === 'string' ? givenBase : new URL('./', scope.location.href).href);
// TF.js gives WASM half the logical cores (it assumes two hyperthreads per core), read from
// navigator when WASM starts: one thread on a 2-core machine. This worker computes beside a page
// that mostly waits, so it takes at least two (workerWasmThreads). Only this worker's navigator says so.
// (TF.js's own setThreadsCount(2) was tried with tfjs-backend-wasm 4.22: the backend still ran 1 thread.)
const cores = navigator.hardwareConcurrency;
const threads = workerWasmThreads(cores);
if (threads * 2 > cores) Object.defineProperty(navigator, 'hardwareConcurrency', { value: threads * 2, configurable: true });

let detector: Detector | null = null;

function failed(id: number, error: unknown, fallback: 'model-load-failed' | 'detection-failed'): void {
  const e = toDetectOverlayError(error, fallback, id === 0 ? 'loading in the worker failed' : 'detection in the worker failed');
  // The page makes a DetectOverlayError of it again, which adds the "[detect-overlay] code:" prefix itself.
  post({ type: 'failed', id, code: e.code, message: e.detail });
}

scope.onmessage = async ({ data }) => {
  if (data.type === 'load') {
    try {
      const backend = await acquireBackend(data.backend, { paths: data.wasmPaths, threads: data.wasmThreads },
        (message) => post({ type: 'warn', message }));
      const d = data.detector === 'centernet' ? new CenterNetDetector(data.modelUrl, data.loadTimeoutMs)
        : new CocoSsdDetector(data.base, data.modelUrl, undefined, data.loadTimeoutMs);
      await d.load({ onProgress: (fraction) => post({ type: 'progress', fraction }) });
      detector = d;
      post({ type: 'loaded', backend, threads: wasmThreadCount(), defaultScoreThreshold: d.defaultScoreThreshold });
    } catch (error) {
      failed(0, error, 'model-load-failed');
    }
    return;
  }
  if (data.type === 'memory') {
    post({ type: 'memory', id: data.id, ...engineMemory() });
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
