/**
 * Built-in detectors are shared: overlays asking for the same model (detector, base, URL) use one
 * loaded instance, counted; the last release disposes it. Nine tiles of a video grid load one model.
 * A detector object the user passes is theirs: loaded per attach, never disposed here.
 */
import type { PlacedModelOptions } from '../options/views.js';
import { abortedError } from '../errors.js';
import type { Detector, DetectorLoadOptions } from '../types.js';
import { absoluteUrl } from '../net/urls.js';

interface Entry {
  detector: Detector;
  refs: number;
  ready: Promise<void>;
  settled: boolean;
  controller: AbortController;
}

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

/** The page's loaded built-in models, shared by key. One instance, in the registry. */
export class ModelCache {
  private readonly cache = new Map<string, Entry>();
  /** Detectors made before their load (see `early`), by key: the next load of that key takes one. */
  private readonly made = new Map<string, Detector>();

  /** `generation`: the backend's context-loss count (a model from before a loss is dead). */
  constructor(private readonly generation: () => number) {}

  /** Loads (or joins the loading of) the detector the options name; `create` makes it when it is not loaded yet. */
  async acquire(o: PlacedModelOptions, load: DetectorLoadOptions, create: () => Detector): Promise<DetectorLease> {
    const key = this.keyOf(o);
    if (key === null) return this.own(o, load, create);
    const e = this.cache.get(key) ?? this.startLoad(key, this.take(key) ?? create(), load);
    e.refs++;
    let released = false;
    const release = (): void => {
      if (released) return;
      released = true;
      e.refs--;
      if (e.refs > 0) return;
      if (this.cache.get(key) === e) this.cache.delete(key);
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

  /**
   * Makes the shared detector `o` names now, before its load, unless it is loaded, loading or made
   * already, and calls `start` on it (CenterNet starts downloading its files, which then arrive
   * while the page's TF.js and backend start); the next `acquire` of it loads that one. Returns
   * the function that drops it if no load took it (the backend failed). Safe twice.
   */
  early(o: PlacedModelOptions, create: () => Detector, start: (detector: Detector) => void): () => void {
    const key = this.keyOf(o);
    if (key === null) return () => undefined;
    if (this.cache.has(key) || this.made.has(key)) return () => undefined;
    const detector = create();
    this.made.set(key, detector);
    start(detector);
    return () => {
      if (this.made.get(key) !== detector) return;
      this.made.delete(key);
      detector.dispose();
    };
  }

  /** The cache key of a shared model (null: not shared). A model loaded before a context loss lives on a dead backend: never handed out again. */
  private keyOf(o: PlacedModelOptions): string | null {
    const named = detectorKey(o);
    return named === null ? null : `${named}|${this.generation()}`;
  }

  private take(key: string): Detector | undefined {
    const detector = this.made.get(key);
    this.made.delete(key);
    return detector;
  }

  /**
   * A detector not shared: a user's detector object is theirs (never disposed here); a detection
   * server's client is ours, one per overlay: disposing it aborts its request in flight.
   */
  private async own(o: PlacedModelOptions, load: DetectorLoadOptions, create: () => Detector): Promise<DetectorLease> {
    const detector = create();
    await detector.load(load);
    if (typeof o.detector !== 'string') return { detector, release() {} };
    let released = false;
    return { detector, cancelsInFlight: true, release() { if (!released) detector.dispose(); released = true; } };
  }

  /** Starts loading a shared model; a failed load leaves the cache. */
  private startLoad(key: string, detector: Detector, load: DetectorLoadOptions): Entry {
    const controller = new AbortController();
    const created: Entry = { detector, refs: 0, settled: false, controller, ready: Promise.resolve() };
    created.ready = detector.load({ signal: controller.signal, onProgress: load.onProgress }).then(
      () => { created.settled = true; },
      (error: unknown) => {
        created.settled = true;
        if (this.cache.get(key) === created) this.cache.delete(key);
        detector.dispose();
        throw error;
      },
    );
    this.cache.set(key, created);
    return created;
  }
}
