/**
 * Built-in detectors are shared: overlays asking for the same model (detector, base, URL) use one
 * loaded instance, counted; the last release disposes it. Nine tiles of a video grid load one model.
 * A detector object the user passes is theirs: loaded per attach, never disposed here.
 */
import type { PlacedModelOptions } from '../options/views.js';
import { abortedError } from '../errors.js';
import type { Detector, DetectorLoadOptions } from '../types.js';
import { createDetector } from './create.js';
import { absoluteUrl } from './urls.js';
import { backendGeneration } from './backend.js';

interface Entry {
  detector: Detector;
  refs: number;
  ready: Promise<void>;
  settled: boolean;
  controller: AbortController;
}

const cache = new Map<string, Entry>();

/** A loaded detector and the function that gives it back. */
export interface DetectorLease {
  detector: Detector;
  release(): void;
  /**
   * Releasing while an inference runs is safe and cancels it (a detection server's request): the
   * holder need not wait for the inference to settle.
   */
  readonly cancelsInFlight?: boolean;
}

function abortable<T>(promise: Promise<T>, signal: AbortSignal | undefined): Promise<T> {
  if (!signal) return promise;
  if (signal.aborted) return Promise.reject(abortedError('loading', signal));
  return new Promise<T>((resolve, reject) => {
    const onAbort = () => reject(abortedError('loading', signal));
    signal.addEventListener('abort', onAbort, { once: true });
    promise.then(resolve, reject).finally(() => signal.removeEventListener('abort', onAbort));
  });
}

/**
 * Cache key of a built-in model; null for a user's detector object. On the page, every model runs
 * on the page's one TF.js backend; a worker starts its own, so its backend settings are part of it.
 */
export function detectorKey(o: Pick<PlacedModelOptions, 'detector' | 'base' | 'modelUrl' | 'worker' | 'workerUrl' | 'backend' | 'wasmPaths' | 'wasmThreads'>): string | null {
  // User objects are theirs; a remote detector holds no model and one request each.
  if (typeof o.detector !== 'string' || o.detector === 'remote') return null;
  const url = o.modelUrl ? absoluteUrl(o.modelUrl) : '';
  const where = o.worker ? `worker:${o.workerUrl ?? ''}|${o.backend}|${o.wasmPaths ?? ''}|${o.wasmThreads ?? ''}` : 'page';
  return `${o.detector}|${o.detector === 'coco-ssd' ? o.base : ''}|${url}|${where}`;
}

/** Loads (or joins the loading of) the detector the options name. */
export async function acquireDetector(o: PlacedModelOptions, load: DetectorLoadOptions): Promise<DetectorLease> {
  const named = detectorKey(o);
  // A model loaded before a context loss lives on a dead backend: never hand it out again.
  const key = named === null ? null : `${named}|${backendGeneration()}`;
  if (key === null) {
    const detector = createDetector(o);
    await detector.load(load);
    // A user's detector object is theirs; a detection server's client is ours, one per overlay:
    // disposing it aborts its request in flight.
    if (typeof o.detector !== 'string') return { detector, release() {} };
    let released = false;
    return { detector, cancelsInFlight: true, release() { if (!released) detector.dispose(); released = true; } };
  }
  let entry = cache.get(key);
  if (!entry) {
    const detector = createDetector(o);
    const controller = new AbortController();
    const created: Entry = { detector, refs: 0, settled: false, controller, ready: Promise.resolve() };
    created.ready = detector.load({ signal: controller.signal, onProgress: load.onProgress }).then(
      () => { created.settled = true; },
      (error: unknown) => {
        created.settled = true;
        if (cache.get(key) === created) cache.delete(key);
        detector.dispose();
        throw error;
      },
    );
    cache.set(key, created);
    entry = created;
  }
  const e = entry;
  e.refs++;
  let released = false;
  const release = (): void => {
    if (released) return;
    released = true;
    e.refs--;
    if (e.refs > 0) return;
    if (cache.get(key) === e) cache.delete(key);
    if (!e.settled) e.controller.abort();
    e.ready.then(() => e.detector.dispose(), () => {});
  };
  try {
    await abortable(e.ready, load.signal);
  } catch (error) {
    release();
    throw error;
  }
  return { detector: e.detector, release };
}
