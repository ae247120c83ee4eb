/** Builds the detector the options name (a user's detector object is returned as is). */
import type { PlacedModelOptions } from '../options/views.js';
import { DetectOverlayError } from '../errors.js';
import type { Detector } from '../types.js';
import { CENTERNET_DEFAULT_URL, CenterNetDetector } from './centernet.js';
import { CocoSsdDetector } from './coco-ssd.js';
import { RemoteDetector } from './remote.js';
import { WorkerDetector } from '../worker/client.js';
import { absoluteUrl, besideBundle } from '../net/urls.js';

/** The worker script's file name, beside the bundles in dist/. */
export const WORKER_FILE = 'detect-overlay.worker.js';

/** `bundleFolder`: where the worker script is when no `workerUrl` is given (undefined: the module's folder). */
export function createDetector(options: PlacedModelOptions, bundleFolder: string | undefined): Detector {
  const d = options.detector;
  if (typeof d !== 'string') return d;
  if (d === 'remote') return new RemoteDetector(options.apiServer!, options.requestTimeoutMs);
  if (options.worker) return workerDetector(d, options, bundleFolder);
  if (d === 'centernet') return new CenterNetDetector(options.modelUrl, options.loadTimeoutMs);
  return new CocoSsdDetector(options.base, options.modelUrl, undefined, options.loadTimeoutMs);
}

/** The worker resolves URLs against its own address, so every URL goes to it absolute (page-relative). */
function workerDetector(d: 'centernet' | 'coco-ssd', o: PlacedModelOptions, bundleFolder: string | undefined): WorkerDetector {
  const url = o.workerUrl ? absoluteUrl(o.workerUrl) : besideBundle(WORKER_FILE, bundleFolder);
  // Nowhere to start the worker from: the same failure as a missing script (with 'auto', the page takes over).
  if (!url) throw new DetectOverlayError('backend-unavailable', 'the detection worker has no script URL: the bundle\'s own folder is unknown (set workerUrl)');
  const modelUrl = o.modelUrl ?? (d === 'centernet' ? CENTERNET_DEFAULT_URL : undefined);
  return new WorkerDetector({
    detector: d,
    base: o.base,
    modelUrl: modelUrl === undefined ? undefined : absoluteUrl(modelUrl),
    backend: o.backend,
    wasmPaths: o.wasmPaths === undefined ? undefined : absoluteUrl(o.wasmPaths),
    wasmThreads: o.wasmThreads,
    loadTimeoutMs: o.loadTimeoutMs,
  }, url);
}
