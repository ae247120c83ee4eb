/**
 * Tracks: the same object across results, with a stable small-integer id. ByteTrack's idea
 * (Zhang et al. 2022): detections at or over the display threshold are matched to tracks first;
 * weaker ones (down to `lowScore`) then only continue tracks left unmatched, so an object stays
 * tracked through a dip in confidence or a partial occlusion, while weak boxes never start a track.
 * Each track predicts its box at constant velocity (video pixels per ms of video time); matching
 * is by IoU of the predicted box, within a class, best pairs first. A detector often changes its
 * mind about an object's class from frame to frame (a dog called a horse, then a cow): a track that
 * nothing of its class matched takes a strong detection of another class lying almost on its
 * predicted box (IoU >= RELABEL_IOU, after every same-class match), and a track's label follows its
 * score-weighted, decaying label votes with hysteresis, so neither its id nor its label flickers. A track is confirmed after
 * `minHits` matches, or at once at `confirmScore`, or at once when it comes from the tracker's first result (after
 * a start, a clear or a new picture: there is no result before it to check it against, and waiting would hold the
 * first box back by one inference; ByteTrack activates a video's first frame's tracks alike); an unconfirmed track that misses a result is
 * dropped (a one-result false positive never shows), a confirmed one is kept for `maxLostMs`, or
 * for EXIT_MS once it has walked out of the picture through an edge. Pure: media times (ms) are passed in.
 */
import type { Detection } from '../types.js';
import type { TrackInfo } from '../event-types.js';
import { assign, boxSize, centre, predict, reshaped, type Velocity } from './association.js';
import { iou } from './detections.js';
import { vote } from './label-votes.js';

export { boxSize, predict, type Velocity } from './association.js';

type BBox = Detection['bbox'];

export interface TrackerOptions {
  /** Matches before a track is confirmed (shown, with an id). */
  minHits: number;
  /** A confirmed track unmatched for this long (ms of video) is removed. */
  maxLostMs: number;
  /** A new track at or over this score is confirmed at once. */
  confirmScore: number;
  /** Detections from this score up continue a track (under the display threshold they start none). */
  lowScore: number;
}

/** One tracked object. */
export interface Track {
  readonly id: number;
  /** The class its matches voted for (the top of `votes`). */
  label: string;
  /** Score-weighted votes per class, decaying a match (core/label-votes.ts). */
  votes: Map<string, number>;
  /** The score and box of its latest match (video pixels). */
  score: number;
  bbox: BBox;
  velocity: Velocity;
  hits: number;
  confirmed: boolean;
  /** The score of its latest match at or over the display threshold (0: none yet). */
  strongScore: number;
  /** Matches in a row by weaker detections only (a dip in confidence). */
  weakRun: number;
  /** Time (ms, the tracker's `clock`: media time that does not go back on a loop) of its first and latest match. */
  firstSeen: number;
  lastSeen: number;
}

/** What one result did to the tracks. */
export interface TrackUpdate {
  /** The result's detections that belong to confirmed tracks, each with its track's `id`. */
  shown: Detection[];
  /** Tracks confirmed by this result. */
  confirmed: Track[];
  /** Confirmed tracks that ended (lost for `maxLostMs`, or the picture changed). */
  ended: Track[];
  /** Each input detection that matched or started a track, and that track. */
  matches: Map<Detection, Track>;
}

/** Overlap needed to match a detection at or over the display threshold to a predicted box. */
const MIN_IOU = 0.1;
/** Overlap needed for a weaker detection (it may only continue a track). */
const MIN_IOU_LOW = 0.3;
/** Two results further apart than this (ms of video) give no speed. */
const MAX_GAP_MS = 3000;
/** A move under this share of the box's size is the detector's jitter, not motion. */
const JITTER = 0.05;
/** Weight of the newest speed against the track's speed before. */
const NEW_SPEED_WEIGHT = 0.5;
/** Overlap needed for a detection of another class to continue a track (the same object, relabelled). */
const RELABEL_IOU = 0.6;
/**
 * A confirmed track lost this long (ms of video) while its last box touched the frame's edge and
 * it moved out through that edge has left the picture: it ends then rather than after `maxLostMs`,
 * so the next object to come in there (often within seconds, at a doorway or a road's end) gets a
 * new id and its own `track-enter`, not the id of the one that left.
 */
const EXIT_MS = 500;
/** A box within this share of the frame's size (at least 2 px) from an edge touches it. */
const EDGE = 0.01;

