/**
 * Calls back once per presented video frame: `requestVideoFrameCallback` where available,
 * else `requestAnimationFrame`. A watchdog falls back to rAF when a playing video stops
 * delivering frame callbacks while its frames are still decoded (some browsers don't fire them
 * for videos that aren't painted), and reports a stalled source (core/stall.ts) when the frames
 * themselves stop: a live stream whose publisher left. While stalled, `onFrame` still runs four
 * times a second (the owner redraws: held boxes expire) and `onStall(false)` marks the next frame.
 */
import { StallWatch } from '../core/stall.js';

type VideoWithRvfc = HTMLVideoElement & {
  requestVideoFrameCallback?: (cb: (now: number) => void) => number;
  cancelVideoFrameCallback?: (handle: number) => void;
};

const WATCHDOG_MS = 250;

export class FrameLoop {
  private handle: number | null = null;
  private usingRvfc: boolean;
  private running = false;
  private watchdog: ReturnType<typeof setInterval> | null = null;
  private kick: ReturnType<typeof setTimeout> | null = null;
  private readonly stall = new StallWatch(0);

  constructor(
    private readonly video: VideoWithRvfc,
    private readonly onFrame: (now: number) => void,
    private readonly onStall: (stalled: boolean, quietMs: number) => void = () => {},
  ) {
    this.usingRvfc = typeof video.requestVideoFrameCallback === 'function';
  }

  /** The decoded-frame counter, or -1 where there is none. */
  private decoded(): number {
    const quality = this.video.getVideoPlaybackQuality?.();
    return typeof quality?.totalVideoFrames === 'number' ? quality.totalVideoFrames : -1;
  }

  start(): void {
    if (this.running) return;
    this.running = true;
    this.stall.reset(performance.now());
    this.arm();
    // The frame on screen now is not a new one to requestVideoFrameCallback: take it at once rather
    // than wait for the next (a frame interval, or seconds on a stalled stream). A task, not now, so
    // a caller of start() (attach()) has returned and its caller has subscribed first.
    this.kick = setTimeout(() => {
      this.kick = null;
      if (this.running && this.video.readyState >= 2) this.onFrame(performance.now());
    }, 0);
    this.watchdog = setInterval(this.watch, WATCHDOG_MS);
  }

  /** Stalled or resumed (core/stall.ts); rVFC that does not come while frames do: switch to rAF. */
  private readonly watch = (): void => {
    const v = this.video;
    const now = performance.now();
    const playing = !v.paused && !v.ended && v.readyState >= 2 && !document.hidden;
    const verdict = this.stall.check(now, playing, this.decoded());
    if (verdict === 'no-callbacks' && this.usingRvfc) {
      this.cancel();
      this.usingRvfc = false;
      this.arm();
    } else if (verdict === 'stalled') {
      this.onStall(true, this.stall.quietFor(now));
    }
    if (this.stall.stalled) this.onFrame(now);
  };

  stop(): void {
    this.running = false;
    this.cancel();
    if (this.kick) clearTimeout(this.kick);
    this.kick = null;
    if (this.watchdog) clearInterval(this.watchdog);
    this.watchdog = null;
  }

  private readonly tick = (now: number): void => {
    this.handle = null;
    if (!this.running) return;
    const at = performance.now();
    this.arm();
    // rAF ticks every display frame: only a newly decoded one counts (where the counter works).
    // A frame callback is a new frame by definition: the watchdog reads the counter, not every frame.
    const count = this.usingRvfc ? undefined : this.decoded();
    if (count !== undefined && !this.stall.isNewFrame(count)) {
      if (!this.stall.stalled) this.onFrame(now);
      return;
    }
    const quiet = this.stall.quietFor(at);
    if (this.stall.frame(at, count) === 'resumed') this.onStall(false, quiet);
    this.onFrame(now);
  };

  private arm(): void {
    if (this.handle !== null) return;
    this.handle = this.usingRvfc ? this.video.requestVideoFrameCallback!(this.tick) : requestAnimationFrame(this.tick);
  }

  private cancel(): void {
    if (this.handle === null) return;
    if (this.usingRvfc) this.video.cancelVideoFrameCallback?.(this.handle);
    else cancelAnimationFrame(this.handle);
    this.handle = null;
  }
}
