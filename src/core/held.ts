/**
 * The last inference's boxes, held between inferences and shown until they expire. Pure: the
 * video's state and the time are passed in.
 */
import type { Detection } from '../types.js';
import { filterDetections, type DetectionFilter } from './detections.js';

/** What of the video decides whether held boxes still apply. */
export interface HeldVideoState {
  videoWidth: number;
  videoHeight: number;
  paused: boolean;
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
  }

  /**
   * The boxes to show now: none when they belong to another video size, or are older than
   * `holdMs` while the video plays (a paused frame keeps its boxes).
   */
  visible(video: HeldVideoState, now: number, holdMs: number): readonly Detection[] {
    if (video.videoWidth !== this.width || video.videoHeight !== this.height) return NONE;
    if (!video.paused && now - this.at > holdMs) return NONE;
    return this.shown;
  }
}
