/** Builds the detector the options name (a user's detector object is returned as is). */
import type { PlacedModelOptions } from '../options/views.js';
import { DetectOverlayError } from '../errors.js';
import type { Detector } from '../types.js';
import { CENTERNET_DEFAULT_URL, CenterNetDetector } from './centernet.js';
import { CocoSsdDetector } from './coco-ssd.js';
import { RemoteDetector } from './remote.js';
import { WorkerDetector } from '../worker/client.js';
import { absoluteUrl } from '../net/urls.js';
import type { WasmLocation } from '../net/assets.js';

/** Where the SDK's own files are when the options do not say (the registry knows). */
export interface ShippedFiles {
  workerUrl: string | undefined;
  wasm: WasmLocation | undefined;
}

export function createDetector(options: PlacedModelOptions, shipped: ShippedFiles): Detector {
  const d = options.detector;
  if (typeof d !== 'string') return d;
  if (d === 'remote') return new RemoteDetector(options.apiServer!, options.requestTimeoutMs);
  if (options.worker) return workerDetector(d, options, shipped);
  if (d === 'centernet') return new CenterNetDetector(options.modelUrl, options.loadTimeoutMs, options.cacheModels);
  return new CocoSsdDetector(options.base, options.modelUrl, undefined, options.loadTimeoutMs, options.cacheModels);
}

/**
 * The worker resolves URLs against its own address, so every URL goes to it absolute (page-relative).
 * It is told where the .wasm files are even by default: an app's build renames them, so the
 * worker's own folder is no guide.
 */
function workerDetector(d: 'centernet' | 'coco-ssd', o: PlacedModelOptions, shipped: ShippedFiles): WorkerDetector {
  const url = o.workerUrl ? absoluteUrl(o.workerUrl) : shipped.workerUrl;
  // Nowhere to start the worker from: the same failure as a missing script (with 'auto', the page takes over).
  if (!url) throw new DetectOverlayError('backend-unavailable', 'the detection worker has no script URL: the bundle\'s own folder is unknown (set workerUrl)');
  const modelUrl = o.modelUrl ?? (d === 'centernet' ? CENTERNET_DEFAULT_URL : undefined);
  return new WorkerDetector({
    detector: d,
    base: o.base,
    modelUrl: modelUrl === undefined ? undefined : absoluteUrl(modelUrl),
    backend: o.backend,
    wasmPaths: o.wasmPaths === undefined ? undefined : absoluteUrl(o.wasmPaths),
    wasmShipped: shipped.wasm,
    wasmThreads: o.wasmThreads,
    loadTimeoutMs: o.loadTimeoutMs,
    cacheModels: o.cacheModels,
  }, url);
}
