/**
 * A stream source's own frames, read in the gate worker (worker/gate-feeds.ts): the page clones
 * the video's track, makes a `MediaStreamTrackProcessor` of the clone and transfers its readable
 * to the worker once; after that each gate read is one small message each way, with no frame to
 * wrap or transfer on the main thread. Where the browser has no processor on the page, or cannot
 * transfer its readable, there is no feed and the page wraps each frame as before.
 */
import type { GateReadReply } from '../worker/gate-protocol.js';

/** How long a read waits for the feed's next frame before the page reads this frame itself. */
export const FEED_WAIT_MS = 1000;

/** A feed's grey frame. */
export interface FeedFrame {
  pixels: Uint8Array;
  width: number;
  height: number;
}

/** What a read gives: a grey frame; `late`: none in time (this frame is read another way); `unusable`: never from this feed. */
export type FeedRead = FeedFrame | 'late' | 'unusable';

/** The worker's side as a feed sees it (GateWorker). */
export interface FeedHost {
  /** Posts a want for feed `feed`; the reply, or null when none came in time or the worker broke. */
  want(feed: number): Promise<GateReadReply | null>;
  /** Tells the worker the feed is over. */
  closeFeed(feed: number): void;
}

type ProcessorClass = new (init: { track: MediaStreamTrack }) => { readable: ReadableStream<VideoFrame> };

/** The page's MediaStreamTrackProcessor, where this browser has one there (Chromium). */
export function trackProcessor(): ProcessorClass | null {
  const P = (globalThis as { MediaStreamTrackProcessor?: unknown }).MediaStreamTrackProcessor;
  return typeof P === 'function' ? (P as ProcessorClass) : null;
}

/** Largest grey frame a reply may carry (GATE_WIDTH is 80: a 1:8 portrait strip is 80x640). */
const MAX_GRAY_PIXELS = 80 * 640;

/** How often a feed checks that its track is still on: a clone would keep a camera on after the page stopped its own track. */
const SOURCE_CHECK_MS = 500;

/**
 * One track's feed. Owns the track's clone: `close()` stops it, and so does the track itself
 * stopping or being disabled (the page turning its camera off must turn it off, whether or not
 * the overlay reads meanwhile: a paused or stalled video calls nobody).
 */
export class StreamFeed {
  /** Closed: by its owner, or because its track stopped or was disabled. */
  closed = false;
  private readonly check: ReturnType<typeof setInterval>;

  constructor(private readonly track: MediaStreamTrack, private readonly clone: MediaStreamTrack, private readonly id: number, private readonly host: FeedHost) {
    this.check = setInterval(() => {
      if (!usable(this.track)) this.close();
    }, SOURCE_CHECK_MS);
  }

  get trackId(): string {
    return this.track.id;
  }

  /** The grey frame of the newest frame not read yet, or of the next one to come. */
  async next(): Promise<FeedRead> {
    if (this.closed) return 'unusable';
    const reply = await this.host.want(this.id);
    if (!reply) return 'late';
    if ('error' in reply) return reply.unusable ? 'unusable' : 'late';
    const { pixels, width, height } = reply;
    // The worker's reply is checked like anything from outside.
    if (!(pixels instanceof Uint8Array) || !Number.isInteger(width) || !Number.isInteger(height)
      || width! <= 0 || height! <= 0 || pixels.length !== width! * height! || pixels.length > MAX_GRAY_PIXELS) return 'unusable';
    return { pixels, width: width!, height: height! };
  }

  /** Ends the feed in the worker and stops the clone. Safe twice. */
  close(): void {
    if (this.closed) return;
    this.closed = true;
    clearInterval(this.check);
    this.host.closeFeed(this.id);
    this.clone.stop();
  }
}

/** Feed reads that come late in a row before the page gives up on a track's feed (and wraps its frames itself). */
const LATE_LIMIT = 3;

/** What FeedReader needs of the page's gate worker (a GateWorkerLease). */
export interface FeedSource {
  feed(track: MediaStreamTrack): StreamFeed | null;
}

/** A track a feed may clone: live and enabled (a disabled one shows black; its clone would not). */
function usable(track: MediaStreamTrack): boolean {
  return track.readyState === 'live' && track.enabled;
}

/** The live video track a video plays from its `srcObject`, if it plays a MediaStream. */
function streamTrack(video: HTMLVideoElement): MediaStreamTrack | null {
  const stream = video.srcObject;
  if (typeof MediaStream !== 'function' || !(stream instanceof MediaStream)) return null;
  return stream.getVideoTracks().find((t) => t.readyState === 'live') ?? null;
}

/**
 * One overlay's feed: opened for the track its video plays, replaced when the video plays another,
 * given up for a track whose frames the worker cannot read (RGB) or that keeps coming late.
 */
export class FeedReader {
  private feed: StreamFeed | null = null;
  /** The track whose feed was given up (its frames are wrapped on the page). */
  private refused: string | null = null;
  private late = 0;

  /** The grey frame of the video's current stream frame, read in the worker; null: read this frame another way. */
  async read(video: HTMLVideoElement, source: FeedSource): Promise<FeedFrame | null> {
    // Looked up on every read: a page may swap the track inside the same MediaStream (LiveKit's attach does).
    const track = streamTrack(video);
    if (!track || !usable(track) || track.id === this.refused) {
      this.close();
      return null;
    }
    if (this.feed?.trackId !== track.id || this.feed.closed) {
      this.close();
      this.feed = source.feed(track);
      if (!this.feed) {
        this.refused = track.id;
        return null;
      }
    }
    const feed = this.feed;
    const got = await feed.next();
    // Closed or replaced meanwhile: a frame that came is still this video's; nothing else counts.
    if (feed !== this.feed) return typeof got === 'object' ? got : null;
    if (typeof got === 'object') {
      this.late = 0;
      return got;
    }
    if (got === 'unusable' || ++this.late >= LATE_LIMIT) {
      this.refused = track.id;
      this.close();
    }
    return null;
  }

  /** Ends the feed (the next read opens one again). Safe twice. */
  close(): void {
    this.feed?.close();
    this.feed = null;
    this.late = 0;
  }
}
