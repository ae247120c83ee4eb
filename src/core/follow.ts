/**
 * Boxes that follow their objects between inferences. An inference takes time (hundreds of ms
 * on a CPU), so its boxes describe a frame the video has already moved past: a walker's box
 * trails behind the walker. Each box of a new result comes with its track's speed (core/tracker.ts
 * pairs boxes across results); until the next result, the box is moved along it by the time the
 * picture has been *moving* since its frame (the motion gate's verdicts), so a box stops where its
 * object stopped. Pure: media times (ms) are passed in.
 */
import type { Detection } from '../types.js';
import { predict, type Velocity } from './tracker.js';

export type { Velocity } from './tracker.js';

/** Boxes are moved ahead by at most this much motion time (ms)... */
export const MAX_LEAD_MS = 2000;
/** Gate verdicts kept (a few seconds at 15 fps). */
const MAX_VERDICTS = 64;

type BBox = Detection['bbox'];

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
  private velocities = new Map<Detection, Velocity>();
  private at = Number.NaN;
  private width = 0;
  private height = 0;
  private verdicts: GateVerdict[] = [];
  private cache: { from: readonly Detection[]; lead: number; boxes: readonly Detection[] } | null = null;

  /**
   * Takes a new result: `detections` (intrinsic pixels of a `width` x `height` frame) found on
   * the frame at media time `at` (ms), and the speed of those that move (their tracks', from
   * core/tracker.ts: the one place boxes are paired across results).
   */
  update(detections: readonly Detection[], at: number, width: number, height: number, velocities: ReadonlyMap<Detection, Velocity>): void {
    const shown = new Set(detections);
    this.velocities = new Map([...velocities].filter(([d]) => shown.has(d)));
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

  /**
   * `boxes` (boxes of the latest result, the same objects) moved to media time `now` (ms): each
   * by its speed times the motion time since its frame (at most `MAX_LEAD_MS`, and at most
   * 1.5 times its size: the tracker's `predict`), clipped to the frame. Returns `boxes` itself when none moves,
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
      // Where its track predicts it (the same capped move the tracker matches against), clipped to the frame.
      const moved = predict(d.bbox, v, lead);
      const bbox = shifted(d.bbox, moved[0] - d.bbox[0], moved[1] - d.bbox[1], this.width, this.height);
      if (bbox) out.push({ ...d, bbox });
    }
    this.cache = { from: boxes, lead, boxes: out };
    return out;
  }

  clear(): void {
    this.velocities = new Map();
    this.at = Number.NaN;
    this.verdicts = [];
    this.cache = null;
  }
}
