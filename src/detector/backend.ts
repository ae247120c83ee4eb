/** Picks and initialises the TF.js backend once per page; never switched while pipelines run. */
import * as tf from '@tensorflow/tfjs-core';
import '@tensorflow/tfjs-backend-cpu';
import '@tensorflow/tfjs-backend-webgl';
import { getThreadsCount, setWasmPaths } from '@tensorflow/tfjs-backend-wasm';
import type { ActiveBackend, BackendName } from '../types.js';
import { backendCandidates, keepsPageBackend, type BackendProbe } from '../core/backend-choice.js';
import { DetectOverlayError } from '../errors.js';

let probed: BackendProbe | null = null;
let wasmPathsSet = false;
let defaultWasmBase: string | undefined;
let users = 0;
/** The active backend was set by this module (not by the app sharing TF.js). */
let chosenByUs = false;
/** Backends whose context was lost on this page: never chosen again (TF.js cannot restore one). */
const lost = new Set<ActiveBackend>();
const lossListeners = new Set<(backend: ActiveBackend) => void>();
let watchedCanvas: EventTarget | null = null;
let generation = 0;

/**
 * Listens for the loss of the WebGL context TF.js computes on (GPU reset, driver update, too many
 * contexts, a mobile tab backgrounded). After a loss every texture, and so every model weight on
 * WebGL, is gone, and TF.js has no way back: listeners switch to another backend and reload.
 */
function watchContextLoss(): void {
  const gpgpu = (tf.backend() as unknown as { gpgpu?: Gpgpu }).gpgpu;
  const canvas = gpgpu?.gl?.canvas;
  if (!gpgpu || !canvas || canvas === watchedCanvas) return;
  watchedCanvas = canvas;
  canvas.addEventListener('webglcontextlost', () => {
    releaseStuckReads(gpgpu);
    lost.add('webgl');
    generation++;
    for (const listener of [...lossListeners]) listener('webgl');
  }, { once: true });
}

/** The part of TF.js's WebGL context object that reads results back (internal to TF.js). */
interface Gpgpu {
  gl?: WebGLRenderingContext;
  itemsToPoll?: Array<{ resolveFn(): void }>;
  addItemToPoll?: (isDone: () => boolean, resolve: () => void) => void;
}

/**
 * On a lost context TF.js's pending reads (`await tensor.data()`) wait for a GPU fence that never
 * signals, and it polls for it with zero delay for ever: a busy loop on the page, and the tensors
 * of those reads never freed. So release them: the reads finish (with garbage, which the pipeline
 * drops) and their owners dispose their tensors. Later reads on the dead context finish at once.
 * This reaches into TF.js internals, defensively: if they differ, nothing happens.
 */
function releaseStuckReads(gpgpu: Gpgpu): void {
  try {
    const stuck = Array.isArray(gpgpu.itemsToPoll) ? gpgpu.itemsToPoll : [];
    if (typeof gpgpu.addItemToPoll === 'function') gpgpu.addItemToPoll = (_isDone, resolve) => resolve();
    gpgpu.itemsToPoll = [];
    for (const item of stuck) item.resolveFn();
  } catch {
    // Not the TF.js we know: leave it.
  }
}

/** Calls `listener` when the backend's context is lost. Returns the unsubscribe function. */
export function onBackendLost(listener: (backend: ActiveBackend) => void): () => void {
  lossListeners.add(listener);
  return () => lossListeners.delete(listener);
}

/** Bumped on every context loss: models loaded before it belong to a dead backend. */
export function backendGeneration(): number {
  return generation;
}

/**
 * After a context loss: makes sure a live backend runs (the best of `auto` minus lost ones,
 * i.e. WASM, else CPU) and returns it. Overlays recovering together share one switch.
 */
export function recoverBackend(wasm: { paths: string | undefined; threads: boolean | undefined }): Promise<ActiveBackend> {
  const run = queue.then(async () => {
    const active = currentBackend();
    if (active && !lost.has(active)) return active;
    return switchTo(backendCandidates('auto', probeBackends()).filter((n) => !lost.has(n)), wasm.paths, wasm.threads);
  });
  queue = run.then(() => undefined, () => undefined);
  return run;
}

