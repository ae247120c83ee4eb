/**
 * Where each box's label goes so that labels do not cover each other (people walking side by
 * side, a dog in front of a bicycle): pure maths in overlay px, no canvas.
 */
import type { Rect } from './geometry.js';
import { apply, invert, type Linear } from './transform.js';

/** A label's size in overlay px. */
export interface LabelSize {
  width: number;
  height: number;
}

/** A label's top-left corner in overlay px. */
export interface LabelSpot {
  x: number;
  y: number;
}

/** Label text size (CSS px) for an overlay of this size: 13 px, down to 9 px on small tiles so a label does not hide the picture. */
export function labelFontPx(width: number, height: number): number {
  return Math.max(9, Math.min(13, Math.round(Math.min(width, height * (4 / 3)) / 30)));
}

/** Area (px²) shared by two rectangles; touching edges share none. */
function overlap(a: Rect, b: Rect): number {
  const w = Math.min(a.x + a.width, b.x + b.width) - Math.max(a.x, b.x);
  const h = Math.min(a.y + a.height, b.y + b.height) - Math.max(a.y, b.y);
  return w > 0 && h > 0 ? w * h : 0;
}

/**
 * The spots tried for a label, best first: just above the box's top-left corner (outside, the
 * classic look), inside its top-left, just below its bottom-left, then the same three at its
 * right edge. Each spot is moved inside `bounds` (a label never leaves the canvas).
 */
function candidates(box: Rect, size: LabelSize, bounds: LabelSize): LabelSpot[] {
  const right = box.x + box.width - size.width;
  const above = box.y - size.height;
  const below = box.y + box.height;
  const spots: Array<[number, number]> = [
    [box.x, above], [box.x, box.y], [box.x, below],
    [right, above], [right, box.y], [right, below],
  ];
  const maxX = Math.max(0, bounds.width - size.width);
  const maxY = Math.max(0, bounds.height - size.height);
  return spots.map(([x, y]) => ({ x: Math.min(Math.max(0, x), maxX), y: Math.min(Math.max(0, y), maxY) }));
}

/** A box to label: where it is drawn and how big its label is, in overlay px, and its score. */
export interface LabelRequest {
  box: Rect;
  size: LabelSize;
  score: number;
}

/** Indices of `labels`, most confident first (input order on a tie): the order labels are placed in. */
export function byConfidence(labels: readonly { score: number }[]): number[] {
  return labels.map((_, i) => i).sort((a, b) => labels[b]!.score - labels[a]!.score || a - b);
}

/**
 * Places one label per box, most confident first (input order on a tie): each takes the first of
 * its spots that covers no label placed before it, or, when every spot is taken, the one that
 * covers least (the first on a tie). Returns the spots in input order.
 */
export function placeLabels(labels: readonly LabelRequest[], bounds: LabelSize): LabelSpot[] {
  const order = byConfidence(labels);
  const spots: LabelSpot[] = new Array<LabelSpot>(labels.length);
  const placed: Rect[] = [];
  for (const i of order) {
    const { box, size } = labels[i]!;
    let best = { x: 0, y: 0 };
    let bestCovered = Number.POSITIVE_INFINITY;
    for (const spot of candidates(box, size, bounds)) {
      const rect = { ...spot, ...size };
      let covered = 0;
      for (const p of placed) covered += overlap(rect, p);
      if (covered < bestCovered) {
        best = spot;
        bestCovered = covered;
        if (covered === 0) break;
      }
    }
    spots[i] = best;
    placed.push({ ...best, ...size });
  }
  return spots;
}

/** The bounding box of `r` (canvas px) turned by `view` about the point (cx, cy). */
function turnedRect(r: Rect, view: Linear, cx: number, cy: number): Rect {
  const xs: number[] = [];
  const ys: number[] = [];
  for (const [x, y] of [[r.x, r.y], [r.x + r.width, r.y], [r.x, r.y + r.height], [r.x + r.width, r.y + r.height]] as const) {
    const p = apply(view, x - cx, y - cy);
    xs.push(p.x);
    ys.push(p.y);
  }
  const x = Math.min(...xs);
  const y = Math.min(...ys);
  return { x, y, width: Math.max(...xs) - x, height: Math.max(...ys) - y };
}

/**
 * Places labels as they are read on screen, where the canvas shows turned or flipped (it takes
 * its video's or its wrapper's transform): `view` maps canvas px to screen directions at scale 1
 * (identity when the canvas shows as is). Boxes and the canvas are turned as seen, labels (`size`
 * as read) placed there, so "above the box" means above on screen, and each label's centre is
 * turned back. Returns the centres in canvas px, in input order.
 */
export function placeLabelsAsRead(labels: readonly LabelRequest[], bounds: LabelSize, view: Linear): Array<{ x: number; y: number }> {
  const cx = bounds.width / 2;
  const cy = bounds.height / 2;
  const area = turnedRect({ x: 0, y: 0, ...bounds }, view, cx, cy);
  const seen = labels.map((l) => {
    const b = turnedRect(l.box, view, cx, cy);
    return { ...l, box: { ...b, x: b.x - area.x, y: b.y - area.y } };
  });
  const back = invert(view);
  return placeLabels(seen, area).map((spot, i) => {
    const { size } = labels[i]!;
    const p = apply(back, spot.x + area.x + size.width / 2, spot.y + area.y + size.height / 2);
    return { x: p.x + cx, y: p.y + cy };
  });
}
