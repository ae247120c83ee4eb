/** Setting up TF.js's WASM backend: where its .wasm files are, and whether it may use threads. */
import * as tf from '@tensorflow/tfjs-core';
import { wasmFileUrl, type WasmFile, type WasmLocation } from '../net/assets.js';
import { checkWasmFile } from '../net/wasm-file.js';

/** What the user said about WASM (`wasmPaths`, `wasmThreads`); `paths` may also be each file's URL. */
export interface WasmChoice {
  paths: WasmLocation | undefined;
  threads: boolean | undefined;
}

type WasmBackendModule = typeof import('@tensorflow/tfjs-backend-wasm');

/** The priority TF.js's WASM package registers its backend with. */
const WASM_PRIORITY = 2;

/** The file TF.js 4.22 fetches for this browser (its `getPathToWasmBinary`). */
async function fileInUse(): Promise<WasmFile> {
  const [simd, threads] = await Promise.all([tf.env().getAsync('WASM_HAS_SIMD_SUPPORT'), tf.env().getAsync('WASM_HAS_MULTITHREAD_SUPPORT')]);
  if (simd && threads) return 'tfjs-backend-wasm-threaded-simd.wasm';
  return simd ? 'tfjs-backend-wasm-simd.wasm' : 'tfjs-backend-wasm.wasm';
}

/** One TF.js's WASM set-up. The .wasm paths can be set once per TF.js: the first start decides. */
export class WasmSetup {
  private pathsSet = false;
  private module: WasmBackendModule | null = null;

  /**
   * `shipped`: where the .wasm files are when `wasmPaths` is not set. `blobWorkers`: whether this
   * page may start workers from `blob:` URLs, as threads do (asked once per page, dom/blob-workers.ts).
   */
  constructor(private readonly shipped: () => WasmLocation | undefined, private readonly blobWorkers: () => Promise<boolean>) {}

  /** Where the .wasm files are looked for, for error messages. */
  describe(choice: WasmChoice): string {
    const where = choice.paths ?? this.shipped();
    if (where === undefined) return 'an unknown folder (set wasmPaths)';
    return typeof where === 'string' ? where : where['tfjs-backend-wasm-simd.wasm'];
  }

  /**
   * Call before starting the WASM backend (its package imported). Checks that the file TF.js will
   * fetch is there and is WebAssembly: a missing one is an `asset-not-found` error naming its URL.
   * Returns whether the backend will start with threads.
   */
  async prepare(choice: WasmChoice): Promise<boolean> {
    this.module ??= await import('@tensorflow/tfjs-backend-wasm');
    if (!(await this.useThreads(choice.threads))) tf.env().set('WASM_HAS_MULTITHREAD_SUPPORT', false);
    const threads = (await tf.env().getAsync('WASM_HAS_MULTITHREAD_SUPPORT')) === true;
    if (this.pathsSet) return threads;
    const where = choice.paths ?? this.shipped();
    const option = choice.paths === undefined ? 'serve the .wasm files there, or set wasmPaths to a folder that has them' : 'check wasmPaths';
    await checkWasmFile(where === undefined ? undefined : wasmFileUrl(where, await fileInUse()), option);
    if (typeof where === 'string') this.module.setWasmPaths(where.endsWith('/') || where.endsWith('.wasm') ? where : `${where}/`);
    else if (where) this.module.setWasmPaths({ ...where });
    this.pathsSet = true;
    return threads;
  }

  /**
   * After WASM's threads broke while the backend started (its start then hangs for good): TF.js's
   * WASM backend registered afresh, without threads, so that `setBackend('wasm')` starts it again
   * from its single-threaded build. The hung start is made obsolete by TF.js.
   */
  withoutThreads(): void {
    tf.env().set('WASM_HAS_MULTITHREAD_SUPPORT', false);
    const factory = tf.findBackendFactory('wasm');
    if (!factory) return;
    tf.removeBackend('wasm');
    tf.registerBackend('wasm', factory, WASM_PRIORITY);
  }

  /** Threads unless the user said no, the page is not cross-origin isolated, or a CSP forbids their workers. */
  private async useThreads(wanted: boolean | undefined): Promise<boolean> {
    if (wanted !== undefined) return wanted;
    if (globalThis.crossOriginIsolated !== true) return false;
    return this.blobWorkers();
  }

  /**
   * Threads the running WASM backend computes on (1: the single-threaded build; 0 on failure).
   * TF.js gives XNNPACK half the logical cores it sees (1 to 8): one on a 2-core page even with
   * threads on (the detection worker makes it see more, see worker/entry.ts).
   */
  threadCount(): number {
    try {
      return this.module?.getThreadsCount() ?? 0;
    } catch {
      return 0;
    }
  }
}