async function switchTo(candidates: ActiveBackend[], wasmPaths: string | undefined, wasmThreads: boolean | undefined): Promise<ActiveBackend> {
  for (const name of candidates) {
    if (await trySet(name, wasmPaths, wasmThreads)) {
      chosenByUs = true;
      if (name === 'webgl') watchContextLoss();
      return name;
    }
  }
  const where = candidates.includes('wasm') ? ` (wasm files looked for at ${wasmPaths ?? bundleBase() ?? 'the bundle folder'})` : '';
  throw new DetectOverlayError('backend-unavailable', `no TF.js backend could start from ${JSON.stringify(candidates)}${where}`);
}

/** Lets the script-tag entry say where its own file (and the .wasm files beside it) live. */
export function setDefaultWasmBase(url: string): void {
  defaultWasmBase = url;
}

/** Absolute URL of a file shipped beside the bundle (the worker script), if known. */
export function bundleFile(name: string): string | undefined {
  const base = bundleBase();
  return base ? new URL(name, base).href : undefined;
}

function bundleBase(): string | undefined {
  if (defaultWasmBase) return defaultWasmBase;
  try {
    return new URL('./', import.meta.url).href;
  } catch {
    return undefined;
  }
}

/** Probes WebGL's unmasked renderer and WASM support once; the test context is released at once. */
export function probeBackends(): BackendProbe {
  if (probed) return probed;
  let webglRenderer: string | null = null;
  try {
    // In the detection worker there is no document: TF.js uses an OffscreenCanvas there, and so do we.
    const canvas = typeof document !== 'undefined' ? document.createElement('canvas') : new OffscreenCanvas(1, 1);
    const gl = (canvas.getContext('webgl2') ?? canvas.getContext('webgl')) as WebGLRenderingContext | null;
    if (gl) {
      const info = gl.getExtension('WEBGL_debug_renderer_info');
      webglRenderer = String(gl.getParameter(info ? info.UNMASKED_RENDERER_WEBGL : gl.RENDERER) ?? '');
      gl.getExtension('WEBGL_lose_context')?.loseContext();
    }
  } catch {
    webglRenderer = null;
  }
  probed = { webglRenderer, wasm: typeof WebAssembly === 'object' };
  return probed;
}

/** What this TF.js engine holds now: live tensors and their bytes. */
export function engineMemory(): { numTensors: number; numBytes: number } {
  const { numTensors, numBytes } = tf.memory();
  return { numTensors, numBytes };
}

/** The backend TF.js runs on now, without triggering initialisation. */
export function currentBackend(): ActiveBackend | null {
  const name = (tf.engine() as unknown as { backendName: string | null }).backendName;
  return (name as ActiveBackend | null) ?? null;
}

let blobWorkers: Promise<boolean> | null = null;

/**
 * Can this page start a worker from a `blob:` URL? WASM threads need that, and a
 * Content-Security-Policy without `worker-src blob:` (or `script-src blob:`) forbids it. Chromium
 * does not throw on such a worker: it fires `error` later, and TF.js would wait forever. So we ask
 * once, with a one-line worker (the browser logs one CSP violation when it is refused).
 */
function blobWorkersAllowed(): Promise<boolean> {
  blobWorkers ??= new Promise<boolean>((resolve) => {
    let url = '';
    let worker: Worker | null = null;
    const done = (ok: boolean): void => {
      clearTimeout(timer);
      worker?.terminate();
      URL.revokeObjectURL(url);
      resolve(ok);
    };
    const timer = setTimeout(() => done(false), 3000);
    try {
      url = URL.createObjectURL(new Blob(['postMessage(1)'], { type: 'text/javascript' }));
      worker = new Worker(url);
      worker.onmessage = () => done(true);
      worker.onerror = () => done(false);
    } catch {
      done(false);
    }
  });
  return blobWorkers;
}

/** WASM threads unless the user said no, the page is not cross-origin isolated, or a CSP forbids their workers. */
async function useWasmThreads(wasmThreads: boolean | undefined): Promise<boolean> {
  if (wasmThreads !== undefined) return wasmThreads;
  return globalThis.crossOriginIsolated === true && (await blobWorkersAllowed());
}

/**
 * Threads the WASM backend computes on (1: the single-threaded build); 0 when WASM is not the
 * backend. TF.js gives XNNPACK half the logical cores it sees (1 to 8): one on a 2-core page even
 * with threads on (the detection worker makes it see more, see worker.ts).
 */