export class Tracker {
  private list: Track[] = [];
  private nextId = 1;
  private at = Number.NaN;
  /** Added to media time so that the tracks' clock never goes back (loops, seeks back). */
  private offset = 0;
  /** The last interval between results (ms of the tracks' clock). */
  private step = 100;
  private width = 0;
  private height = 0;
  /** No result since the start or the last clear: the next one's new tracks are confirmed at once. */
  private fresh = true;

  constructor(private options: TrackerOptions) {}

  apply(options: TrackerOptions): void {
    this.options = options;
  }

  /** The live tracks, confirmed or not. */
  get tracks(): readonly Track[] {
    return this.list;
  }

  /**
   * Takes one result (video pixels of a `width` x `height` frame, found on the frame at media time
   * `mediaAt`). `high(d)`: the detection passes the display threshold (it may start a track).
   * The tracks keep their own clock (`clock`): media time that never goes back. Media time going
   * back (a loop, a seek back) counts as one more step between results, with speeds forgotten, so
   * an object still in place (a seamless loop, a fixed camera) keeps its track, and the others are
   * lost as usual. A frame of another aspect ratio ends every track (another picture); a new
   * resolution of the same picture (a simulcast layer switch) rescales them.
   */
  update(detections: readonly Detection[], mediaAt: number, width: number, height: number, high: (d: Detection) => boolean): TrackUpdate {
    const at = this.advance(mediaAt);
    const ended = !this.resize(width, height) ? this.clear() : [];
    const opening = this.fresh;
    this.fresh = false;
    this.width = width;
    this.height = height;
    const strong = detections.filter((d) => high(d));
    const weak = detections.filter((d) => !high(d) && d.score >= this.options.lowScore);
    const predicted = this.list.map((t) => predict(t.bbox, t.velocity, at - t.lastSeen));
    // 1. Strong detections against every track.
    const first = assign(this.list, predicted, strong, MIN_IOU, true);
    // 2. Weak detections against the tracks still unmatched.
    const taken = new Set(first.values());
    const left = this.list.map((t, i) => ({ t, box: predicted[i]! })).filter(({ t }) => !taken.has(t));
    const second = assign(left.map((l) => l.t), left.map((l) => l.box), weak, MIN_IOU_LOW, false);
    // 3. Strong detections of another class on the tracks still unmatched: the same object, relabelled.
    for (const t of second.values()) taken.add(t);
    const rest = left.filter(({ t }) => !taken.has(t));
    const free = strong.map((d, i) => ({ d, i })).filter(({ i }) => !first.has(i));
    const relabelled = assign(rest.map((l) => l.t), rest.map((l) => l.box), free.map((f) => f.d), RELABEL_IOU, false, 'other');
    const confirmed: Track[] = [];
    const matched = new Set<Track>();
    const matches = new Map<Detection, Track>();
    const shown: Detection[] = [];
    const take = (d: Detection, t: Track): void => {
      matched.add(t);
      matches.set(d, t);
      if (this.match(t, d, at)) confirmed.push(t);
      if (t.confirmed) shown.push({ ...d, label: t.label, id: t.id });
    };
    /** Strong detections (by index) that a track took. */
    const tookStrong = new Set<number>();
    const takeStrong = (i: number, t: Track): void => {
      tookStrong.add(i);
      t.strongScore = strong[i]!.score;
      t.weakRun = 0;
      take(strong[i]!, t);
    };
    first.forEach((t, i) => takeStrong(i, t));
    second.forEach((t, i) => {
      t.weakRun++;
      take(weak[i]!, t);
    });
    relabelled.forEach((t, k) => takeStrong(free[k]!.i, t));
    // 4. Strong detections no track took start new tracks.
    strong.forEach((d, i) => {
      if (tookStrong.has(i)) return;
      const t = this.start(d, at, opening);
      matched.add(t);
      matches.set(d, t);
      if (t.confirmed) {
        confirmed.push(t);
        shown.push({ ...d, id: t.id });
      }
    });
    ended.push(...this.prune(matched, at));
    return { shown, confirmed, ended, matches };
  }

  /** The tracks' clock at media time `mediaAt`. */
  private advance(mediaAt: number): number {
    if (mediaAt < this.at - this.offset) {
      this.offset = this.at + this.step - mediaAt;
      for (const t of this.list) t.velocity = { vx: 0, vy: 0 };
    }
    const at = mediaAt + this.offset;
    if (at > this.at) this.step = at - this.at;
    this.at = at;
    return at;
  }

  /** The tracks' clock (ms) at the latest result: media time that does not go back on a loop or a seek back. */
  get clock(): number {
    return this.at;
  }

