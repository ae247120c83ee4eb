/**
 * Calls back once per presented video frame: `requestVideoFrameCallback` where available,
 * else `requestAnimationFrame`. A watchdog falls back to rAF when a playing video stops
 * delivering frame callbacks (some browsers don't fire them for videos that aren't painted).
 */
type VideoWithRvfc = HTMLVideoElement & {
  requestVideoFrameCallback?: (cb: (now: number) => void) => number;
  cancelVideoFrameCallback?: (handle: number) => void;
};

const WATCHDOG_MS = 1000;

export class FrameLoop {
  private handle: number | null = null;
  private usingRvfc: boolean;
  private running = false;
  private lastCallback = 0;
  private watchdog: ReturnType<typeof setInterval> | null = null;
  private kick: ReturnType<typeof setTimeout> | null = null;

  constructor(private readonly video: VideoWithRvfc, private readonly onFrame: (now: number) => void) {
    this.usingRvfc = typeof video.requestVideoFrameCallback === 'function';
  }

  start(): void {
    if (this.running) return;
    this.running = true;
    this.lastCallback = performance.now();
    this.arm();
    // The frame on screen now is not a new one to requestVideoFrameCallback: take it at once rather
    // than wait for the next (a frame interval, or seconds on a stalled stream). A task, not now, so
    // a caller of start() (attach()) has returned and its caller has subscribed first.
    this.kick = setTimeout(() => {
      this.kick = null;
      if (this.running && this.video.readyState >= 2) this.onFrame(performance.now());
    }, 0);
    if (this.usingRvfc) {
      this.watchdog = setInterval(() => {
        const v = this.video;
        const playing = !v.paused && !v.ended && v.readyState >= 2 && !document.hidden;
        if (playing && performance.now() - this.lastCallback > WATCHDOG_MS) {
          this.cancel();
          this.usingRvfc = false;
          this.arm();
          if (this.watchdog) clearInterval(this.watchdog);
          this.watchdog = null;
        }
      }, WATCHDOG_MS);
    }
  }

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
    this.lastCallback = performance.now();
    this.arm();
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
