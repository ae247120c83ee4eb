/** Pure post-processing of detections: decoding model outputs, NMS, filters, scaling. */
import type { Detection } from '../types.js';
import { coco80Label, cocoSsdLabel } from './labels.js';

type BBox = Detection['bbox'];

/** Intersection over union of two `[x, y, w, h]` boxes. */
export function iou(a: BBox, b: BBox): number {
  const x0 = Math.max(a[0], b[0]);
  const y0 = Math.max(a[1], b[1]);
  const x1 = Math.min(a[0] + a[2], b[0] + b[2]);
  const y1 = Math.min(a[1] + a[3], b[1] + b[3]);
  const inter = Math.max(0, x1 - x0) * Math.max(0, y1 - y0);
  const union = a[2] * a[3] + b[2] * b[3] - inter;
  return union > 0 ? inter / union : 0;
}

/**
 * Greedy non-maximum suppression, best score first. Class-agnostic unless `perClass`:
 * a box overlapping a better one by more than `iouThreshold` is dropped.
 */
export function nonMaxSuppression(
  detections: readonly Detection[],
  iouThreshold: number,
  maxDetections = Infinity,
  perClass = false,
): Detection[] {
  const sorted = [...detections].sort((a, b) => b.score - a.score);
  const kept: Detection[] = [];
  for (const d of sorted) {
    if (kept.length >= maxDetections) break;
    const overlaps = kept.some((k) => (!perClass || k.label === d.label) && iou(k.bbox, d.bbox) > iouThreshold);
    if (!overlaps) kept.push(d);
  }
  return kept;
}

/** What survives the user's filters. */
export interface DetectionFilter {
  scoreThreshold: number;
  /** Per-class thresholds, over `scoreThreshold` for those classes. */
  scoreThresholds?: Readonly<Record<string, number>> | undefined;
  maxDetections: number;
  classes?: readonly string[] | undefined;
  excludeClasses?: readonly string[] | undefined;
  /** Keeps a box under its threshold (a tracked object through a dip in confidence). */
  keep?: ((d: Detection) => boolean) | undefined;
}

/** The score a box of class `label` needs to be shown. */
export function thresholdFor(f: DetectionFilter, label: string): number {
  const own = f.scoreThresholds && Object.hasOwn(f.scoreThresholds, label) ? f.scoreThresholds[label] : undefined;
  return own ?? f.scoreThreshold;
}

/** Keeps the classes the allow-list and deny-list let through. */
export function byClass(detections: readonly Detection[], f: DetectionFilter): Detection[] {
  const allow = f.classes && f.classes.length > 0 ? new Set(f.classes) : null;
  const deny = f.excludeClasses && f.excludeClasses.length > 0 ? new Set(f.excludeClasses) : null;
  return detections.filter((d) => (!allow || allow.has(d.label)) && !(deny && deny.has(d.label)));
}

/** The best `max` boxes, best first. */
export function best(detections: readonly Detection[], max: number): Detection[] {
  return [...detections].sort((a, b) => b.score - a.score).slice(0, max);
}

/** Applies the score threshold (per class where given), allow-list, deny-list and the cap (best first). */
export function filterDetections(detections: readonly Detection[], f: DetectionFilter): Detection[] {
  return best(byClass(detections, f).filter((d) => d.score >= thresholdFor(f, d.label) || f.keep?.(d) === true), f.maxDetections);
}

/** Scales boxes by (sx, sy) and clips them to a `width` x `height` frame; empty boxes are dropped. */
export function scaleDetections(detections: readonly Detection[], sx: number, sy: number, width: number, height: number): Detection[] {
  const out: Detection[] = [];
  for (const d of detections) {
    const x0 = Math.max(0, d.bbox[0] * sx);
    const y0 = Math.max(0, d.bbox[1] * sy);
    const x1 = Math.min(width, (d.bbox[0] + d.bbox[2]) * sx);
    const y1 = Math.min(height, (d.bbox[1] + d.bbox[3]) * sy);
    if (x1 > x0 && y1 > y0) out.push({ label: d.label, score: d.score, bbox: [x0, y0, x1 - x0, y1 - y0] });
  }
  return out;
}

/**
 * Decodes CenterNet's `tower_0/detections` rows `[x1, y1, x2, y2, score, class]` given in
 * `modelSize`-pixel space into boxes in a `width` x `height` input, then class-agnostic NMS.
 */
export function decodeCenterNet(
  rows: ArrayLike<number>,
  modelSize: number,
  width: number,
  height: number,
  minScore: number,
  maxDetections: number,
  iouThreshold = 0.4,
): Detection[] {
  const sx = width / modelSize;
  const sy = height / modelSize;
  const candidates: Detection[] = [];
  for (let i = 0; i + 5 < rows.length; i += 6) {
    const score = rows[i + 4]!;
    if (!(score >= minScore)) continue;
    const x1 = Math.max(0, rows[i]! * sx);
    const y1 = Math.max(0, rows[i + 1]! * sy);
    const x2 = Math.min(width, rows[i + 2]! * sx);
    const y2 = Math.min(height, rows[i + 3]! * sy);
    if (x2 <= x1 || y2 <= y1) continue;
    candidates.push({ label: coco80Label(Math.round(rows[i + 5]!)), score, bbox: [x1, y1, x2 - x1, y2 - y1] });
  }
  return nonMaxSuppression(candidates, iouThreshold, maxDetections);
}

/**
 * Decodes coco-ssd's raw outputs: `scores` [numBoxes x numClasses] and `boxes` [numBoxes x 4]
 * as normalised `[ymin, xmin, ymax, xmax]`, into boxes in a `width` x `height` input.
 * Like coco-ssd: best class per box, then NMS with the same IoU as its score floor.
 */
export function decodeCocoSsd(
  scores: ArrayLike<number>,
  boxes: ArrayLike<number>,
  numBoxes: number,
  numClasses: number,
  width: number,
  height: number,
  minScore: number,
  maxDetections: number,
  iouThreshold = 0.5,
): Detection[] {
  const candidates: Detection[] = [];
  for (let i = 0; i < numBoxes; i++) {
    let best = -1;
    let bestScore = -Infinity;
    for (let j = 0; j < numClasses; j++) {
      const s = scores[i * numClasses + j]!;
      if (s > bestScore) {
        bestScore = s;
        best = j;
      }
    }
    if (!(bestScore >= minScore)) continue;
    // coco-ssd's class column j is COCO id j + 1.
    const label = cocoSsdLabel(best + 1);
    if (label === undefined) continue;
    const ymin = Math.max(0, boxes[i * 4]!) * height;
    const xmin = Math.max(0, boxes[i * 4 + 1]!) * width;
    const ymax = Math.min(1, boxes[i * 4 + 2]!) * height;
    const xmax = Math.min(1, boxes[i * 4 + 3]!) * width;
    if (xmax <= xmin || ymax <= ymin) continue;
    candidates.push({ label, score: bestScore, bbox: [xmin, ymin, xmax - xmin, ymax - ymin] });
  }
  return nonMaxSuppression(candidates, iouThreshold, maxDetections);
}
