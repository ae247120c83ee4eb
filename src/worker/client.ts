/**
 * `worker: true`: the built-in model runs in a dedicated worker (dist/detect-overlay.worker.js)
 * and this stand-in forwards frames to it. The page's main thread then does no inference at all:
 * no long tasks from the model, and the motion gate keeps seeing every frame while a detection runs.
 */
import type { Detection, DetectOptions, Detector, DetectorInput, DetectorLoadOptions } from '../types.js';
import { abortedError, DetectOverlayError } from '../errors.js';
import { BASE_GLOBAL, type WorkerLoadConfig, type WorkerReply } from './protocol.js';
import { warn } from '../log.js';
import { startBlobWorker } from '../dom/blob-workers.js';

/** A frame the worker has not answered in this long is given up on (a crashed worker answers nothing). */
const DETECT_TIMEOUT_MS = 30_000;

interface Waiting {
  resolve(value: WorkerReply): void;
  reject(error: DetectOverlayError): void;
}

/**
 * Records the page's CSP refusing a worker (Chrome reports the violation before the worker's
 * error event, which says nothing), so the error can name the directive instead of guessing.
 */
function watchCspRefusals(url: string): { directive(): string | null; stop(): void } {
  let refused: string | null = null;
  const onViolation = (e: SecurityPolicyViolationEvent): void => {
    // The worker's own script, or the same-origin blob: stand-in started for a script on another origin.
    const ours = e.blockedURI === url || e.blockedURI === 'blob' || e.blockedURI.startsWith('blob:');
    if (ours && /^(worker-src|script-src|child-src|default-src)/.test(e.effectiveDirective)) refused = e.effectiveDirective;
  };
  const doc = typeof document === 'undefined' ? null : document;
  doc?.addEventListener('securitypolicyviolation', onViolation);
  return { directive: () => refused, stop: () => doc?.removeEventListener('securitypolicyviolation', onViolation) };
}

export class WorkerDetector implements Detector {
  readonly name: string;
  readonly input = 'pixels';
  /** The page's TF.js is not used: the worker starts its own backend. */
  readonly needsBackend = false;
  defaultScoreThreshold: number | undefined;
  /** The backend the worker runs on, once loaded. */
  backend = '';
  /** Threads its WASM computes on, once loaded (0: not WASM). */
  threads = 0;
  private worker: Worker | null = null;
  /** The same-origin stand-in script of a cross-origin worker, revoked on dispose. */
  private blobUrl: string | null = null;
  private nextId = 1;
  private readonly waiting = new Map<number, Waiting>();

  constructor(private readonly config: WorkerLoadConfig, private readonly url: string) {
    this.name = config.detector;
  }

  /** Starts the worker and loads the model there. */
  async load(options: DetectorLoadOptions): Promise<void> {
    const { signal, onProgress } = options;
    if (signal?.aborted) throw abortedError('loading', signal);
    let worker: Worker;
    const refusals = watchCspRefusals(new URL(this.url, location.href).href);
    try {
      worker = this.start();
    } catch (error) {
      refusals.stop();
      throw new DetectOverlayError('backend-unavailable', `the detection worker could not start from ${this.url}`, error);
    }
    this.worker = worker;
    // A worker disposed meanwhile may still have events queued: not ours any more.
    worker.onmessage = (event: MessageEvent<WorkerReply>) => { if (this.worker === worker) this.receive(event.data, onProgress); };
    worker.onerror = (event) => {
      event.preventDefault();
      if (this.worker !== worker) return;
      // A script that never ran gives an error without a message: refused by the page's CSP, or not there.
      const refused = refusals.directive();
      const why = event.message || (refused
        ? `the page's Content-Security-Policy refused the worker script ${this.url} (directive ${refused}: allow its origin${this.blobUrl ? ' and blob:' : ''} there, or set worker: false)`
        : `no worker script at ${this.url} (set workerUrl)`);
      this.failAll(new DetectOverlayError('backend-unavailable', `the detection worker failed: ${why}`));
    };
    const onAbort = (): void => {
      this.failAll(abortedError('loading', signal));
      this.dispose();
    };
    signal?.addEventListener('abort', onAbort, { once: true });
    try {
      const loaded = this.ask(0, () => worker.postMessage({ type: 'load', ...this.config }));
      const reply = await loaded;
      if (reply.type === 'loaded') {
        this.backend = reply.backend;
        this.threads = reply.threads;
        this.defaultScoreThreshold = reply.defaultScoreThreshold;
      }
    } catch (error) {
      this.dispose();
      throw error;
    } finally {
      signal?.removeEventListener('abort', onAbort);
      refusals.stop();
    }
  }

