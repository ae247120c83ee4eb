/**
 * Zones (polygons) and lines in normalised video coordinates (0..1 of the intrinsic frame, so
 * they survive resizes and simulcast size changes), and where a tracked object's anchor point is
 * against them. Pure geometry; the watcher that turns positions into events is zone-watcher.ts.
 */
export type Point = readonly [number, number];

/** Which point of a box stands for the object: its bottom centre (feet on the ground) or its centre. */
export type Anchor = 'bottom' | 'center';

/** The anchor of a `[x, y, w, h]` box in a `width` x `height` frame, normalised. */
export function anchorOf(bbox: readonly [number, number, number, number], width: number, height: number, anchor: Anchor): Point {
  const x = (bbox[0] + bbox[2] / 2) / width;
  const y = (anchor === 'bottom' ? bbox[1] + bbox[3] : bbox[1] + bbox[3] / 2) / height;
  return [x, y];
}

/** Distance from `p` to the segment a–b. */
export function segmentDistance(p: Point, a: Point, b: Point): number {
  const dx = b[0] - a[0];
  const dy = b[1] - a[1];
  const length2 = dx * dx + dy * dy;
  const t = length2 === 0 ? 0 : Math.max(0, Math.min(1, ((p[0] - a[0]) * dx + (p[1] - a[1]) * dy) / length2));
  return Math.hypot(p[0] - (a[0] + t * dx), p[1] - (a[1] + t * dy));
}

/**
 * Where `p` is against a polygon: its distance to the border, signed: positive inside, negative
 * outside, 0 on an edge. Any simple polygon, concave ones included (even-odd rule).
 */
export function polygonDepth(p: Point, polygon: readonly Point[]): number {
  let inside = false;
  let nearest = Number.POSITIVE_INFINITY;
  for (let i = 0, j = polygon.length - 1; i < polygon.length; j = i++) {
    const a = polygon[i]!;
    const b = polygon[j]!;
    nearest = Math.min(nearest, segmentDistance(p, a, b));
    if ((a[1] > p[1]) !== (b[1] > p[1]) && p[0] < ((b[0] - a[0]) * (p[1] - a[1])) / (b[1] - a[1]) + a[0]) inside = !inside;
  }
  if (nearest === 0) return 0;
  return inside ? nearest : -nearest;
}

/**
 * Which side of the line from `from` to `to` a point is on, as a signed distance from the line
 * through them: positive on the right of the arrow from→to as seen on screen (y grows down),
 * negative on its left. `within`: the point's foot on the line falls between the two ends.
 */
export function lineSide(p: Point, from: Point, to: Point): { distance: number; within: boolean } {
  const dx = to[0] - from[0];
  const dy = to[1] - from[1];
  const length = Math.hypot(dx, dy);
  const cross = dx * (p[1] - from[1]) - dy * (p[0] - from[0]);
  const t = ((p[0] - from[0]) * dx + (p[1] - from[1]) * dy) / (length * length);
  return { distance: cross / length, within: t >= 0 && t <= 1 };
}

/** Twice the signed area of a polygon (0 for a degenerate one). */
export function doubleArea(polygon: readonly Point[]): number {
  let sum = 0;
  for (let i = 0, j = polygon.length - 1; i < polygon.length; j = i++) sum += (polygon[j]![0] + polygon[i]![0]) * (polygon[j]![1] - polygon[i]![1]);
  return sum;
}

function orientation(a: Point, b: Point, c: Point): number {
  return Math.sign((b[0] - a[0]) * (c[1] - a[1]) - (b[1] - a[1]) * (c[0] - a[0]));
}

function onSegment(a: Point, b: Point, p: Point): boolean {
  return Math.min(a[0], b[0]) <= p[0] && p[0] <= Math.max(a[0], b[0]) && Math.min(a[1], b[1]) <= p[1] && p[1] <= Math.max(a[1], b[1]);
}

/** Whether segments a–b and c–d touch or cross. */
export function segmentsMeet(a: Point, b: Point, c: Point, d: Point): boolean {
  const o1 = orientation(a, b, c);
  const o2 = orientation(a, b, d);
  const o3 = orientation(c, d, a);
  const o4 = orientation(c, d, b);
  if (o1 !== o2 && o3 !== o4) return true;
  return (o1 === 0 && onSegment(a, b, c)) || (o2 === 0 && onSegment(a, b, d)) || (o3 === 0 && onSegment(c, d, a)) || (o4 === 0 && onSegment(c, d, b));
}

/** The first pair of non-adjacent edges that meet, as edge indices; null for a simple polygon. O(n²): polygons are capped in size. */
export function selfIntersection(polygon: readonly Point[]): [number, number] | null {
  const n = polygon.length;
  for (let i = 0; i < n; i++) {
    for (let j = i + 1; j < n; j++) {
      if (j === i + 1 || (i === 0 && j === n - 1)) continue; // neighbours share a corner
      if (segmentsMeet(polygon[i]!, polygon[(i + 1) % n]!, polygon[j]!, polygon[(j + 1) % n]!)) return [i, j];
    }
  }
  return null;
}
