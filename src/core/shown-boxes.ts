/**
 * The boxes an overlay shows, from the model's raw results to what is on screen now: each result
 * is scaled to the video's pixels, its classes filtered, tracked (core/tracker.ts: which box is
 * which object, ids, speeds), filtered by score (with tracking: confirmed tracks are shown), held
 * until the next one (or `holdMs`), and, with `followMotion`, moved along its tracks' speeds
 * between results. Pure: no DOM, no TF.js; times are passed in.
 */
import type { Detection } from '../types.js';
import { byClass, scaleDetections, thresholdFor, type DetectionFilter } from './detections.js';
import { HeldDetections, type HeldVideoState } from './held.js';
import { BoxFollower, type Velocity } from './follow.js';
import { Tracker, type Track, type TrackerOptions } from './tracker.js';

/** What the shown boxes depend on (all live options). */
export interface ShownBoxesOptions {
  /** How long a result stays on screen while the video plays, ms. */
  holdMs: number;
  /** Move boxes along their objects' motion between results. */
  followMotion: boolean;
  filter: DetectionFilter;
  /** Show confirmed tracks (with ids) rather than every box over the threshold. */
  tracking: boolean;
  tracker: TrackerOptions;
}

/** What one result changed: the boxes shown, and tracks that began or ended. */
export interface Accepted {
  shown: Detection[];
  /** Tracks confirmed by this result (with tracking on). */
  entered: Track[];
  /** Confirmed tracks that ended (with tracking on). */
  left: Track[];
  /** Confirmed tracks seen in this result (with tracking on): where zones and lines look. */
  current: Track[];
  /** The tracks' clock at this result (ms): media time that does not go back on a loop or seek back. */
  clock: number;
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

/** Results in a row a tracked box may stay shown under its threshold (a dip in confidence). */
const MAX_DIP = 3;

export class ShownBoxes {
  private readonly held = new HeldDetections();
  private readonly follower = new BoxFollower();
  private readonly tracker: Tracker;
  /** The latest result's boxes that may be shown (before the score filter when tracking is off). */
  private eligible: Detection[] = [];

  constructor(private options: ShownBoxesOptions) {
    this.tracker = new Tracker(options.tracker);
  }

  /** New live options; a new filter applies to the result already held. */
  apply(options: ShownBoxesOptions): void {
    const ended = options.tracking !== this.options.tracking;
    this.options = options;
    this.tracker.apply(options.tracker);
    if (ended) this.tracker.clear();
    this.held.refilter(this.shownFilter(this.trackIndex()));
  }

  /** The live tracks (confirmed ones, with tracking on). */
  get tracks(): readonly Track[] {
    return this.options.tracking ? this.tracker.tracks.filter((t) => t.confirmed) : [];
  }

  /** Takes a result; returns the boxes it shows (video pixels), as the `detections` event carries them, and the tracks it began and ended. */
  accept(result: RawResult): Accepted {
    const { width, height } = result.frame;
    const { filter, tracking } = this.options;
    const scaled = scaleDetections(result.detections, width / result.input.width, height / result.input.height, width, height);
    const candidates = byClass(scaled, filter);
    const update = this.tracker.update(candidates, result.mediaAt, width, height, (d) => d.score >= thresholdFor(filter, d.label));
    this.eligible = tracking ? update.shown : candidates;
    const byId = this.trackIndex();
    const shown = this.held.set(this.eligible, width, height, result.at, this.shownFilter(byId));
    this.follower.update(shown, result.mediaAt, width, height, velocities(shown, update.matches, byId));
    const clock = this.tracker.clock;
    if (!tracking) return { shown, entered: [], left: [], current: [], clock };
    const current = this.tracker.tracks.filter((t) => t.confirmed && t.lastSeen === clock);
    return { shown, entered: update.confirmed, left: update.ended, current, clock };
  }

  /**
   * The filter held boxes pass. With tracking (held boxes are of confirmed tracks), a box under its
   * threshold still shows while its track is in a dip: its last strong score passes the threshold
   * in force, and it has been weak for at most MAX_DIP results. So a threshold raised live removes
   * boxes at once, and a dip does not make a tracked person blink.
   */
  private shownFilter(byId: ReadonlyMap<number, Track>): DetectionFilter {
    const { filter, tracking } = this.options;
    if (!tracking) return filter;
    const keep = (d: Detection): boolean => {
      const t = d.id === undefined ? undefined : byId.get(d.id);
      return t !== undefined && t.weakRun <= MAX_DIP && t.strongScore >= thresholdFor(filter, d.label);
    };
    return { ...filter, keep };
  }

  /** The live tracks by id. */
  private trackIndex(): Map<number, Track> {
    return new Map<number, Track>(this.tracker.tracks.map((t) => [t.id, t]));
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

  /** A new source: its objects and motion have nothing to do with the old one's (the held result stays until it expires or no longer fits). Returns the tracks that ended. */
  sourceChanged(): Track[] {
    this.follower.clear();
    const ended = this.tracker.clear();
    return this.options.tracking ? ended : [];
  }

  /** Nothing shown any more (stopped, destroyed). Returns the tracks that ended. */
  clear(): Track[] {
    this.held.clear();
    this.follower.clear();
    const ended = this.tracker.clear();
    return this.options.tracking ? ended : [];
  }
}

/** Each shown box's speed: its track's (by id; with tracking off, the tracker still pairs boxes, for speeds). */
function velocities(shown: readonly Detection[], matches: ReadonlyMap<Detection, Track>, byId: ReadonlyMap<number, Track>): Map<Detection, Velocity> {
  const out = new Map<Detection, Velocity>();
  for (const d of shown) {
    const t = d.id === undefined ? matches.get(d) : byId.get(d.id);
    if (t && (t.velocity.vx !== 0 || t.velocity.vy !== 0)) out.set(d, t.velocity);
  }
  return out;
}