  /**
   * Starts the worker. A worker script on another origin (the bundle loaded from a CDN) cannot be
   * started directly, so a same-origin blob imports it and tells it where it lives (for the .wasm
   * files beside it). A page whose CSP forbids blob: workers gets an error here: the model then
   * runs on the page.
   */
  private start(): Worker {
    const url = new URL(this.url, location.href);
    if (url.origin === location.origin) return new Worker(url.href);
    const source = `self.${BASE_GLOBAL}=${JSON.stringify(new URL('./', url).href)};importScripts(${JSON.stringify(url.href)});`;
    const started = startBlobWorker(source);
    this.blobUrl = started.url;
    return started.worker;
  }

  async detect(input: DetectorInput, options: DetectOptions): Promise<Detection[]> {
    const worker = this.worker;
    if (!worker) throw new DetectOverlayError('destroyed', 'the detection worker is gone');
    if (!(input instanceof ImageData)) throw new DetectOverlayError('detection-failed', 'the worker takes ImageData frames');
    const id = this.nextId++;
    // The frame's pixels move to the worker (transferred, not copied): the pipeline reads a fresh one each time.
    const reply = await this.ask(id, () => worker.postMessage({ type: 'detect', id, image: input, options }, [input.data.buffer]));
    return reply.type === 'result' ? reply.detections : [];
  }

  /** What the worker's TF.js holds now (its model's weights, and anything leaked per frame). */
  async memory(): Promise<{ numTensors: number; numBytes: number }> {
    const worker = this.worker;
    if (!worker) throw new DetectOverlayError('destroyed', 'the detection worker is gone');
    const id = this.nextId++;
    const reply = await this.ask(id, () => worker.postMessage({ type: 'memory', id }));
    return reply.type === 'memory' ? { numTensors: reply.numTensors, numBytes: reply.numBytes } : { numTensors: 0, numBytes: 0 };
  }

  dispose(): void {
    this.worker?.terminate();
    this.worker = null;
    if (this.blobUrl) URL.revokeObjectURL(this.blobUrl);
    this.blobUrl = null;
    this.failAll(new DetectOverlayError('destroyed', 'the detection worker was stopped'));
  }

  private ask(id: number, send: () => void): Promise<WorkerReply> {
    return new Promise<WorkerReply>((resolve, reject) => {
      // Loading has its own bound (the abort signal); a frame gets DETECT_TIMEOUT_MS.
      const timer = id === 0 ? undefined : setTimeout(() => {
        if (!this.waiting.delete(id)) return;
        reject(new DetectOverlayError('detection-failed', `the detection worker did not answer within ${DETECT_TIMEOUT_MS / 1000} s`));
      }, DETECT_TIMEOUT_MS);
      this.waiting.set(id, {
        resolve: (reply) => { clearTimeout(timer); resolve(reply); },
        reject: (error) => { clearTimeout(timer); reject(error); },
      });
      send();
    });
  }

  private receive(reply: WorkerReply, onProgress: ((fraction: number) => void) | undefined): void {
    if (reply.type === 'progress') return void onProgress?.(reply.fraction);
    if (reply.type === 'warn') return void warn(reply.message);
    const id = reply.type === 'loaded' ? 0 : reply.id;
    const waiter = this.waiting.get(id);
    if (!waiter) return;
    this.waiting.delete(id);
    if (reply.type === 'failed') waiter.reject(new DetectOverlayError(reply.code, reply.message));
    else waiter.resolve(reply);
  }

  private failAll(error: DetectOverlayError): void {
    const all = [...this.waiting.values()];
    this.waiting.clear();
    for (const w of all) w.reject(error);
  }
}
