/**
 * The TF.js backend of one TF.js (the page's, or the detection worker's): which one runs, who
 * holds it, and what happens when its context is lost. TF.js has one global backend, and switching
 * it under a running model breaks that model, so the first overlay chooses and later ones share it.
 * One instance per TF.js, in the registry (registry.ts).
 */
import * as tf from '@tensorflow/tfjs-core';
import type { ActiveBackend, BackendName } from '../types.js';
import { backendCandidates, isSoftwareRenderer, keepsPageBackend, type BackendProbe } from '../core/backend-choice.js';
import { DetectOverlayError, isDetectOverlayError } from '../errors.js';
import type { WasmLocation } from '../net/assets.js';
import { currentBackend, watchWebglLoss } from './internals.js';
import { WasmSetup, type WasmChoice } from './wasm.js';
import { failFastOnThreads, ThreadsFailed } from './thread-failure.js';
import { importWebgl, webglIncluded } from './webgl-package.js';

/** A backend start that takes longer than this counts as failed (a WASM start can hang). */
const START_TIMEOUT_MS = 20_000;

/** How a caller hears about choices it did not ask for (another backend already runs, a slow start). */
export type Warn = (message: string) => void;

/** A backend's package (it registers the backend), a chunk of its own in an app's build, loaded when chosen. */
async function importBackend(name: ActiveBackend): Promise<void> {
  try {
    if (name === 'webgl') await importWebgl();
    else if (name === 'wasm') await import('@tensorflow/tfjs-backend-wasm');
    else await import('@tensorflow/tfjs-backend-cpu');
  } catch (error) {
    throw new DetectOverlayError('asset-not-found', `TF.js's ${name} backend (a chunk loaded when chosen) could not be loaded: ${String(error)}`, error);
  }
}

export class BackendManager {
  private users = 0;
  /** The active backend was set by us (not by the app sharing this TF.js). */
  private chosenByUs = false;
  /** Backends whose context was lost: never chosen again (TF.js cannot restore one). */
  private readonly lost = new Set<ActiveBackend>();
  private readonly lossListeners = new Set<(backend: ActiveBackend) => void>();
  private watchedCanvas: EventTarget | null = null;
  private lossCount = 0;
  /** One start or switch at a time: overlays attached together must not initialise backends concurrently. */
  private queue: Promise<void> = Promise.resolve();
  readonly wasm: WasmSetup;

  /** `wasmFiles`: where the .wasm files are when `wasmPaths` is not set; `probe`: what the browser offers. */
  constructor(wasmFiles: () => WasmLocation | undefined, private readonly probe: () => BackendProbe, blobWorkers: () => Promise<boolean>) {
    this.wasm = new WasmSetup(wasmFiles, blobWorkers);
  }

  /** Bumped on every context loss: models loaded before it belong to a dead backend. */
  get generation(): number {
    return this.lossCount;
  }

  /** How many overlays hold the backend now. */
  get holders(): number {
    return this.users;
  }

  /** What this TF.js holds now: live tensors and their bytes. */
  memory(): { numTensors: number; numBytes: number } {
    const { numTensors, numBytes } = tf.memory();
    return { numTensors, numBytes };
  }

  /** Threads the WASM backend computes on; 0 when WASM is not the backend. */
  wasmThreads(): number {
    return currentBackend() === 'wasm' ? this.wasm.threadCount() : 0;
  }

  /** Calls `listener` when the backend's context is lost. Returns the unsubscribe function. */
  onLost(listener: (backend: ActiveBackend) => void): () => void {
    this.lossListeners.add(listener);
    return () => this.lossListeners.delete(listener);
  }

  /**
   * Makes sure a backend runs and returns its name; the caller holds it until `release()`. A later
   * request for another backend than the one running gets `warn` and the one in use.
   */
  acquire(requested: BackendName, wasm: WasmChoice, warn: Warn): Promise<ActiveBackend> {
    return this.serially(async () => {
      const name = await this.choose(requested, wasm, warn);
      this.users++;
      return name;
    });
  }

  /** Gives back what `acquire` took. */
  release(): void {
    this.users = Math.max(0, this.users - 1);
  }

  /**
   * After a context loss: makes sure a live backend runs (the best of `auto` minus lost ones,
   * i.e. WASM, else CPU) and returns it. Overlays recovering together share one switch.
   */
  recover(wasm: WasmChoice, warn: Warn): Promise<ActiveBackend> {
    return this.serially(async () => {
      const active = currentBackend();
      if (active && !this.lost.has(active)) return active;
      return this.switchTo(this.candidates('auto'), wasm, warn);
    });
  }

  private serially<T>(step: () => Promise<T>): Promise<T> {
    const run = this.queue.then(step);
    this.queue = run.then(() => undefined, () => undefined);
    return run;
  }

  /** The backends to try, best first: never a lost one, nor WebGL in a build without it (the lean worker). */
  private candidates(requested: BackendName): ActiveBackend[] {
    if (requested === 'webgl' && !webglIncluded) {
      throw new DetectOverlayError('asset-not-found', 'backend "webgl" was requested, but this worker script has no WebGL backend: start detect-overlay.worker-webgl.js (set workerUrl to it), or leave workerUrl unset');
    }
    return backendCandidates(requested, this.probe()).filter((n) => !this.lost.has(n) && (n !== 'webgl' || webglIncluded));
  }

