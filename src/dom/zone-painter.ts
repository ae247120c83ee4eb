/**
 * Draws the `zones` and `lines` on the overlay canvas: outlines over the picture (mirrored with
 * it), each named with its live count: `door · 2` (inside now), `road · in 3 · out 1`.
 */
import { mapPoint, type Placement } from '../core/geometry.js';
import type { ZoneCounts } from '../event-types.js';
import type { LineDef, ZoneDef } from '../core/zone-watcher.js';

const ZONE_COLOR = '#ffd400';
const LINE_COLOR = '#00e5ff';

/** What to draw: the zones and lines (normalised), and their counts now. */
export interface ZoneDrawing {
  zones: readonly ZoneDef[];
  lines: readonly LineDef[];
  counts: () => ZoneCounts;
}

function tag(ctx: CanvasRenderingContext2D, text: string, x: number, y: number, color: string, fontPx: number): void {
  const width = ctx.measureText(text).width + 8;
  ctx.fillStyle = 'rgba(0, 0, 0, 0.6)';
  ctx.fillRect(x, y, width, fontPx + 6);
  ctx.fillStyle = color;
  ctx.fillText(text, x + 4, y + 3);
}

/** Draws every zone and line (call before the boxes, so boxes and their labels stay on top). */
export function drawZones(ctx: CanvasRenderingContext2D, d: ZoneDrawing, p: Placement, lineWidth: number, fontPx: number): void {
  if (d.zones.length === 0 && d.lines.length === 0) return;
  const counts = d.counts();
  ctx.save();
  ctx.lineWidth = lineWidth;
  ctx.setLineDash([6, 4]);
  for (const zone of d.zones) {
    const corners = zone.points.map(([x, y]) => mapPoint(x, y, p));
    ctx.strokeStyle = ZONE_COLOR;
    ctx.fillStyle = 'rgba(255, 212, 0, 0.08)';
    ctx.beginPath();
    corners.forEach((c, i) => (i === 0 ? ctx.moveTo(c.x, c.y) : ctx.lineTo(c.x, c.y)));
    ctx.closePath();
    ctx.fill();
    ctx.stroke();
    const top = corners.reduce((a, c) => (c.y < a.y || (c.y === a.y && c.x < a.x) ? c : a));
    tag(ctx, `${zone.name} · ${counts.zones[zone.name]?.inside ?? 0}`, top.x, top.y, ZONE_COLOR, fontPx);
  }
  ctx.setLineDash([]);
  for (const line of d.lines) {
    const a = mapPoint(line.from[0], line.from[1], p);
    const b = mapPoint(line.to[0], line.to[1], p);
    ctx.strokeStyle = LINE_COLOR;
    ctx.beginPath();
    ctx.moveTo(a.x, a.y);
    ctx.lineTo(b.x, b.y);
    ctx.stroke();
    const c = counts.lines[line.name];
    tag(ctx, `${line.name} · in ${c?.in ?? 0} · out ${c?.out ?? 0}`, (a.x + b.x) / 2, (a.y + b.y) / 2, LINE_COLOR, fontPx);
  }
  ctx.restore();
}
