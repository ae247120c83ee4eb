/**
 * One overlay's hold on a model: where it runs (the page or the detection worker), the page
 * backend it needs (none for a server or a worker), the (shared) loaded model, and, after a WebGL
 * context loss, the switch to a live backend and reload.
 */
import type { ModelOptions, PlacedModelOptions } from '../options/views.js';
import { DetectOverlayError, isDetectOverlayError } from '../errors.js';
import { logError, warn } from '../log.js';
import { placeModel, workerRunsWebgl } from '../core/backend-choice.js';
import type { Detector, DetectorLoadOptions } from '../types.js';
import type { ModelMemory } from '../event-types.js';
import type { DetectorLease } from './model-cache.js';
import { createDetector } from './create.js';
import { WorkerDetector } from '../worker/client.js';
import { CenterNetDetector } from './centernet.js';
import { registry } from '../registry.js';
import type { BackendManager } from '../tfjs/backend-manager.js';

/** Does this overlay run TF.js on the page? Not for a detection server, a worker, or a detector that says so. */
function needsPageBackend(o: PlacedModelOptions): boolean {
  if (o.detector === 'remote' || o.worker) return false;
  return typeof o.detector === 'string' || o.detector.needsBackend !== false;
}

export class ModelSlot {
  detector: Detector | null = null;
  /** The backend the model runs on (`'none'` for a server). */
  backend = '';
  private lease: DetectorLease | null = null;
  /** The detector when it is the stand-in for the detection worker. */
  private worker: WorkerDetector | null = null;
  /** The page's TF.js backend while this overlay holds it (its model runs on the page). */
  private held: BackendManager | null = null;
  private unwatch: (() => void) | null = null;
  private closed = false;
  /** The attach-time options with the model's place settled (all the ones read here need a new attach to change). */
  private options: PlacedModelOptions;

  constructor(private readonly requested: ModelOptions) {
    this.options = { ...requested, worker: requested.worker === true };
  }

  /** What the TF.js engine running the model holds: the worker's, or the page's. */
  async memory(): Promise<ModelMemory> {
    if (this.worker) return { where: 'worker', ...(await this.worker.memory()) };
    if (!needsPageBackend(this.options)) return { where: 'server', numTensors: 0, numBytes: 0 };
    return { where: 'page', ...(registry.backends?.memory() ?? { numTensors: 0, numBytes: 0 }) };
  }

  /**
   * Where the model runs, for stats: its backend, whether in the detection worker, and the threads
   * its WASM computes on (1: single-threaded; 0: not WASM).
   */
  get placement(): { backend: string; worker: boolean; threads: number } {
    const threads = this.worker ? this.worker.threads : this.backend === 'wasm' ? registry.backends?.wasmThreads() ?? 0 : 0;
    return { backend: this.backend, worker: this.worker !== null, threads };
  }

  /**
   * Decides where the model runs (`worker: 'auto'`: in the worker when it would compute on the
   * CPU), starts the backend and loads the model; `onLost` fires when the backend's context is
   * lost. With `'auto'`, a worker that cannot start (its script missing, forbidden by a CSP) leaves
   * the model on the page, with a warning.
   */
  async open(load: DetectorLoadOptions, onLost: () => void, checkAlive: () => void): Promise<void> {
    try {
      await this.place(load, onLost, checkAlive);
    } catch (error) {
      // A file of the SDK's own that is not where it should be is a broken set-up, not a passing
      // fault: it goes to the console too (once per page), where a developer looks first.
      if (isDetectOverlayError(error, 'asset-not-found') && !registry.warned.has(error.message)) {
        registry.warned.add(error.message);
        logError(error.message);
      }
      throw error;
    }
  }