export function wasmThreadCount(): number {
  if (currentBackend() !== 'wasm') return 0;
  try {
    return getThreadsCount();
  } catch {
    return 0;
  }
}

async function trySet(name: ActiveBackend, wasmPaths: string | undefined, wasmThreads: boolean | undefined): Promise<boolean> {
  if (name === 'wasm' && !(await useWasmThreads(wasmThreads))) tf.env().set('WASM_HAS_MULTITHREAD_SUPPORT', false);
  if (name === 'wasm' && !wasmPathsSet) {
    const base = wasmPaths ?? bundleBase();
    if (base) setWasmPaths(base.endsWith('/') || base.endsWith('.wasm') ? base : `${base}/`);
    wasmPathsSet = true;
  }
  try {
    // A WASM start can hang rather than fail (threads whose blob: workers a CSP blocks): bound it.
    const started = Promise.resolve(tf.setBackend(name)).then(async (ok) => ok && (await tf.ready(), true));
    let timer: ReturnType<typeof setTimeout> | undefined;
    const timeout = new Promise<boolean>((resolve) => {
      timer = setTimeout(() => {
        onSlowStart?.(`the ${name} backend did not start within ${START_TIMEOUT_MS / 1000} s` +
          (name === 'wasm' ? ' (WASM threads blocked by a Content-Security-Policy? set wasmThreads: false)' : ''));
        resolve(false);
      }, START_TIMEOUT_MS);
    });
    const ok = await Promise.race([started, timeout]);
    clearTimeout(timer);
    return ok;
  } catch {
    return false;
  }
}

const START_TIMEOUT_MS = 20_000;
let onSlowStart: ((message: string) => void) | undefined;

/**
 * Makes sure a backend is running and returns its name. The first pipeline chooses; later ones
 * share it (TF.js has one global backend, and switching it under a running model breaks it):
 * a later request for another backend gets `onMismatch` and the one in use.
 */
export function acquireBackend(
  requested: BackendName,
  wasm: { paths: string | undefined; threads: boolean | undefined },
  onMismatch: (message: string) => void,
): Promise<ActiveBackend> {
  // One at a time: overlays attached together must not initialise backends concurrently.
  const run = queue.then(() => acquire(requested, wasm.paths, wasm.threads, onMismatch));
  queue = run.then(() => undefined, () => undefined);
  return run;
}

let queue: Promise<void> = Promise.resolve();

async function acquire(
  requested: BackendName,
  wasmPaths: string | undefined,
  wasmThreads: boolean | undefined,
  onMismatch: (message: string) => void,
): Promise<ActiveBackend> {
  onSlowStart = onMismatch;
  const current = currentBackend();
  // A backend whose context was lost is as good as none.
  const active = current && !lost.has(current) ? current : null;
  if (active && users > 0) {
    if (requested !== 'auto' && requested !== active) {
      onMismatch(`backend "${requested}" requested, but "${active}" already runs other overlays on this page; using "${active}"`);
    }
    users++;
    return active;
  }
  // The page (an app sharing this TF.js) already runs a backend: `auto` keeps it rather than
  // switching under the app's models, unless it is WebGL on a software renderer.
  if (active && requested === 'auto' && !chosenByUs) {
    if (keepsPageBackend(active, probeBackends())) {
      users++;
      if (active === 'webgl') watchContextLoss();
      return active;
    }
    onMismatch(`the page runs TF.js on software-rendered WebGL; switching to a faster backend`);
  }
  let candidates = backendCandidates(requested, probeBackends()).filter((n) => !lost.has(n));
  if (candidates.length === 0) {
    candidates = backendCandidates('auto', probeBackends()).filter((n) => !lost.has(n));
    onMismatch(`backend "${requested}" lost its context on this page; using ${JSON.stringify(candidates[0])} instead`);
  }
  const name = await switchTo(candidates, wasmPaths, wasmThreads);
  users++;
  return name;
}

/** How many overlays hold the backend now. */
export function backendUsers(): number {
  return users;
}

/** Gives back what `acquireBackend` took. */
export function releaseBackend(): void {
  users = Math.max(0, users - 1);
}
