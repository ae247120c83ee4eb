/**
 * Checks of the `zones` and `lines` options: each is copied into plain data, and what is wrong is
 * said with the item it is in (`zones[1] "door": edges 0 and 2 cross`). Polygons are capped in
 * size (the self-intersection check is quadratic) and must be simple and not flat.
 */
import { doubleArea, selfIntersection, type Point } from '../core/zones.js';
import type { LineDef, ZoneDef } from '../core/zone-watcher.js';
import type { Check, Verdict } from './checks.js';

/** Most zones (and, apart, most lines) one overlay takes. */
export const MAX_ZONES = 50;
/** Most corners of one zone. */
export const MAX_ZONE_POINTS = 1000;

const ZONES = `a list of at most ${MAX_ZONES} zones { name, points: [[x, y], ...] (3 to ${MAX_ZONE_POINTS}, 0..1 of the frame), classes? }`;
const LINES = `a list of at most ${MAX_ZONES} lines { name, from: [x, y], to: [x, y] (0..1 of the frame), classes? }`;

const refuse = (expected: string): Verdict<never> => ({ ok: false, expected });

function point(v: unknown): Point | null {
  if (!Array.isArray(v) || v.length !== 2) return null;
  const [x, y] = v as unknown[];
  return typeof x === 'number' && typeof y === 'number' && x >= 0 && x <= 1 && y >= 0 && y <= 1 ? [x, y] : null;
}

/** The name, classes and own fields of one item, or what is wrong with them. */
function common(v: unknown, where: string, names: Set<string>): { name: string; classes: string[] | undefined; raw: Record<string, unknown> } | string {
  if (typeof v !== 'object' || v === null || Array.isArray(v)) return `${where} is not an object`;
  const raw = v as Record<string, unknown>;
  const name = raw.name;
  if (typeof name !== 'string' || name.trim() === '' || name.length > 100) return `${where} has no name (a string of 1 to 100 characters)`;
  if (names.has(name)) return `${where}: the name ${JSON.stringify(name)} is used twice`;
  names.add(name);
  const classes = raw.classes;
  if (classes !== undefined && (!Array.isArray(classes) || classes.some((c) => typeof c !== 'string' || c.trim() === ''))) return `${where} "${name}": classes must be class names`;
  return { name, classes: classes === undefined ? undefined : (classes as string[]).map((c) => c.trim()), raw };
}

function zone(v: unknown, i: number, names: Set<string>): ZoneDef | string {
  const c = common(v, `zones[${i}]`, names);
  if (typeof c === 'string') return c;
  const where = `zones[${i}] "${c.name}"`;
  const pts = c.raw.points;
  if (!Array.isArray(pts) || pts.length < 3 || pts.length > MAX_ZONE_POINTS) return `${where}: points must be 3 to ${MAX_ZONE_POINTS} corners`;
  const points: Point[] = [];
  for (const [k, p] of pts.entries()) {
    const checked = point(p);
    if (!checked) return `${where}: point ${k} is not [x, y] within 0..1`;
    points.push(checked);
  }
  const crossing = selfIntersection(points);
  if (crossing) return `${where}: edges ${crossing[0]} and ${crossing[1]} cross (the polygon must not cross itself)`;
  if (Math.abs(doubleArea(points)) < 1e-6) return `${where}: the polygon has no area`;
  return { name: c.name, points, classes: c.classes };
}

function line(v: unknown, i: number, names: Set<string>): LineDef | string {
  const c = common(v, `lines[${i}]`, names);
  if (typeof c === 'string') return c;
  const where = `lines[${i}] "${c.name}"`;
  const from = point(c.raw.from);
  const to = point(c.raw.to);
  if (!from || !to) return `${where}: from and to must be [x, y] within 0..1`;
  if (Math.hypot(to[0] - from[0], to[1] - from[1]) < 0.01) return `${where}: from and to are the same point`;
  return { name: c.name, from, to, classes: c.classes };
}

function list<T>(what: string, each: (v: unknown, i: number, names: Set<string>) => T | string): Check<T[]> {
  return (v) => {
    if (!Array.isArray(v) || v.length > MAX_ZONES) return refuse(what);
    const names = new Set<string>();
    const out: T[] = [];
    for (const [i, item] of v.entries()) {
      const checked = each(item, i, names);
      if (typeof checked === 'string') return refuse(`${what} (${checked})`);
      out.push(checked);
    }
    return { ok: true, value: out };
  };
}

export const zoneList: Check<ZoneDef[]> = list(ZONES, zone);
export const lineList: Check<LineDef[]> = list(LINES, line);
