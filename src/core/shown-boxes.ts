/**
 * The boxes an overlay shows, from the model's raw results to what is on screen now: each result
 * is scaled to the video's pixels, filtered (score, classes, count), held until the next one (or
 * `holdMs`), and, with `followMotion`, moved along its objects' motion between results. Pure: no
 * DOM, no TF.js; times are passed in. One result in, `visible(now)` out: the room for tracking.
 */
import type { Detection } from '../types.js';
import { scaleDetections, type DetectionFilter } from './detections.js';
import { HeldDetections, type HeldVideoState } from './held.js';
import { BoxFollower } from './follow.js';

/** What the shown boxes depend on (all live options). */
export interface ShownBoxesOptions {
  /** How long a result stays on screen while the video plays, ms. */
  holdMs: number;
  /** Move boxes along their objects' motion between results. */
  followMotion: boolean;
  filter: DetectionFilter;
}

/** One inference's output: boxes in the pixels of the input the model saw, and what that input was. */
export interface RawResult {
  detections: readonly Detection[];
  /** The size of the input the model ran on (the sampled canvas or pixels). */
  input: { width: number; height: number };
  /** The video's intrinsic size when the frame was sampled. */
  frame: { width: number; height: number };
  /** Clock time the result arrived (the clock `visible()` is asked with), ms. */
  at: number;
  /** The video's media time of the frame the model ran on, ms. */
  mediaAt: number;
}

/** What `visible()` needs of the video: its size, whether it plays, and its media time in ms. */
export interface ShownVideoState extends HeldVideoState {
  mediaMs: number;
}

export class ShownBoxes {
  private readonly held = new HeldDetections();
  private readonly follower = new BoxFollower();

  constructor(private options: ShownBoxesOptions) {}

  /** New live options; a new filter applies to the result already held. */
  apply(options: ShownBoxesOptions): void {
    this.options = options;
    this.held.refilter(options.filter);
  }

  /** Takes a result; returns the boxes it shows (video pixels), as the `detections` event carries them. */
  accept(result: RawResult): Detection[] {
    const { width, height } = result.frame;
    const all = scaleDetections(result.detections, width / result.input.width, height / result.input.height, width, height);
    const shown = this.held.set(all, width, height, result.at, this.options.filter);
    // Speeds from the boxes shown (the user's filters): the model's low-score candidates are fragments and echoes that would pair wrongly.
    this.follower.update(shown, result.mediaAt, width, height);
    return shown;
  }

  /** The motion gate's verdict on the frame at media time `mediaAt` (ms): boxes move only while the picture does. */
  motion(mediaAt: number, moving: boolean): void {
    this.follower.verdict(mediaAt, moving);
  }

  /** The boxes to show now (video pixels). */
  visible(video: ShownVideoState, now: number): readonly Detection[] {
    const held = this.held.visible(video, now, this.options.holdMs);
    return this.options.followMotion ? this.follower.follow(held, video.mediaMs) : held;
  }

  /** A new source: its motion has nothing to do with the old one's (the held result stays until it expires or no longer fits). */
  sourceChanged(): void {
    this.follower.clear();
  }

  /** Nothing shown any more (stopped, destroyed). */
  clear(): void {
    this.held.clear();
    this.follower.clear();
  }
}
