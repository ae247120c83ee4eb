/**
 * Where the picture lands inside a <video> element, and where a box in the video's
 * intrinsic pixels lands on the overlay. Pure: sizes and CSS strings in, rectangles out.
 */

export type ObjectFit = 'fill' | 'contain' | 'cover' | 'none' | 'scale-down';

/** A rectangle in CSS pixels. */
export interface Rect {
  x: number;
  y: number;
  width: number;
  height: number;
}

/** One axis of `object-position`: offset = (free space) * fraction + px. */
export interface PositionAxis {
  fraction: number;
  px: number;
}

/** A parsed `object-position`. */
export interface ObjectPosition {
  x: PositionAxis;
  y: PositionAxis;
}

export const CENTER: ObjectPosition = { x: { fraction: 0.5, px: 0 }, y: { fraction: 0.5, px: 0 } };

const FITS: readonly ObjectFit[] = ['fill', 'contain', 'cover', 'none', 'scale-down'];

/** Reads a computed `object-fit`; anything unknown is the CSS initial value, `fill`. */
export function parseObjectFit(value: string | null | undefined): ObjectFit {
  const v = (value ?? '').trim() as ObjectFit;
  return FITS.includes(v) ? v : 'fill';
}

const KEYWORDS: Record<string, { axis: 'x' | 'y' | 'any'; fraction: number }> = {
  left: { axis: 'x', fraction: 0 },
  right: { axis: 'x', fraction: 1 },
  top: { axis: 'y', fraction: 0 },
  bottom: { axis: 'y', fraction: 1 },
  center: { axis: 'any', fraction: 0.5 },
};

function parseLength(token: string): PositionAxis | null {
  const m = /^(-?\d*\.?\d+(?:e-?\d+)?)(%|px)?$/i.exec(token);
  if (!m) return null;
  const n = Number(m[1]);
  if (m[2] === '%') return { fraction: n / 100, px: 0 };
  return { fraction: 0, px: n };
}

/**
 * Parses a computed `object-position` ("50% 50%", "10px 0px", "right top", "right 10px bottom 20%").
 * Anything it cannot read (calc(), garbage) falls back to the centre, the CSS initial value.
 */
export function parseObjectPosition(value: string | null | undefined): ObjectPosition {
  const tokens = (value ?? '').trim().toLowerCase().split(/\s+/).filter(Boolean);
  if (tokens.length === 0 || tokens.some((t) => t.includes('('))) return CENTER;
  let x: PositionAxis | null = null;
  let y: PositionAxis | null = null;
  const pending: PositionAxis[] = [];
  for (let i = 0; i < tokens.length; i++) {
    const t = tokens[i]!;
    const kw = KEYWORDS[t];
    if (kw) {
      // "right 10px": an edge keyword followed by an offset from that edge.
      const next = tokens[i + 1] !== undefined ? parseLength(tokens[i + 1]!) : null;
      let axis: PositionAxis = { fraction: kw.fraction, px: 0 };
      if (next && kw.axis !== 'any' && tokens.length === 4) {
        const sign = kw.fraction === 1 ? -1 : 1;
        axis = { fraction: kw.fraction + sign * next.fraction, px: sign * next.px };
        i++;
      }
      if (kw.axis === 'x') x = axis;
      else if (kw.axis === 'y') y = axis;
      else pending.push(axis);
      continue;
    }
    const len = parseLength(t);
    if (!len) return CENTER;
    pending.push(len);
  }
  if (x === null) x = pending.shift() ?? null;
  if (y === null) y = pending.shift() ?? null;
  return { x: x ?? CENTER.x, y: y ?? CENTER.y };
}

/**
 * The rectangle the picture occupies inside an element's content box of `boxWidth` x `boxHeight`,
 * for a video of `videoWidth` x `videoHeight` intrinsic pixels. Coordinates are relative to the
 * content box and may extend outside it (cover, none).
 */
export function contentRect(
  videoWidth: number,
  videoHeight: number,
  boxWidth: number,
  boxHeight: number,
  fit: ObjectFit = 'contain',
  position: ObjectPosition = CENTER,
): Rect {
  if (videoWidth <= 0 || videoHeight <= 0 || boxWidth <= 0 || boxHeight <= 0) {
    return { x: 0, y: 0, width: 0, height: 0 };
  }
  if (fit === 'fill') return { x: 0, y: 0, width: boxWidth, height: boxHeight };
  const contain = Math.min(boxWidth / videoWidth, boxHeight / videoHeight);
  let scale: number;
  switch (fit) {
    case 'contain': scale = contain; break;
    case 'cover': scale = Math.max(boxWidth / videoWidth, boxHeight / videoHeight); break;
    case 'none': scale = 1; break;
    case 'scale-down': scale = Math.min(1, contain); break;
  }
  const width = videoWidth * scale;
  const height = videoHeight * scale;
  return {
    x: (boxWidth - width) * position.x.fraction + position.x.px,
    y: (boxHeight - height) * position.y.fraction + position.y.px,
    width,
    height,
  };
}

