/**
 * The gate worker's feeds: a stream source's own frames, read here from a transferred readable of
 * its track, so the page's main thread wraps and transfers no frame at all (it only asks for the
 * next grey frame). Each feed reads its frames as they come and keeps only the newest unread one
 * (closing the rest at once, so the track's source is never held up); a want takes that frame, or
 * the next one to come.
 */
import type { GateFeedOpen, GateFeedWant, GateReadReply } from './gate-protocol.js';

/** Reads one frame into a reply (the caller closes nothing: `read` closes the frame). */
export type ReadFrame = (id: number, frame: VideoFrame) => void;

interface Feed {
  reader: ReadableStreamDefaultReader<VideoFrame>;
  /** The newest frame not read yet (held: closed when a newer one comes or the feed ends). */
  latest: VideoFrame | null;
  /** A want waiting for the next frame. */
  want: number | null;
}

/** Closes a frame the worker holds; anything that is not one (a hostile message) is left alone. */
export function closeFrame(frame: VideoFrame | null): void {
  try {
    frame?.close();
  } catch {
    // Not a frame (a hostile stream): nothing to close.
  }
}

export class GateFeeds {
  private readonly feeds = new Map<number, Feed>();

  /** `read`: reads a frame and replies (it closes the frame); `reply`: posts a reply with nothing to transfer. */
  constructor(private readonly read: ReadFrame, private readonly reply: (message: GateReadReply) => void) {}

  /** How many feeds are open (tests). */
  get size(): number {
    return this.feeds.size;
  }

  open({ feed: id, readable }: GateFeedOpen): void {
    if (typeof id !== 'number' || this.feeds.has(id) || typeof readable?.getReader !== 'function') return;
    let reader: ReadableStreamDefaultReader<VideoFrame>;
    try {
      reader = readable.getReader();
    } catch {
      return; // locked or not a stream: its wants are answered as for an unknown feed
    }
    const feed: Feed = { reader, latest: null, want: null };
    this.feeds.set(id, feed);
    void this.pump(id, feed);
  }

  /** Answers `want` with the newest unread frame, or with the next one to come. */
  want({ feed: id, want }: GateFeedWant): void {
    if (typeof want !== 'number') return;
    const feed = this.feeds.get(id);
    if (!feed) {
      this.reply({ id: want, error: 'no such feed (it ended)', unusable: true });
      return;
    }
    if (feed.latest) {
      const frame = feed.latest;
      feed.latest = null;
      this.read(want, frame);
    } else {
      feed.want = want;
    }
  }

  /** Ends a feed: its stream is cancelled, its held frame closed. Safe twice. */
  close(id: number): void {
    const feed = this.feeds.get(id);
    if (!feed) return;
    this.feeds.delete(id);
    closeFrame(feed.latest);
    feed.latest = null;
    // A want still open is answered at once: the page may be waiting on it.
    if (feed.want !== null) this.reply({ id: feed.want, error: 'the feed closed' });
    feed.want = null;
    feed.reader.cancel().catch(() => {});
  }

  private async pump(id: number, feed: Feed): Promise<void> {
    let reason = 'the stream ended';
    try {
      for (;;) {
        const { value, done } = await feed.reader.read();
        if (done) break;
        if (this.feeds.get(id) !== feed) {
          closeFrame(value);
          return;
        }
        if (feed.want !== null) {
          const want = feed.want;
          feed.want = null;
          this.read(want, value);
        } else {
          closeFrame(feed.latest);
          feed.latest = value;
        }
      }
    } catch (error) {
      reason = `the stream failed: ${error instanceof Error ? error.message : String(error)}`;
    }
    if (this.feeds.get(id) !== feed) return;
    this.feeds.delete(id);
    closeFrame(feed.latest);
    if (feed.want !== null) this.reply({ id: feed.want, error: reason, unusable: true });
  }
}

