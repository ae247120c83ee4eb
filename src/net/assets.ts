/**
 * The files the npm build ships beside its chunks in dist/: the detection worker's two scripts and
 * TF.js's three `.wasm` files. Each is named by a literal URL relative to `import.meta.url`
 * (the form below), the one form Vite, webpack 5, Rollup and Parcel all recognise: an app's build copies the file
 * into its output (renamed with a hash) and rewrites the URL, with no step by the app. The
 * script-tag bundle says where its folder is instead (global.ts), which wins over these.
 */

/** The detection worker's script file names: the lean one (WASM and CPU), and the one with WebGL too. */
export const WORKER_FILE = 'detect-overlay.worker.js';
export const WEBGL_WORKER_FILE = 'detect-overlay.worker-webgl.js';

/** TF.js's `.wasm` file names: one is fetched, chosen by the browser's SIMD and thread support. */
export const WASM_FILES = ['tfjs-backend-wasm.wasm', 'tfjs-backend-wasm-simd.wasm', 'tfjs-backend-wasm-threaded-simd.wasm'] as const;
export type WasmFile = (typeof WASM_FILES)[number];

/** Where the `.wasm` files are: a folder URL, or each file's own URL (an app's build renames them). */
export type WasmLocation = string | Readonly<Record<WasmFile, string>>;

/** `make()`, or undefined when it throws (an `import.meta.url` a bundler turned into something unusable). */
function attempt<T>(make: () => T): T | undefined {
  try {
    return make();
  } catch {
    return undefined;
  }
}

/** The worker script shipped with the npm build (`webgl`: the one with WebGL), where the app's build put it. */
export function shippedWorkerUrl(webgl: boolean): string | undefined {
  return attempt(() => (webgl ? new URL('./detect-overlay.worker-webgl.js', import.meta.url) : new URL('./detect-overlay.worker.js', import.meta.url)).href);
}

/** The `.wasm` files shipped with the npm build, where the app's build put them. */
export function shippedWasmFiles(): Readonly<Record<WasmFile, string>> | undefined {
  return attempt(() => ({
    'tfjs-backend-wasm.wasm': new URL('./tfjs-backend-wasm.wasm', import.meta.url).href,
    'tfjs-backend-wasm-simd.wasm': new URL('./tfjs-backend-wasm-simd.wasm', import.meta.url).href,
    'tfjs-backend-wasm-threaded-simd.wasm': new URL('./tfjs-backend-wasm-threaded-simd.wasm', import.meta.url).href,
  }));
}

/** The URL `file` is fetched from under `location`. */
export function wasmFileUrl(location: WasmLocation, file: WasmFile): string {
  if (typeof location !== 'string') return location[file];
  // A relative `wasmPaths` is relative to the page (or the worker's script).
  const page = typeof document !== 'undefined' ? document.baseURI : (globalThis as { location?: { href: string } }).location?.href;
  // A path to one .wasm file is used for whichever file TF.js wants (TF.js's own rule).
  if (location.endsWith('.wasm')) return new URL(location, page).href;
  return new URL(file, new URL(location.endsWith('/') ? location : `${location}/`, page)).href;
}
