/** Setting up TF.js's WASM backend: where its .wasm files are, and whether it may use threads. */
import * as tf from '@tensorflow/tfjs-core';
import { getThreadsCount, setWasmPaths } from '@tensorflow/tfjs-backend-wasm';

/** What the user said about WASM (`wasmPaths`, `wasmThreads`). */
export interface WasmChoice {
  paths: string | undefined;
  threads: boolean | undefined;
}

/**
 * Can this page start a worker from a `blob:` URL? WASM threads need that, and a
 * Content-Security-Policy without `worker-src blob:` (or `script-src blob:`) forbids it. Chromium
 * does not throw on such a worker: it fires `error` later, and TF.js would wait forever. So we ask,
 * with a one-line worker (the browser logs one CSP violation when it is refused).
 */
function probeBlobWorkers(): Promise<boolean> {
  return new Promise<boolean>((resolve) => {
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
}

/** One TF.js's WASM set-up. The .wasm paths can be set once per TF.js: the first start decides. */
export class WasmSetup {
  private pathsSet = false;
  private blobWorkers: Promise<boolean> | null = null;

  /** `bundleFolder`: where the .wasm files are by default (beside the bundle). */
  constructor(private readonly bundleFolder: () => string | undefined) {}

  /** Where the .wasm files are looked for, for error messages. */
  folder(choice: WasmChoice): string {
    return choice.paths ?? this.bundleFolder() ?? 'the bundle folder';
  }

  /** Call before starting the WASM backend. */
  async prepare(choice: WasmChoice): Promise<void> {
    if (!(await this.useThreads(choice.threads))) tf.env().set('WASM_HAS_MULTITHREAD_SUPPORT', false);
    if (this.pathsSet) return;
    const base = choice.paths ?? this.bundleFolder();
    if (base) setWasmPaths(base.endsWith('/') || base.endsWith('.wasm') ? base : `${base}/`);
    this.pathsSet = true;
  }

  /** Threads unless the user said no, the page is not cross-origin isolated, or a CSP forbids their workers. */
  private async useThreads(wanted: boolean | undefined): Promise<boolean> {
    if (wanted !== undefined) return wanted;
    if (globalThis.crossOriginIsolated !== true) return false;
    this.blobWorkers ??= probeBlobWorkers();
    return this.blobWorkers;
  }

  /**
   * Threads the running WASM backend computes on (1: the single-threaded build; 0 on failure).
   * TF.js gives XNNPACK half the logical cores it sees (1 to 8): one on a 2-core page even with
   * threads on (the detection worker makes it see more, see worker/entry.ts).
   */
  threadCount(): number {
    try {
      return getThreadsCount();
    } catch {
      return 0;
    }
  }
}