  /** Rescales the tracks to a new frame size of the same aspect ratio; false for another aspect ratio. */
  private resize(width: number, height: number): boolean {
    if (this.list.length === 0 || (width === this.width && height === this.height)) return true;
    const sx = width / this.width;
    const sy = height / this.height;
    if (!(Math.abs(sx / sy - 1) < 0.01)) return false;
    for (const t of this.list) {
      t.bbox = [t.bbox[0] * sx, t.bbox[1] * sy, t.bbox[2] * sx, t.bbox[3] * sy];
      t.velocity = { vx: t.velocity.vx * sx, vy: t.velocity.vy * sy };
    }
    return true;
  }

  /** Updates a track with its match; true when this match confirms it. */
  private match(t: Track, d: Detection, at: number): boolean {
    const dt = at - t.lastSeen;
    // Matched by distance alone, with nothing of it on where the track was predicted (a looped clip
    // or a camera switch in a live stream, an object found again further off): that move is no
    // speed. A track that had a chance to learn its speed forgets it rather than follow the jump.
    const jumped = t.hits > 1 && iou(predict(t.bbox, t.velocity, dt), d.bbox) < MIN_IOU;
    if (jumped) {
      t.velocity = { vx: 0, vy: 0 };
    } else if (dt > 0 && dt <= MAX_GAP_MS && !reshaped(t.bbox, d.bbox)) {
      const [x0, y0] = centre(t.bbox);
      const [x1, y1] = centre(d.bbox);
      const still = Math.hypot(x1 - x0, y1 - y0) < JITTER * boxSize(d.bbox);
      const w = t.hits > 1 ? NEW_SPEED_WEIGHT : 1;
      const vx = still ? 0 : (x1 - x0) / dt;
      const vy = still ? 0 : (y1 - y0) / dt;
      t.velocity = { vx: w * vx + (1 - w) * t.velocity.vx, vy: w * vy + (1 - w) * t.velocity.vy };
    } else if (dt > MAX_GAP_MS) {
      t.velocity = { vx: 0, vy: 0 };
    }
    t.bbox = d.bbox;
    t.score = d.score;
    t.label = vote(t.votes, d, t.label);
    t.lastSeen = at;
    t.hits++;
    if (t.confirmed || t.hits < this.options.minHits) return false;
    t.confirmed = true;
    return true;
  }

  /** A new track; `opening`: from the tracker's first result (confirmed at once). */
  private start(d: Detection, at: number, opening: boolean): Track {
    const confirmed = opening || this.options.minHits <= 1 || d.score >= this.options.confirmScore;
    const t: Track = { id: this.nextId++, label: d.label, votes: new Map([[d.label, d.score]]), score: d.score, bbox: d.bbox, velocity: { vx: 0, vy: 0 }, hits: 1, confirmed, firstSeen: at, lastSeen: at, strongScore: d.score, weakRun: 0 };
    this.list.push(t);
    return t;
  }

  /** Drops unconfirmed tracks that missed this result and confirmed ones lost too long; returns the confirmed ones dropped. */
  private prune(matched: ReadonlySet<Track>, at: number): Track[] {
    const ended: Track[] = [];
    this.list = this.list.filter((t) => {
      if (matched.has(t)) return true;
      const keepFor = leaving(t, this.width, this.height) ? Math.min(EXIT_MS, this.options.maxLostMs) : this.options.maxLostMs;
      const keep = t.confirmed && at - t.lastSeen <= keepFor;
      if (!keep && t.confirmed) ended.push(t);
      return keep;
    });
    return ended;
  }

  /** Ends every track; returns the confirmed ones. Ids keep counting up (and the clock forward). */
  clear(): Track[] {
    const ended = this.list.filter((t) => t.confirmed);
    this.list = [];
    this.fresh = true;
    return ended;
  }
}

/** Was the track, at its last match, at an edge of the `width` x `height` frame and moving out through it? */
function leaving(t: Track, width: number, height: number): boolean {
  const [x, y, w, h] = t.bbox;
  const { vx, vy } = t.velocity;
  const mx = Math.max(2, EDGE * width);
  const my = Math.max(2, EDGE * height);
  return (x <= mx && vx < 0) || (x + w >= width - mx && vx > 0) || (y <= my && vy < 0) || (y + h >= height - my && vy > 0);
}

/** A track as events and `overlay.tracks` give it: plain data, video time in seconds. */
export function trackInfo(t: Track): TrackInfo {
  return { id: t.id, label: t.label, score: t.score, bbox: [...t.bbox], firstSeen: t.firstSeen / 1000, lastSeen: t.lastSeen / 1000 };
}
