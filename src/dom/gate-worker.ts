/**
 * The page's side of the gate worker (worker/gate-entry.ts): one worker for every overlay of the
 * page, started from the script the bundle carries (a blob URL, so no file to find) once the page
 * is known to allow `blob:` workers, ended when its last user lets go. Anything that goes wrong
 * (no Worker, a Content-Security-Policy without `blob:` workers, a browser that cannot transfer a
 * VideoFrame, a worker that errs or stops answering) ends it for good: the readers read on the
 * main thread, as before. A read never throws.
 */
import type { GateReadReply, GateReadRequest } from '../worker/gate-protocol.js';
import { startBlobWorker } from './blob-workers.js';

/** A read not answered in this time breaks the worker (the page reads on its main thread from then on). */
export const GATE_READ_TIMEOUT_MS = 5000;

/** Where a hold on the gate worker stands: the page not yet known to allow it, serving, or not (for good). */
export type GateLeaseState = 'starting' | 'ready' | 'failed';

/** A user's hold on the page's gate worker. */
export interface GateWorkerLease {
  /**
   * The frame's grey pixels, read in the worker; the frame is transferred (closed here either
   * way). Null when the worker is not ready or broken, or this frame could not be read there.
   */
  read(frame: VideoFrame, srcWidth: number, srcHeight: number, width: number, height: number): Promise<Uint8Array | null>;
  /** `ready`: reads go to the worker; otherwise the reader reads on the main thread. */
  readonly state: GateLeaseState;
  /** Lets go; the last lease ends the worker. Safe twice. */
  release(): void;
}

interface Pending {
  resolve: (pixels: Uint8Array | null) => void;
  sentAt: number;
}

/** One running gate worker and its open reads. */
class GateWorker {
  /** Ended: by a failure (`failed`) or by its last user. */
  broken = false;
  failed = false;
  private readonly worker: Worker;
  private readonly url: string;
  private readonly pending = new Map<number, Pending>();
  private nextId = 1;
  /** One timer checks the oldest open read (not one per read: a timer per frame costs the main thread). */
  private watchdog: ReturnType<typeof setTimeout> | null = null;

  /** Throws when the worker cannot be made (the caller marks the page as having none). */
  constructor(source: string, private readonly timeoutMs: number) {
    ({ worker: this.worker, url: this.url } = startBlobWorker(source));
    this.worker.onmessage = ({ data }: MessageEvent<GateReadReply>) => this.answer(data);
    // A script refused (CSP) or broken: an error event, perhaps after the first reads went out.
    this.worker.onerror = (event) => {
      event.preventDefault();
      this.fail();
    };
  }

  read(frame: VideoFrame, srcWidth: number, srcHeight: number, width: number, height: number): Promise<Uint8Array | null> {
    if (this.broken) {
      frame.close();
      return Promise.resolve(null);
    }
    const id = this.nextId++;
    const request: GateReadRequest = { id, frame, srcWidth, srcHeight, width, height };
    return new Promise((resolve) => {
      this.pending.set(id, { resolve, sentAt: performance.now() });
      this.watch();
      try {
        this.worker.postMessage(request, [frame as unknown as Transferable]);
      } catch {
        // This browser cannot transfer a VideoFrame.
        frame.close();
        this.fail();
      }
    });
  }

  /** Arms the watchdog when it is not armed: at its time, the oldest open read must be younger than the timeout. */
  private watch(): void {
    if (this.watchdog !== null || this.broken) return;
    const oldest = this.pending.values().next().value?.sentAt;
    if (oldest === undefined) return;
    this.watchdog = setTimeout(() => {
      this.watchdog = null;
      const first = this.pending.values().next().value;
      if (first && performance.now() - first.sentAt >= this.timeoutMs) this.fail();
      else this.watch();
    }, Math.max(0, oldest + this.timeoutMs - performance.now()));
  }

  private answer(reply: GateReadReply): void {
    const open = this.pending.get(reply?.id);
    if (!open) return;
    this.pending.delete(reply.id);
    // A frame the worker could not read (an odd layout): this one is read on the main thread next time.
    open.resolve('pixels' in reply && reply.pixels instanceof Uint8Array ? reply.pixels : null);
  }

  /** It cannot serve this page: ended, and none is started again. */
  fail(): void {
    this.failed = true;
    this.end();
  }

  /** No more reads here: open ones resolve null, the worker ends. Safe twice. */
  end(): void {
    if (this.broken) return;
    this.broken = true;
    if (this.watchdog !== null) clearTimeout(this.watchdog);
    this.watchdog = null;
    for (const open of this.pending.values()) open.resolve(null);
    this.pending.clear();
    this.worker.terminate();
    URL.revokeObjectURL(this.url);
  }
}

/** The page's gate worker, shared: one instance in the registry. */
export class GateWorkers {
  private current: GateWorker | null = null;
  private users = 0;
  /** Whether the page allows `blob:` workers: null until asked and answered. */
  private allowed: boolean | null = null;
  private asked = false;
  /** Set once a worker failed: the page reads its gates on the main thread from then on. */
  private failed = false;

  /**
   * `source`: the worker's script (null in an unbuilt SDK: no worker). `blobWorkers`: whether the
   * page may start `blob:` workers (asked once per page, so a CSP that forbids them logs one refusal).
   */
  constructor(
    private readonly source: string | null,
    private readonly blobWorkers: () => Promise<boolean>,
    private readonly timeoutMs = GATE_READ_TIMEOUT_MS,
  ) {}

  /** A hold on the shared worker (started once the page is known to allow it); null where there can be none. */
  lease(): GateWorkerLease | null {
    if (this.failed || this.allowed === false || this.source === null || typeof Worker !== 'function' || typeof VideoFrame !== 'function') return null;
    if (!this.asked) {
      this.asked = true;
      this.blobWorkers().then((ok) => (this.allowed = ok), () => (this.allowed = false));
    }
    this.users++;
    let released = false;
    const state = (): GateLeaseState => {
      if (released || this.failed || this.allowed === false) return 'failed';
      if (this.allowed === null) return 'starting';
      return this.worker() ? 'ready' : 'failed';
    };
    return {
      read: (frame, srcWidth, srcHeight, width, height) => {
        const worker = state() === 'ready' ? this.current : null;
        if (worker) return worker.read(frame, srcWidth, srcHeight, width, height);
        frame.close();
        return Promise.resolve(null);
      },
      get state() {
        return state();
      },
      release: () => {
        if (released) return;
        released = true;
        if (--this.users > 0) return;
        this.current?.end();
        this.current = null;
      },
    };
  }

  /** The running worker, started on first need; null once one failed. */
  private worker(): GateWorker | null {
    if (this.current?.failed) this.failed = true;
    if (this.failed || this.source === null) return null;
    if (!this.current) {
      try {
        this.current = new GateWorker(this.source, this.timeoutMs);
      } catch {
        this.failed = true;
        return null;
      }
    }
    return this.current;
  }
}
