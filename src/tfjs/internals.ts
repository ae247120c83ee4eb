/**
 * Every reach into TF.js internals, in this one file. Each was checked against TF.js 4.22.0
 * (`@tensorflow/tfjs-core`, `-backend-webgl`, `-backend-wasm`) and is defensive: where the
 * internals differ, it does nothing rather than throw. Re-check each when TF.js is upgraded.
 */
import * as tf from '@tensorflow/tfjs-core';
import type { ActiveBackend } from '../types.js';

/**
 * The backend TF.js runs on now, without starting one (`tf.getBackend()` would).
 * Internal: `engine().backendName` (4.22.0).
 */
export function currentBackend(): ActiveBackend | null {
  const name = (tf.engine() as unknown as { backendName?: string | null }).backendName;
  return (name as ActiveBackend | null | undefined) ?? null;
}

/** The part of TF.js's WebGL context object we touch (internal: `MathBackendWebGL.gpgpu`, 4.22.0). */
interface Gpgpu {
  gl?: WebGLRenderingContext;
  itemsToPoll?: Array<{ resolveFn(): void }>;
  addItemToPoll?: (isDone: () => boolean, resolve: () => void) => void;
}

/**
 * Calls `onLost` once when the WebGL context the active backend computes on is lost, unless its
 * canvas is `watched` already. Returns the canvas (null when the backend is not WebGL or its canvas
 * cannot be found). Internal: `backend().gpgpu.gl.canvas` (4.22.0).
 */
export function watchWebglLoss(onLost: () => void, watched: EventTarget | null): EventTarget | null {
  const gpgpu = (tf.backend() as unknown as { gpgpu?: Gpgpu }).gpgpu;
  const canvas = gpgpu?.gl?.canvas ?? null;
  if (!gpgpu || !canvas) return null;
  if (canvas === watched) return canvas;
  canvas.addEventListener('webglcontextlost', () => {
    releaseStuckReads(gpgpu);
    onLost();
  }, { once: true });
  return canvas;
}

/**
 * On a lost context TF.js's pending reads (`await tensor.data()`) wait for a GPU fence that never
 * signals, and it polls for it with zero delay for ever: a busy loop on the page, and the tensors
 * of those reads never freed. So release them: the reads finish (with garbage, which the engine
 * drops) and their owners dispose their tensors. Later reads on the dead context finish at once.
 * Internal: `GPGPUContext.itemsToPoll` and `addItemToPoll` (4.22.0).
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

/**
 * Runs a model load in an engine scope when `alone` (nothing else runs TF.js on the page), so the
 * tensors TF.js already decoded are freed when the weights turn out truncated: TF.js leaks them.
 * With other models running, a scope could free their in-flight tensors too, so it is not used.
 * Internal: `engine().startScope` / `endScope` (4.22.0; public only through `tf.tidy`, which
 * cannot wrap an async load).
 */
export async function inLoadScope<T>(alone: boolean, load: () => Promise<T>, kept: (result: T) => tf.Tensor[]): Promise<T> {
  if (!alone) return load();
  const engine = tf.engine();
  engine.startScope('detect-overlay:load');
  try {
    const result = await load();
    engine.endScope(kept(result));
    return result;
  } catch (error) {
    engine.endScope();
    throw error;
  }
}

/**
 * Makes TF.js's WASM backend, started after this in this global scope (the detection worker),
 * compute on `threads` threads. TF.js 4.22.0 gives XNNPACK half of `navigator.hardwareConcurrency`
 * (1 to 8), read when the backend starts; its own `setThreadsCount(2)` was tried and still ran one
 * thread. So the worker's own `navigator` is told of more cores. Only for a worker's scope.
 */
export function letWasmUseThreads(threads: number): void {
  const cores = navigator.hardwareConcurrency;
  if (threads * 2 > cores) Object.defineProperty(navigator, 'hardwareConcurrency', { value: threads * 2, configurable: true });
}
