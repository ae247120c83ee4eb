/**
 * Boxes that follow their objects between inferences. An inference takes time (hundreds of ms
 * on a CPU), so its boxes describe a frame the video has already moved past: a walker's box
 * trails behind the walker. Each box of a new result is matched to the previous result's box of
 * the same object, which gives its velocity; until the next result, the box is moved along it by
 * the time the picture has been *moving* since its frame (the motion gate's verdicts), so a
 * box stops where its object stopped. Pure: media times (ms) are passed in.
 */
import type { Detection } from '../types.js';

/** A box moves at most this far (times its size, the square root of its area) between two results to count as the same object. */
const MAX_JUMP = 1.5;
/** A move smaller than this (times the box's size) is the detector's jitter, not motion. */
const JITTER = 0.05;
/** Two results further apart than this (ms of video) say nothing about speed. */
const MAX_GAP_MS = 3000;
/** Boxes are moved ahead by at most this much motion time (ms)... */
export const MAX_LEAD_MS = 2000;
/** ...and by at most this many times their size. */
const MAX_SHIFT = 1.5;
/** Weight of the newest speed against the one before (the same object's): smooths the detector's jitter. */
const NEW_SPEED_WEIGHT = 0.5;
/** Gate verdicts kept (a few seconds at 15 fps). */
const MAX_VERDICTS = 64;

type BBox = Detection['bbox'];

/** Speed of a box's centre, video pixels per ms. */
export interface Velocity {
  vx: number;
  vy: number;
}

function size(b: BBox): number {
  return Math.sqrt(Math.max(0, b[2]) * Math.max(0, b[3]));
}

/** How far the centre of box `b` is from that of box `a`, video px. */
function centreShift(a: BBox, b: BBox): { dx: number; dy: number } {
  return { dx: b[0] + b[2] / 2 - (a[0] + a[2] / 2), dy: b[1] + b[3] / 2 - (a[1] + a[3] / 2) };
}

/**
 * Pairs each box of `next` with the box of `previous` that shows the same object: same label,
 * similar area (within 2x), centres at most `MAX_JUMP` sizes apart; closest pairs first, each box
 * used once. Returns, per box of `next`, the index of its box in `previous`, or -1.
 */
export function matchBoxes(previous: readonly Detection[], next: readonly Detection[]): number[] {
  const pairs: Array<{ p: number; n: number; cost: number }> = [];
  next.forEach((nd, n) => {
    const s = size(nd.bbox);
    if (s <= 0) return;
    previous.forEach((pd, p) => {
      if (pd.label !== nd.label) return;
      const ratio = (pd.bbox[2] * pd.bbox[3]) / (nd.bbox[2] * nd.bbox[3]);
      if (!(ratio >= 0.5 && ratio <= 2)) return;
      const { dx, dy } = centreShift(pd.bbox, nd.bbox);
      const cost = Math.hypot(dx, dy) / s;
      if (cost <= MAX_JUMP) pairs.push({ p, n, cost });
    });
  });
  pairs.sort((a, b) => a.cost - b.cost);
  const match = new Array<number>(next.length).fill(-1);
  const used = new Set<number>();
  for (const { p, n } of pairs) {
    if (match[n] !== -1 || used.has(p)) continue;
    match[n] = p;
    used.add(p);
  }
  return match;
}

/** One verdict of the motion gate: at media time `at` (ms), the picture had changed since the check before, or not. */
export interface GateVerdict {
  at: number;
  moving: boolean;
}

/**
 * A still stretch shorter than this between moving ones is a repeated frame (a stream that
 * repeats frames under load, a frame-rate conversion), not the picture stopping.
 */
const MIN_STILL_MS = 150;

/**
 * How long (ms) the picture was moving between media times `from` and `to`, by the gate's
 * verdicts (oldest first): the stretch up to a verdict counts when that verdict saw motion, and
 * the stretch after the last one counts when it did. Still stretches count only once they add up
 * to `MIN_STILL_MS` in a row (until then they count as moving). No verdicts (the gate is off): all of it.
 */
export function movingTime(verdicts: readonly GateVerdict[], from: number, to: number): number {
  if (!(to > from)) return 0;
  let total = 0;
  let still = 0; // the still run so far
  const add = (length: number, moving: boolean): void => {
    if (length <= 0) return;
    if (!moving) {
      still += length;
      return;
    }
    if (still < MIN_STILL_MS) total += still;
    still = 0;
    total += length;
  };
  let start = from;
  let lastMoving = true;
  for (const v of verdicts) {
    if (v.at <= from) {
      lastMoving = v.moving;
      continue;
    }
    add(Math.min(v.at, to) - start, v.moving);
    if (v.at >= to) return still < MIN_STILL_MS ? total + still : total;
    start = v.at;
    lastMoving = v.moving;
  }
  add(to - start, lastMoving);
  return still < MIN_STILL_MS ? total + still : total;
}

