/**
 * The one place for state shared by every overlay of a page (or of the detection worker, which
 * has its own): TF.js once it is loaded (its backend and who holds it), the loaded models overlays
 * share, the overlays' turns at the machine, the gate worker, where the bundle's files are, and the warnings already shown. Everything else belongs to
 * one overlay and dies with it. Nothing else in src/ keeps mutable state at module level
 * (test/unit/limits.test.ts checks).
 */
import type { BackendManager } from './tfjs/backend-manager.js';
import type { BackendProbe } from './core/backend-choice.js';
import { ModelCache } from './detector/model-cache.js';
import { TurnDesk } from './turn-desk.js';
import { GateWorkers } from './dom/gate-worker.js';
import { GATE_WORKER_SOURCE } from './worker/gate-source.js';
import { probeBlobWorkers } from './dom/blob-workers.js';
import { probeBackends } from './tfjs/probe.js';
import { shippedWasmFiles, shippedWorkerUrl, WEBGL_WORKER_FILE, WORKER_FILE, type WasmLocation } from './net/assets.js';
import { besideBundle } from './net/urls.js';
import { DetectOverlayError, describeThrown } from './errors.js';

/** TF.js and the built-in models' TF.js code: a chunk of its own, imported on first use. */
export interface Runtime {
  code: typeof import('./tfjs/model-runtime.js');
  /** This page's (or worker's) one TF.js backend. */
  backends: BackendManager;
}

class Registry {
  /**
   * The folder the bundle is served from, when the script tag (or the worker) says so; else the
   * files are where the app's build put them (net/assets.ts).
   */
  givenBundleFolder: string | undefined;
  /** In the detection worker: where the page says the .wasm files are (first choice there). */
  wasmFromPage: WasmLocation | undefined;
  readonly models = new ModelCache(() => this.loaded?.backends.generation ?? 0);
  /** Whose frame goes to inference next, among the overlays computing on this machine (turn-desk.ts). */
  readonly turns = new TurnDesk();
  /** The worker that reads the overlays' gate frames off the main thread (dom/gate-worker.ts). */
  readonly gateWorkers = new GateWorkers(GATE_WORKER_SOURCE, () => this.blobWorkers());
  /** Warnings shown once per page, not once per overlay. */
  readonly warned = new Set<string>();
  private loaded: Runtime | null = null;
  private loading: Promise<Runtime> | null = null;
  private probed: BackendProbe | null = null;
  private blobProbe: Promise<boolean> | null = null;

  /** The TF.js backend, once TF.js is loaded; null before (no overlay has run a model here). */
  get backends(): BackendManager | null {
    return this.loaded?.backends ?? null;
  }

  /** The browser's WebGL renderer and WASM support, probed once (no TF.js needed). */
  probe(): BackendProbe {
    this.probed ??= probeBackends();
    return this.probed;
  }

  /** Whether this page may start workers from `blob:` URLs (a CSP may forbid it): asked once. */
  blobWorkers(): Promise<boolean> {
    this.blobProbe ??= probeBlobWorkers();
    return this.blobProbe;
  }

  /**
   * Loads TF.js the first time a model runs here (on the page: a GPU, `worker: false`, your own
   * detector). A page whose model runs in the worker or on a server never loads it.
   */
  runtime(): Promise<Runtime> {
    this.loading ??= import('./tfjs/model-runtime.js').then((code) => {
      this.loaded = { code, backends: new code.BackendManager(() => this.wasmLocation(), () => this.probe(), () => this.blobWorkers()) };
      return this.loaded;
    }, (error: unknown) => {
      this.loading = null;
      throw new DetectOverlayError('asset-not-found',
        `TensorFlow.js (the SDK's model code, a chunk loaded on first use) could not be loaded: ${describeThrown(error)}`, error);
    });
    return this.loading;
  }

  /** Where the `.wasm` files are when `wasmPaths` is not set. */
  wasmLocation(): WasmLocation | undefined {
    return this.wasmFromPage ?? this.givenBundleFolder ?? shippedWasmFiles();
  }

  /** Where the worker script is when `workerUrl` is not set; `webgl`: the one with WebGL's code. */
  workerUrl(webgl: boolean): string | undefined {
    return this.givenBundleFolder ? besideBundle(webgl ? WEBGL_WORKER_FILE : WORKER_FILE, this.givenBundleFolder) : shippedWorkerUrl(webgl);
  }
}

export const registry = new Registry();

/** Lets the script-tag entry (and the worker) say where its own file and the files beside it live. */
export function setDefaultWasmBase(url: string): void {
  registry.givenBundleFolder = url;
}
