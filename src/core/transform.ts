/**
 * The linear part of CSS transforms (scale, flip, rotation, skew; translation never matters
 * here), parsed from computed style strings. The overlay uses it to place its canvas inside
 * transformed ancestors (a mirrored or rotated wrapper) and to keep label text upright there.
 */

/** A 2D linear map in CSS matrix order: x' = a·x + c·y, y' = b·x + d·y. */
export interface Linear {
  a: number;
  b: number;
  c: number;
  d: number;
}

export const IDENTITY: Linear = { a: 1, b: 0, c: 0, d: 1 };

/** m·n: n applied first. */
export function multiply(m: Linear, n: Linear): Linear {
  return {
    a: m.a * n.a + m.c * n.b, b: m.b * n.a + m.d * n.b,
    c: m.a * n.c + m.c * n.d, d: m.b * n.c + m.d * n.d,
  };
}

export function determinant(m: Linear): number {
  return m.a * m.d - m.b * m.c;
}

/** The inverse map; identity for a singular one (an element scaled to nothing shows nothing to place). */
export function invert(m: Linear): Linear {
  const det = determinant(m);
  if (!Number.isFinite(det) || Math.abs(det) < 1e-12) return IDENTITY;
  return { a: m.d / det, b: -m.b / det, c: -m.c / det, d: m.a / det };
}

export function apply(m: Linear, x: number, y: number): { x: number; y: number } {
  return { x: m.a * x + m.c * y, y: m.b * x + m.d * y };
}

export function scaled(m: Linear, k: number): Linear {
  return { a: m.a * k, b: m.b * k, c: m.c * k, d: m.d * k };
}

/** True when the map is the identity, to within rounding. */
export function isIdentity(m: Linear): boolean {
  const e = 1e-6;
  return Math.abs(m.a - 1) < e && Math.abs(m.b) < e && Math.abs(m.c) < e && Math.abs(m.d - 1) < e;
}

/** Linear part of a computed `transform`: 'none', 'matrix(a, b, c, d, e, f)' or 'matrix3d(...)' (its x/y block). */
export function transformLinear(value: string | null | undefined): Linear {
  const m = /^matrix(3d)?\(([^)]*)\)$/.exec((value ?? '').trim());
  if (!m) return IDENTITY;
  const v = m[2]!.split(',').map((s) => Number(s.trim()));
  const [a, b, c, d] = m[1] ? [v[0], v[1], v[4], v[5]] : [v[0], v[1], v[2], v[3]];
  const out = { a: a ?? 1, b: b ?? 0, c: c ?? 0, d: d ?? 1 };
  return Object.values(out).every(Number.isFinite) ? out : IDENTITY;
}

/** Linear part of a computed `scale` property: 'none', '2', '-1 1', '-1 1 1'. */
export function scaleLinear(value: string | null | undefined): Linear {
  const text = (value ?? '').trim();
  if (text === '' || text === 'none') return IDENTITY;
  const parts = text.split(/\s+/).map(Number);
  if (!parts.every(Number.isFinite)) return IDENTITY;
  const sx = parts[0]!;
  return { a: sx, b: 0, c: 0, d: parts[1] ?? sx };
}

const ANGLE_UNITS: Record<string, number> = { deg: Math.PI / 180, rad: 1, grad: Math.PI / 200, turn: 2 * Math.PI };

/**
 * Linear part of a computed `rotate` property as seen from the front: 'none', '90deg',
 * 'z 90deg', 'y 180deg' (a left-right flip), '1 1 0 45deg' (any axis).
 */
export function rotateLinear(value: string | null | undefined): Linear {
  const parts = (value ?? '').trim().split(/\s+/);
  const angle = /^(-?[\d.]+(?:e[-+]?\d+)?)(deg|rad|grad|turn)$/.exec(parts[parts.length - 1] ?? '');
  if (!angle) return IDENTITY;
  const t = Number(angle[1]) * ANGLE_UNITS[angle[2]!]!;
  const named: Record<string, [number, number, number]> = { x: [1, 0, 0], y: [0, 1, 0], z: [0, 0, 1] };
  const axis = parts.length === 1 ? [0, 0, 1] : parts.length === 2 ? named[parts[0]!] : parts.slice(0, 3).map(Number);
  if (!axis || axis.length !== 3 || !axis.every(Number.isFinite)) return IDENTITY;
  const len = Math.hypot(axis[0]!, axis[1]!, axis[2]!);
  if (len === 0) return IDENTITY;
  const [x, y, z] = axis.map((n) => n / len) as [number, number, number];
  // The x/y block of the axis-angle rotation matrix (as CSS rotate3d defines it).
  const s = Math.sin(t);
  const k = 1 - Math.cos(t);
  return { a: 1 - k * (y * y + z * z), b: k * x * y + z * s, c: k * x * y - z * s, d: 1 - k * (x * x + z * z) };
}

/** An element's own linear transform, as CSS composes it: `rotate`, then `scale`, then `transform` (innermost). */
export function elementLinear(style: { transform?: string; scale?: string; rotate?: string }): Linear {
  return multiply(multiply(rotateLinear(style.rotate), scaleLinear(style.scale)), transformLinear(style.transform));
}

/** A left-right flip about the y axis: `scaleX(-1)`. */
export const FLIP_X: Linear = { a: -1, b: 0, c: 0, d: 1 };

/**
 * Splits how a picture is shown (`shown`: its map relative to the overlay canvas's frame) into
 * a left-right mirror, done by placing boxes mirrored so that text stays readable, and the rest
 * (`shape`: scale, turn), which the canvas takes as its own CSS transform: `shown = shape·FLIP_X`
 * when mirrored. Any map that reverses orientation is mirrored: `scaleX(-1)` (shape: none),
 * `scaleY(-1)` (shape: a 180° turn), a flip with a turn or a zoom.
 */
export function splitMirror(shown: Linear): { mirrored: boolean; shape: Linear } {
  const mirrored = determinant(shown) < 0;
  return { mirrored, shape: mirrored ? multiply(shown, FLIP_X) : shown };
}
