/**
 * One overlay's hold on a model: the page backend it needs (none for a server or a worker), the
 * (shared) loaded model, and, after a WebGL context loss, the switch to a live backend and reload.
 */
import type { ResolvedOptions } from '../defaults.js';
import { DetectOverlayError } from '../errors.js';
import { warn } from '../log.js';
import type { Detector, DetectorLoadOptions } from './detector.js';
import { acquireDetector, type DetectorLease } from './shared.js';
import { acquireBackend, onBackendLost, recoverBackend, releaseBackend } from './backend.js';
import { WorkerDetector } from './worker-detector.js';

/** Does this overlay run TF.js on the page? Not for a detection server, a worker, or a detector that says so. */
function needsPageBackend(o: ResolvedOptions): boolean {
  if (o.detector === 'remote' || o.worker) return false;
  return typeof o.detector === 'string' || o.detector.needsBackend !== false;
}

export class ModelSlot {
  detector: Detector | null = null;
  /** The backend the model runs on (`'none'` for a server). */
  backend = '';
  private lease: DetectorLease | null = null;
  private holdsBackend = false;
  private unwatch: (() => void) | null = null;
  private closed = false;

  /** `options`: the attach-time options (all the ones read here need a new attach to change). */
  constructor(private readonly options: ResolvedOptions) {}

  /** Starts the backend and loads the model; `onLost` fires when the backend's context is lost. */
  async open(load: DetectorLoadOptions, onLost: () => void, checkAlive: () => void): Promise<void> {
    const o = this.options;
    if (needsPageBackend(o)) {
      this.backend = await acquireBackend(o.backend, { paths: o.wasmPaths, threads: o.wasmThreads }, (m) => warn(m));
      this.holdsBackend = true;
      this.unwatch = onBackendLost(onLost);
    } else {
      this.backend = 'none';
    }
    checkAlive();
    this.lease = await acquireDetector(o, load);
    this.detector = this.lease.detector;
    if (this.detector instanceof WorkerDetector) this.backend = this.detector.backend;
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
    this.backend = await recoverBackend({ paths: o.wasmPaths, threads: o.wasmThreads });
    const lease = await acquireDetector(o, {});
    if (this.closed) {
      lease.release();
      throw new DetectOverlayError('destroyed', 'the overlay was destroyed while its model reloaded');
    }
    this.lease = lease;
    this.detector = lease.detector;
    return this.backend;
  }

  /** Gives the model back (a shared model is freed by its last user). Safe twice. */
  releaseModel(): void {
    this.lease?.release();
    this.lease = null;
    this.detector = null;
  }

  /** Gives everything back; `keepModel` while an inference still runs on it (release it when it settles). */
  close(keepModel: boolean): void {
    this.closed = true;
    this.unwatch?.();
    this.unwatch = null;
    if (!keepModel) this.releaseModel();
    if (this.holdsBackend) releaseBackend();
    this.holdsBackend = false;
  }
}
