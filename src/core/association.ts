/**
 * How the tracker pairs tracks with detections (core/tracker.ts): constant-velocity prediction,
 * the affinity of a detection to a predicted box (IoU, or nearness for results far apart), and the
 * pairing itself, best affinity first. Pure.
 */
import type { Detection } from '../types.js';
import { iou } from './detections.js';

type BBox = Detection['bbox'];

/** Speed of a box's centre, video pixels per ms of video time. */
export interface Velocity {
  vx: number;
  vy: number;
}

/** Without overlap (no speed known yet, results far apart), a box of similar size whose centre is within this many sizes still matches, after every overlapping pair. */
const MAX_JUMP = 1.5;
/** A prediction moves a box by at most this many times its size. */
const MAX_SHIFT = 1.5;
/**
 * A box whose width or height changed by more than this share between two matches is partly hidden
 * (or coming out from behind something): its centre moves with the hiding edge, not with the
 * object, so that step gives no speed (the track keeps the speed it had).
 */
const RESHAPE = 0.2;

export function boxSize(b: BBox): number {
  return Math.sqrt(Math.max(0, b[2]) * Math.max(0, b[3]));
}

export function centre(b: BBox): [number, number] {
  return [b[0] + b[2] / 2, b[1] + b[3] / 2];
}

/** `bbox` moved by `velocity` for `ms`, the move capped at MAX_SHIFT sizes. */
export function predict(bbox: BBox, velocity: Velocity, ms: number): BBox {
  let dx = velocity.vx * ms;
  let dy = velocity.vy * ms;
  const cap = MAX_SHIFT * boxSize(bbox);
  const length = Math.hypot(dx, dy);
  if (length > cap && length > 0) {
    dx *= cap / length;
    dy *= cap / length;
  }
  return [bbox[0] + dx, bbox[1] + dy, bbox[2], bbox[3]];
}

/** The box's width or height changed by more than RESHAPE (partly hidden, or coming out from behind something). */
export function reshaped(a: BBox, b: BBox): boolean {
  return Math.abs(b[2] / a[2] - 1) > RESHAPE || Math.abs(b[3] / a[3] - 1) > RESHAPE;
}

/** How well a detection fits a predicted box: its IoU, or a small value for a near box of similar size; 0 for no match. */
function affinity(predicted: BBox, d: Detection, minIou: number, near: boolean): number {
  const overlap = iou(predicted, d.bbox);
  if (overlap >= minIou) return overlap;
  if (!near) return 0;
  const ratio = (predicted[2] * predicted[3]) / (d.bbox[2] * d.bbox[3]);
  if (!(ratio >= 0.5 && ratio <= 2)) return 0;
  const [px, py] = centre(predicted);
  const [dx, dy] = centre(d.bbox);
  const jump = Math.hypot(dx - px, dy - py) / Math.max(1, boxSize(d.bbox));
  return jump <= MAX_JUMP ? minIou * 0.99 * (1 - jump / MAX_JUMP) : 0;
}

/**
 * Pairs tracks (with their predicted boxes) and detections, best affinity first, each used once.
 * `classes`: 'same' pairs a detection only with tracks of its class; 'other' only with tracks of
 * another class (the detector's label for the object changed). Returns detection index → track.
 */
export function assign<T extends { label: string }>(tracks: readonly T[], predicted: readonly BBox[], dets: readonly Detection[], minIou: number, near: boolean, classes: 'same' | 'other' = 'same'): Map<number, T> {
  const pairs: Array<{ t: number; d: number; a: number }> = [];
  tracks.forEach((track, t) => {
    dets.forEach((det, d) => {
      if ((det.label === track.label) !== (classes === 'same')) return;
      const a = affinity(predicted[t]!, det, minIou, near);
      if (a > 0) pairs.push({ t, d, a });
    });
  });
  pairs.sort((x, y) => y.a - x.a);
  const out = new Map<number, T>();
  const used = new Set<number>();
  for (const { t, d } of pairs) {
    if (out.has(d) || used.has(t)) continue;
    out.set(d, tracks[t]!);
    used.add(t);
  }
  return out;
}