/** Moves `bbox` by (dx, dy) and clips it to a `width` x `height` frame; null when nothing is left of it. */
function shifted(bbox: BBox, dx: number, dy: number, width: number, height: number): BBox | null {
  const x0 = Math.max(0, bbox[0] + dx);
  const y0 = Math.max(0, bbox[1] + dy);
  const x1 = Math.min(width, bbox[0] + bbox[2] + dx);
  const y1 = Math.min(height, bbox[1] + bbox[3] + dy);
  if (x1 - x0 < 1 || y1 - y0 < 1) return null;
  return [x0, y0, x1 - x0, y1 - y0];
}

export class BoxFollower {
  private previous: readonly Detection[] = [];
  private velocities = new Map<Detection, Velocity>();
  private at = Number.NaN;
  private width = 0;
  private height = 0;
  private verdicts: GateVerdict[] = [];
  private cache: { from: readonly Detection[]; lead: number; boxes: readonly Detection[] } | null = null;

  /**
   * Takes a new result: `detections` (intrinsic pixels of a `width` x `height` frame) found on
   * the frame at media time `at` (ms). Their speeds come from the result before, when it was
   * of the same frame size and at most `MAX_GAP_MS` earlier.
   */
  update(detections: readonly Detection[], at: number, width: number, height: number): void {
    const dt = at - this.at;
    const comparable = dt > 0 && dt <= MAX_GAP_MS && width === this.width && height === this.height;
    const velocities = new Map<Detection, Velocity>();
    if (comparable) {
      const match = matchBoxes(this.previous, detections);
      detections.forEach((d, i) => {
        const p = this.previous[match[i]!];
        if (!p) return;
        const { dx, dy } = centreShift(p.bbox, d.bbox);
        if (Math.hypot(dx, dy) < JITTER * size(d.bbox)) return;
        const before = this.velocities.get(p);
        const w = before ? NEW_SPEED_WEIGHT : 1;
        velocities.set(d, {
          vx: w * (dx / dt) + (1 - w) * (before?.vx ?? 0),
          vy: w * (dy / dt) + (1 - w) * (before?.vy ?? 0),
        });
      });
    }
    this.previous = detections;
    this.velocities = velocities;
    this.at = at;
    this.width = width;
    this.height = height;
    // Verdicts before this frame no longer matter; those since (made while the model ran) do.
    this.verdicts = this.verdicts.filter((v) => v.at > at);
    this.cache = null;
  }

  /** The motion gate's verdict on the frame at media time `at` (ms). */
  verdict(at: number, moving: boolean): void {
    const last = this.verdicts[this.verdicts.length - 1];
    // Time went back (a loop, a seek): what was recorded belongs to another stretch of video.
    if (last && at < last.at) this.verdicts = [];
    this.verdicts.push({ at, moving });
    if (this.verdicts.length > MAX_VERDICTS) this.verdicts.shift();
  }

  /** The speed found for a box of the latest result (undefined when it does not move, or is not one of them). */
  velocityOf(d: Detection): Velocity | undefined {
    return this.velocities.get(d);
  }

  /**
   * `boxes` (boxes of the latest result, the same objects) moved to media time `now` (ms): each
   * by its speed times the motion time since its frame (at most `MAX_LEAD_MS`, and at most
   * `MAX_SHIFT` times its size), clipped to the frame. Returns `boxes` itself when none moves,
   * and the same array again while the lead does not change.
   */
  follow(boxes: readonly Detection[], now: number): readonly Detection[] {
    if (this.velocities.size === 0 || !(now > this.at)) return boxes;
    const lead = Math.min(MAX_LEAD_MS, movingTime(this.verdicts, this.at, now));
    const c = this.cache;
    if (c && c.from === boxes && c.lead === lead) return c.boxes;
    if (lead <= 0) return boxes;
    const out: Detection[] = [];
    for (const d of boxes) {
      const v = this.velocities.get(d);
      if (!v) {
        out.push(d);
        continue;
      }
      let dx = v.vx * lead;
      let dy = v.vy * lead;
      const cap = MAX_SHIFT * size(d.bbox);
      const length = Math.hypot(dx, dy);
      if (length > cap) {
        dx *= cap / length;
        dy *= cap / length;
      }
      const bbox = shifted(d.bbox, dx, dy, this.width, this.height);
      if (bbox) out.push({ ...d, bbox });
    }
    this.cache = { from: boxes, lead, boxes: out };
    return out;
  }

  clear(): void {
    this.previous = [];
    this.velocities = new Map();
    this.at = Number.NaN;
    this.verdicts = [];
    this.cache = null;
  }
}
