/**
 * The page's side of the gate worker (worker/gate-entry.ts): one worker for every overlay of the
 * page, started from the script the bundle carries (a blob URL, so no file to find) once the page
 * is known to allow `blob:` workers, ended when its last user lets go. Anything that goes wrong
 * (no Worker, a Content-Security-Policy without `blob:` workers, a browser that cannot transfer a
 * VideoFrame, a worker that errs or stops answering) ends it for good: the readers read on the
 * main thread, as before. A read never throws.
 */
import type { GateReadReply, GateRequest } from '../worker/gate-protocol.js';
import { startBlobWorker } from './blob-workers.js';
import { FEED_WAIT_MS, StreamFeed, trackProcessor } from './gate-feed.js';

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
  /**
   * A feed of `track`'s own frames in the worker (gate-feed.ts): it clones the track (the caller's
   * is left alone) and owns the clone. Null when not ready, or where this browser cannot feed a worker.
   */
  feed(track: MediaStreamTrack): StreamFeed | null;
  /** `ready`: reads go to the worker; otherwise the reader reads on the main thread. */
  readonly state: GateLeaseState;
  /** Lets go; the last lease ends the worker. Safe twice. */
  release(): void;
}

interface Pending {
  resolve: (reply: GateReadReply | null) => void;
  /** When it is late: a read then breaks the worker; a feed's want only resolves null (a stalled stream sends nothing). */
  due: number;
  feed: boolean;
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
  /** One timer for the open reads' deadlines (not one per read: a timer per frame costs the main thread). */
  private watchdog: ReturnType<typeof setTimeout> | null = null;
  private watchdogAt = Number.POSITIVE_INFINITY;
  /** Feeds cannot be transferred here (found on the first try): none is made again. */
  private feedsRefused = false;

  /** Throws when the worker cannot be made (the caller marks the page as having none). */
  constructor(source: string, private readonly timeoutMs: number, private readonly feedWaitMs: number) {
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
    return this.ask({ id: this.nextId++, frame, srcWidth, srcHeight, width, height }, false, [frame as unknown as Transferable], () => frame.close())
      // A frame the worker could not read (an odd layout): this one is read on the main thread next time.
      .then((reply) => (reply && 'pixels' in reply && reply.pixels instanceof Uint8Array ? reply.pixels : null));
  }

  /** Posts a request and waits for its reply (null: late, or the worker broke). `undo`: the request could not be posted. */
  private ask(request: GateRequest & ({ id: number } | { want: number }), feed: boolean, transfer: Transferable[], undo = () => {}): Promise<GateReadReply | null> {
    const id = 'want' in request ? request.want : request.id;
    return new Promise((resolve) => {
      const due = performance.now() + (feed ? this.feedWaitMs : this.timeoutMs);
      this.pending.set(id, { resolve, due, feed });
      this.watch(due);
      try {
        this.worker.postMessage(request, transfer);
      } catch {
        // This browser cannot transfer a VideoFrame.
        undo();
        this.fail();
      }
    });
  }

  /** A feed of the track's frames; null where this browser cannot make or transfer one (then never again here). */
  openFeed(track: MediaStreamTrack): StreamFeed | null {
    const Processor = trackProcessor();
    if (this.broken || this.feedsRefused || !Processor) return null;
    let clone: MediaStreamTrack | null = null;
    try {
      clone = track.clone();
      const { readable } = new Processor({ track: clone });
      const feed = this.nextId++;
      this.worker.postMessage({ feed, readable }, [readable as unknown as Transferable]);
      return new StreamFeed(track, clone, feed, {
        want: (id) => (this.broken ? Promise.resolve(null) : this.ask({ feed: id, want: this.nextId++ }, true, [])),
        closeFeed: (id) => {
          if (!this.broken) this.worker.postMessage({ feed: id, close: true });
        },
      });
    } catch {
      clone?.stop();
      this.feedsRefused = true;
      return null;
    }
  }

  /** Arms the watchdog for `due` unless it is armed for sooner. At its time, late reads break the worker; late wants resolve null. */
  private watch(due: number): void {
    if (this.broken || due >= this.watchdogAt) return;
    if (this.watchdog !== null) clearTimeout(this.watchdog);
    this.watchdogAt = due;
    this.watchdog = setTimeout(() => {
      this.watchdog = null;
      this.watchdogAt = Number.POSITIVE_INFINITY;
      const now = performance.now();
      let next = Number.POSITIVE_INFINITY;
      for (const [id, open] of this.pending) {
        if (open.due > now) next = Math.min(next, open.due);
        else if (!open.feed) return this.fail();
        else {
          this.pending.delete(id);
          open.resolve(null);
        }
      }
      if (next < Number.POSITIVE_INFINITY) this.watch(next);
    }, Math.max(0, due - performance.now()));
  }

  private answer(reply: GateReadReply): void {
    const open = this.pending.get(reply?.id);
    if (!open) return;
    this.pending.delete(reply.id);
    open.resolve(reply);
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
    this.watchdogAt = Number.POSITIVE_INFINITY;
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
    private readonly feedWaitMs = FEED_WAIT_MS,
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
      feed: (track) => (state() === 'ready' ? this.current?.openFeed(track) ?? null : null),
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
        this.current = new GateWorker(this.source, this.timeoutMs, this.feedWaitMs);
      } catch {
        this.failed = true;
        return null;
      }
    }
    return this.current;
  }
}
