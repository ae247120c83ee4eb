/** Which TF.js backend to try, in order. Pure: the WebGL renderer string in, a list out. */
import type { ActiveBackend, BackendName } from '../types.js';

/**
 * True for renderers that run WebGL on the CPU: SwiftShader (Chromium's fallback, also behind
 * "ANGLE (Google, Vulkan ... (SwiftShader Device ...))"), Mesa's llvmpipe/softpipe, and
 * Windows' "Microsoft Basic Render Driver". There WebGL is far slower than WASM.
 */
export function isSoftwareRenderer(renderer: string | null | undefined): boolean {
  return /swiftshader|llvmpipe|softpipe|software|basic render|mesa offscreen|lavapipe/i.test(renderer ?? '');
}

/** What the browser offers, as probed once. */
export interface BackendProbe {
  /** Unmasked WebGL renderer, or null when WebGL is not available at all. */
  webglRenderer: string | null;
  /** WebAssembly is available. */
  wasm: boolean;
}

/**
 * The backends to try, best first. An explicit choice is tried alone (failing loudly beats
 * silently running 20x slower); `auto` prefers hardware WebGL, then WASM, then plain JS.
 */
export function backendCandidates(requested: BackendName, probe: BackendProbe): ActiveBackend[] {
  if (requested !== 'auto') return [requested];
  const list: ActiveBackend[] = [];
  const webgl = probe.webglRenderer !== null;
  if (webgl && !isSoftwareRenderer(probe.webglRenderer)) list.push('webgl');
  if (probe.wasm) list.push('wasm');
  // Software WebGL still beats the plain-JS CPU backend when WASM is missing.
  if (webgl && !list.includes('webgl')) list.push('webgl');
  list.push('cpu');
  return list;
}

/**
 * With `auto`, a backend the page already runs (an app sharing this TF.js) is kept, so its models
 * are not moved, unless it is WebGL while WebGL here is software-rendered.
 */
export function keepsPageBackend(active: ActiveBackend, probe: BackendProbe): boolean {
  return !(active === 'webgl' && backendCandidates('auto', probe)[0] !== 'webgl');
}

/** Where a model runs: in the detection worker, or on the page's main thread. */
export type ModelPlace = 'worker' | 'page';

/** What decides where a model runs. */
export interface PlacementInput {
  /** The `worker` option. */
  worker: boolean | 'auto';
  /** The `detector` option: only the built-in models (by name) can run in the worker. */
  detector: string | object;
  /** The `backend` option. */
  backend: BackendName;
  /** The browser can start a dedicated worker. */
  workers: boolean;
}

/**
 * `worker: true` and `false` are obeyed. `'auto'` runs a built-in model in the worker when it
 * would compute on the CPU (WASM, or plain JS): there each inference holds its thread for the whole
 * model (150-300 ms here), which on the page is a long task per frame. On hardware WebGL the
 * model stays on the page: the GPU computes while the main thread waits asynchronously, and a
 * lost WebGL context is recovered there (not inside the worker). Pure; `probe` is called only
 * when the renderer decides.
 */
export function placeModel(input: PlacementInput, probe: () => BackendProbe): ModelPlace {
  if (input.worker !== 'auto') return input.worker ? 'worker' : 'page';
  if (!input.workers || (input.detector !== 'centernet' && input.detector !== 'coco-ssd')) return 'page';
  const first = input.backend === 'auto' ? backendCandidates('auto', probe())[0] : input.backend;
  return first === 'webgl' ? 'page' : 'worker';
}

/**
 * Will the detection worker compute on WebGL? Then the page starts the worker script that has it
 * (`detect-overlay.worker-webgl.js`); otherwise the lean one, without WebGL's code. Pure.
 */
export function workerRunsWebgl(backend: BackendName, probe: () => BackendProbe): boolean {
  return backend === 'webgl' || (backend === 'auto' && backendCandidates('auto', probe())[0] === 'webgl');
}

/**
 * WASM threads for the detection worker on a machine with `cores` logical cores. TF.js gives WASM
 * half of them, 1 to 8, assuming two hyperthreads per core; on 2 (or 3) cores that is one thread.
 * The worker takes at least two there: the page beside it mostly waits (about 5% of a core to
 * decode, gate and draw), and two threads ran 1.3-1.4x the inference rate of one (BENCHMARKS.md).
 * Used only when WASM threads run at all (a cross-origin isolated page).
 */
export function workerWasmThreads(cores: number): number {
  const c = Number.isFinite(cores) ? Math.floor(cores) : 1;
  return c < 2 ? 1 : Math.min(8, Math.max(2, Math.floor(c / 2)));
}
