/**
 * Telling a stalled source from a browser that does not call back: a live stream whose publisher
 * left keeps "playing" (not paused, `currentTime` running) but presents no new frame, so
 * `requestVideoFrameCallback` goes quiet. So does it for videos some browsers do not paint. The
 * decoded-frame counter (`getVideoPlaybackQuality().totalVideoFrames`) tells the two apart: it
 * stands still on a stalled source and runs on where only the callbacks are missing. Where the
 * counter never moves (not supported), no stall is reported and the frame loop falls back to
 * animation frames as before.
 */

/** No new frame for this long while playing: the source stalled. */
export const STALL_MS = 2000;
/** No frame callback for this long while frames are decoded: the callbacks do not come. */
export const NO_CALLBACK_MS = 1000;

export type StallCheck = 'stalled' | 'no-callbacks' | undefined;

export class StallWatch {
  private lastFrameAt: number;
  private lastCount = -1;
  /** The counter when last seen (by a frame that read it, or by a check): what a check compares with. */
  private seenCount = -1;
  private counterWorks = false;
  private isStalled = false;

  constructor(now: number) {
    this.lastFrameAt = now;
  }

  get stalled(): boolean {
    return this.isStalled;
  }

  /** `count` differs from the last frame's: a new frame was decoded. A negative count: no counter. */
  isNewFrame(count: number): boolean {
    return !this.counterWorks || count !== this.lastCount;
  }

  /**
   * A new frame was presented. Returns `'resumed'` when it ends a stall. `count`: the decoded-frame
   * counter, where the caller read it (frame callbacks need not: the periodic check reads it).
   */
  frame(now: number, count?: number): 'resumed' | undefined {
    this.lastFrameAt = now;
    if (count !== undefined) {
      if (count > 0) this.counterWorks = true;
      this.lastCount = this.seenCount = count;
    }
    if (!this.isStalled) return undefined;
    this.isStalled = false;
    return 'resumed';
  }

  /** How long since the last new frame, ms. */
  quietFor(now: number): number {
    return now - this.lastFrameAt;
  }

  /**
   * A periodic check. `playing`: not paused, not ended, has data, tab visible (a paused video is
   * never stalled, and its quiet time starts again). `count`: the decoded-frame counter now.
   */
  check(now: number, playing: boolean, count: number): StallCheck {
    if (!playing) {
      this.lastFrameAt = now;
      return undefined;
    }
    const quiet = now - this.lastFrameAt;
    const moved = count !== this.seenCount;
    this.seenCount = count;
    if (count > 0 && moved) {
      this.counterWorks = true;
      return quiet > NO_CALLBACK_MS ? 'no-callbacks' : undefined;
    }
    if (!this.counterWorks) return quiet > NO_CALLBACK_MS ? 'no-callbacks' : undefined;
    if (this.isStalled || quiet <= STALL_MS) return undefined;
    this.isStalled = true;
    return 'stalled';
  }

  /** A new source, or the loop restarted: forget the past. */
  reset(now: number): void {
    this.lastFrameAt = now;
    this.lastCount = this.seenCount = -1;
    this.isStalled = false;
  }
}
