/**
 * The last inference's boxes, held between inferences and shown until they expire. Pure: the
 * video's state and the time are passed in.
 */
import type { Detection } from '../types.js';
import { filterDetections, scaleDetections, type DetectionFilter } from './detections.js';

/** What of the video decides whether held boxes still apply. */
export interface HeldVideoState {
  videoWidth: number;
  videoHeight: number;
  paused: boolean;
}

/**
 * Two frame sizes show the same picture when their aspect ratios differ by less than this: a
 * WebRTC sender switching simulcast layers or adapting its resolution (1280x720, 640x360,
 * 426x240 rounded to even pixels) keeps the picture and changes only the pixel count.
 */
const SAME_ASPECT = 0.01;

/** Whether a `w1` x `h1` frame and a `w2` x `h2` frame are the same picture at another resolution. */
function sameAspect(w1: number, h1: number, w2: number, h2: number): boolean {
  if (w1 <= 0 || h1 <= 0 || w2 <= 0 || h2 <= 0) return false;
  return Math.abs((w1 * h2) / (h1 * w2) - 1) < SAME_ASPECT;
}

/** One empty list, so that "nothing to show" is the same array every frame (the overlay redraws on a new array). */
const NONE: readonly Detection[] = Object.freeze([]);

export class HeldDetections {
  /** Scaled to intrinsic pixels, unfiltered: a filter change re-filters without a new inference. */
  private all: Detection[] = [];
  private shown: Detection[] = [];
  private at = 0;
  private width = -1;
  private height = -1;
  /** `shown` rescaled to another frame size, kept so the same boxes are the same array every frame. */
  private rescaled: { from: readonly Detection[]; width: number; height: number; boxes: readonly Detection[] } | null = null;

  /** Holds a new result (intrinsic pixels of a `width` x `height` frame) and returns what passes `filter`. */
  set(all: Detection[], width: number, height: number, at: number, filter: DetectionFilter): Detection[] {
    this.all = all;
    this.width = width;
    this.height = height;
    this.at = at;
    this.shown = filterDetections(all, filter);
    return this.shown;
  }

  /** Applies new filter options to the held result. */
  refilter(filter: DetectionFilter): void {
    this.shown = filterDetections(this.all, filter);
  }

  clear(): void {
    this.all = [];
    this.shown = [];
    this.width = this.height = -1;
    this.rescaled = null;
  }

  /**
   * The boxes to show now: none when they are older than `holdMs` while the video plays (a paused
   * frame keeps its boxes) or belong to another picture. When the frame size changes but not its
   * aspect ratio (a new resolution of the same picture), the boxes are rescaled to it.
   */
  visible(video: HeldVideoState, now: number, holdMs: number): readonly Detection[] {
    if (!video.paused && now - this.at > holdMs) return NONE;
    const { videoWidth: w, videoHeight: h } = video;
    if (w === this.width && h === this.height) return this.shown;
    if (!sameAspect(w, h, this.width, this.height)) return NONE;
    const r = this.rescaled;
    if (r && r.from === this.shown && r.width === w && r.height === h) return r.boxes;
    const boxes = scaleDetections(this.shown, w / this.width, h / this.height, w, h);
    this.rescaled = { from: this.shown, width: w, height: h, boxes };
    return boxes;
  }
}