  private async place(load: DetectorLoadOptions, onLost: () => void, checkAlive: () => void): Promise<void> {
    const r = this.requested;
    const place = placeModel({ worker: r.worker, detector: r.detector, backend: r.backend, workers: typeof Worker === 'function' }, () => registry.probe());
    if (place === 'worker') {
      this.options = { ...r, worker: true };
      try {
        return await this.load(load, onLost, checkAlive);
      } catch (error) {
        // The worker script missing, refused, or not locatable (no workerUrl, no bundle URL).
        if (r.worker !== 'auto' || !isDetectOverlayError(error, 'backend-unavailable')) throw error;
        if (!registry.warned.has(error.detail)) {
          registry.warned.add(error.detail);
          warn(`${error.detail}; running the model on the page instead (worker: false skips the worker, worker: true makes this an error)`);
        }
        checkAlive();
      }
    }
    this.options = { ...r, worker: false };
    await this.load(load, onLost, checkAlive);
  }

  private async load(load: DetectorLoadOptions, onLost: () => void, checkAlive: () => void): Promise<void> {
    const o = this.options;
    // On the page, CenterNet's files download while TF.js and its backend start (as in the detection
    // worker); the load below takes them. Dropped if it never comes (a backend that failed, closed meanwhile).
    const drop = needsPageBackend(o) && o.detector === 'centernet'
      ? registry.models.early(o, () => this.create(), (d) => { if (d instanceof CenterNetDetector) d.prefetch({ onProgress: load.onProgress }); })
      : () => undefined;
    try {
      if (needsPageBackend(o)) {
        const { backends } = await registry.runtime();
        const backend = await backends.acquire(o.backend, { paths: o.wasmPaths, threads: o.wasmThreads }, (m) => warn(m));
        // Closed meanwhile (destroyed, or the load timed out): give it straight back.
        if (this.closed) backends.release();
        this.throwIfClosed();
        this.backend = backend;
        this.held = backends;
        this.unwatch = backends.onLost(onLost);
      } else {
        this.backend = 'none';
      }
      checkAlive();
      const lease = await this.acquireModel(load);
      if (this.closed) lease.release();
      this.throwIfClosed();
      this.lease = lease;
      this.detector = this.lease.detector;
      this.worker = this.detector instanceof WorkerDetector ? this.detector : null;
      if (this.worker) this.backend = this.worker.backend;
    } finally {
      drop();
    }
  }

  /**
   * After a context loss: frees the dead model (the user's own detector is asked to `dispose()`
   * and is loaded again), moves the page to a live backend, loads the model there. Returns it.
   */
  async reload(): Promise<string> {
    const own = typeof this.options.detector !== 'string' ? this.detector : null;
    this.releaseModel();
    own?.dispose();
    const o = this.options;
    const { backends } = await registry.runtime();
    this.backend = await backends.recover({ paths: o.wasmPaths, threads: o.wasmThreads }, (m) => warn(m));
    const lease = await this.acquireModel({});
    if (this.closed) lease.release();
    this.throwIfClosed();
    this.lease = lease;
    this.detector = lease.detector;
    return this.backend;
  }

  private acquireModel(load: DetectorLoadOptions): Promise<DetectorLease> {
    return registry.models.acquire(this.options, load, () => this.create());
  }

  /** The detector the options name (not loaded). */
  private create(): Detector {
    const o = this.options;
    const webgl = o.worker && workerRunsWebgl(o.backend, () => registry.probe());
    return createDetector(o, { workerUrl: registry.workerUrl(webgl), wasm: registry.wasmLocation() });
  }

  private throwIfClosed(): void {
    if (this.closed) throw new DetectOverlayError('destroyed', 'the overlay was destroyed while its model loaded');
  }

  /** Gives the model back (a shared model is freed by its last user). Safe twice. */
  releaseModel(): void {
    this.lease?.release();
    this.lease = null;
    this.detector = null;
    this.worker = null;
  }

  /** Gives everything back; `keepModel` while an inference still runs on it (release it when it settles). */
  close(keepModel: boolean): void {
    this.closed = true;
    this.unwatch?.();
    this.unwatch = null;
    // A detection server's request in flight is aborted rather than waited for.
    if (!keepModel || this.lease?.cancelsInFlight) this.releaseModel();
    this.held?.release();
    this.held = null;
  }
}