/** Everything needed to place intrinsic-pixel boxes on the overlay. */
export interface Placement {
  videoWidth: number;
  videoHeight: number;
  /** The element's content box size, CSS px: the overlay covers exactly this box. */
  boxWidth: number;
  boxHeight: number;
  fit: ObjectFit;
  position: ObjectPosition;
  /** Flip horizontally about the box's centre, as CSS `scaleX(-1)` does. */
  mirror: boolean;
}

/**
 * Maps a box `[x, y, w, h]` in intrinsic video pixels to overlay CSS pixels, clipped to the
 * visible box. Returns null when nothing of it is visible.
 */
export function mapBox(bbox: readonly [number, number, number, number], p: Placement): Rect | null {
  const r = contentRect(p.videoWidth, p.videoHeight, p.boxWidth, p.boxHeight, p.fit, p.position);
  if (r.width === 0) return null;
  const sx = r.width / p.videoWidth;
  const sy = r.height / p.videoHeight;
  let x = r.x + bbox[0] * sx;
  const y = r.y + bbox[1] * sy;
  const w = bbox[2] * sx;
  const h = bbox[3] * sy;
  if (p.mirror) x = p.boxWidth - (x + w);
  const x0 = Math.max(0, x);
  const y0 = Math.max(0, y);
  const x1 = Math.min(p.boxWidth, x + w);
  const y1 = Math.min(p.boxHeight, y + h);
  if (x1 <= x0 || y1 <= y0) return null;
  return { x: x0, y: y0, width: x1 - x0, height: y1 - y0 };
}

/** Backing-store size of a canvas covering `width` x `height` CSS px at `dpr`. */
export function backingSize(width: number, height: number, dpr: number): { width: number; height: number } {
  const ratio = Number.isFinite(dpr) && dpr > 0 ? dpr : 1;
  return { width: Math.max(1, Math.round(width * ratio)), height: Math.max(1, Math.round(height * ratio)) };
}

/** A computed CSS length in px ('12.5px' → 12.5); 0 for anything else ('auto', ''). */
export function cssPx(value: string): number {
  const x = parseFloat(value);
  return Number.isFinite(x) ? x : 0;
}

/** An element's content box inside its border box, CSS px (fractions kept), in its own untransformed, unzoomed axes. */
export interface BoxModel {
  /** Content box size. */
  width: number;
  height: number;
  /** Content box's top-left corner, from the border box's. */
  left: number;
  top: number;
  /** Border box size. */
  outerWidth: number;
  outerHeight: number;
}

/** The computed-style strings {@link boxModel} reads. */
export type BoxStyle = Pick<CSSStyleDeclaration,
  'width' | 'height' | 'boxSizing' | 'paddingLeft' | 'paddingRight' | 'paddingTop' | 'paddingBottom'
  | 'borderLeftWidth' | 'borderRightWidth' | 'borderTopWidth' | 'borderBottomWidth'>;

/**
 * The box model from a rendered element's computed style, whose `width`/`height` are its used
 * size with fractions (`clientWidth` and friends round to whole px: a 187.5-px video would get
 * a canvas half a pixel off). `box-sizing: border-box` sizes include padding and border.
 */
export function boxModel(style: BoxStyle): BoxModel {
  const padX = cssPx(style.paddingLeft) + cssPx(style.paddingRight);
  const padY = cssPx(style.paddingTop) + cssPx(style.paddingBottom);
  const borderX = cssPx(style.borderLeftWidth) + cssPx(style.borderRightWidth);
  const borderY = cssPx(style.borderTopWidth) + cssPx(style.borderBottomWidth);
  const inner = style.boxSizing === 'border-box';
  const width = Math.max(0, cssPx(style.width) - (inner ? padX + borderX : 0));
  const height = Math.max(0, cssPx(style.height) - (inner ? padY + borderY : 0));
  return {
    width, height,
    left: cssPx(style.borderLeftWidth) + cssPx(style.paddingLeft),
    top: cssPx(style.borderTopWidth) + cssPx(style.paddingTop),
    outerWidth: width + padX + borderX,
    outerHeight: height + padY + borderY,
  };
}

/**
 * Maps a point in normalised video coordinates (0..1 of the intrinsic frame) to overlay CSS
 * pixels, mirrored like boxes; not clipped (a zone may reach past a cropped `cover` picture).
 */
export function mapPoint(x: number, y: number, p: Placement): { x: number; y: number } {
  const r = contentRect(p.videoWidth, p.videoHeight, p.boxWidth, p.boxHeight, p.fit, p.position);
  const px = r.x + x * r.width;
  return { x: p.mirror ? p.boxWidth - px : px, y: r.y + y * r.height };
}