  private async choose(requested: BackendName, wasm: WasmChoice, warn: Warn): Promise<ActiveBackend> {
    const current = currentBackend();
    // A backend whose context was lost is as good as none.
    const active = current && !this.lost.has(current) ? current : null;
    if (active && this.users > 0) {
      if (requested !== 'auto' && requested !== active) {
        warn(`backend "${requested}" requested, but "${active}" already runs other overlays on this page; using "${active}"`);
      }
      return active;
    }
    // The page (an app sharing this TF.js) already runs a backend: `auto` keeps it rather than
    // switching under the app's models, unless it is WebGL on a software renderer.
    if (active && requested === 'auto' && !this.chosenByUs) {
      if (keepsPageBackend(active, this.probe())) {
        if (active === 'webgl') this.watchLoss();
        return active;
      }
      warn('the page runs TF.js on software-rendered WebGL; switching to a faster backend');
    }
    let candidates = this.candidates(requested);
    if (candidates.length === 0) {
      candidates = this.candidates('auto');
      warn(`backend "${requested}" lost its context on this page; using ${JSON.stringify(candidates[0])} instead`);
    }
    return this.switchTo(candidates, wasm, warn);
  }

  private async switchTo(candidates: ActiveBackend[], wasm: WasmChoice, warn: Warn): Promise<ActiveBackend> {
    for (const [i, name] of candidates.entries()) {
      if (await this.trySet(name, wasm, warn)) {
        this.chosenByUs = true;
        if (name === 'webgl') this.watchLoss();
        return name;
      }
      // Never a silent step down: the next one may be many times slower (software WebGL, plain JS).
      const next = candidates[i + 1];
      if (next) warn(`the ${name} backend could not start; trying ${next}${next === 'webgl' && isSoftwareRenderer(this.probe().webglRenderer) ? ' (software-rendered here: about 20x slower)' : ''}`);
    }
    const where = candidates.includes('wasm') ? ` (wasm files looked for at ${this.wasm.describe(wasm)})` : '';
    throw new DetectOverlayError('backend-unavailable', `no TF.js backend could start from ${JSON.stringify(candidates)}${where}`);
  }

  /**
   * Starts `name`; false when it cannot run here. A file that is not where it should be (a .wasm
   * file, a backend's chunk) is an `asset-not-found` error instead: trying the next backend would
   * hide a broken set-up behind one that runs 20x slower. WASM whose threads break while it starts
   * (a bundler's minifier rewrote TF.js's thread code) starts again without them, or, when the user
   * asked for threads (`wasmThreads: true`), is a `backend-unavailable` error.
   */
  private async trySet(name: ActiveBackend, wasm: WasmChoice, warn: Warn): Promise<boolean> {
    await importBackend(name);
    const threads = name === 'wasm' && (await this.wasm.prepare(wasm));
    try {
      return await this.start(name, warn, threads);
    } catch (error) {
      if (!(error instanceof ThreadsFailed)) throw error;
      if (wasm.threads === true) {
        throw new DetectOverlayError('backend-unavailable', `WASM threads failed to start: ${error.message} (wasmThreads: true; leave it unset to start without threads where they fail)`);
      }
      warn(`WASM threads failed to start: ${error.message}; TF.js starts again without WASM threads, on one thread `
        + '(a bundler\'s minifier may have rewritten TF.js\'s thread code; set wasmThreads: false to skip this attempt)');
      this.wasm.withoutThreads();
      return this.start(name, warn, false);
    }
  }

  /** Sets `name` as TF.js's backend and waits for it; false when it fails or hangs. `threads`: watch WASM's threads as it starts. */
  private async start(name: ActiveBackend, warn: Warn, threads: boolean): Promise<boolean> {
    let timer: ReturnType<typeof setTimeout> | undefined;
    try {
      // A WASM start can hang rather than fail (threads whose blob: workers a CSP blocks): bound it.
      const started = Promise.resolve(tf.setBackend(name)).then(async (ok) => ok && (await tf.ready(), true));
      const timeout = new Promise<boolean>((resolve) => {
        timer = setTimeout(() => {
          warn(`the ${name} backend did not start within ${START_TIMEOUT_MS / 1000} s` +
            (name === 'wasm' ? ' (WASM threads blocked by a Content-Security-Policy? set wasmThreads: false)' : ''));
          resolve(false);
        }, START_TIMEOUT_MS);
      });
      const first = Promise.race([started, timeout]);
      return await (threads ? failFastOnThreads(first) : first);
    } catch (error) {
      if (isDetectOverlayError(error, 'asset-not-found') || error instanceof ThreadsFailed) throw error;
      return false;
    } finally {
      clearTimeout(timer);
    }
  }

  /**
   * Listens for the loss of the WebGL context TF.js computes on (GPU reset, driver update, too many
   * contexts, a mobile tab backgrounded). After a loss every texture, and so every model weight on
   * WebGL, is gone, and TF.js has no way back: listeners switch to another backend and reload.
   */
  private watchLoss(): void {
    this.watchedCanvas = watchWebglLoss(() => {
      this.lost.add('webgl');
      this.lossCount++;
      for (const listener of [...this.lossListeners]) listener('webgl');
    }, this.watchedCanvas) ?? this.watchedCanvas;
  }
}
