import { expect, test } from '@playwright/test';
import { anchorOf, doubleArea, lineSide, polygonDepth, selfIntersection, type Point } from '../../src/core/zones.js';
import { MARGIN, ZoneWatcher } from '../../src/core/zone-watcher.js';
import type { Track } from '../../src/core/tracker.js';

// A concave "U": the notch between x 0.4 and 0.6 reaches down from the top to y 0.6.
const U: Point[] = [[0.2, 0.2], [0.4, 0.2], [0.4, 0.6], [0.6, 0.6], [0.6, 0.2], [0.8, 0.2], [0.8, 0.8], [0.2, 0.8]];

test('inside a concave polygon, outside in its notch, 0 on an edge or a corner, depth = distance to the border', () => {
  expect(polygonDepth([0.3, 0.5], U)).toBeCloseTo(0.1, 9); // in a leg, 0.1 from its sides
  expect(polygonDepth([0.5, 0.4], U)).toBeCloseTo(-0.1, 9); // in the notch
  expect(polygonDepth([0.5, 0.7], U)).toBeCloseTo(0.1, 9); // the bottom bar
  expect(polygonDepth([0.9, 0.5], U)).toBeCloseTo(-0.1, 9);
  expect(polygonDepth([0.4, 0.4], U)).toBe(0); // on the notch's edge
  expect(polygonDepth([0.2, 0.2], U)).toBe(0); // a corner
  // Either winding.
  expect(polygonDepth([0.3, 0.5], [...U].reverse())).toBeCloseTo(0.1, 9);
});

test('lines at any angle: which side, how far, and whether the foot falls within the segment', () => {
  // Left to right across the frame: below it (y grows down) is on the right of the arrow.
  expect(lineSide([0.5, 0.6], [0, 0.5], [1, 0.5])).toEqual({ distance: expect.closeTo(0.1, 9), within: true });
  expect(lineSide([0.5, 0.4], [0, 0.5], [1, 0.5]).distance).toBeCloseTo(-0.1, 9);
  for (const deg of [0, 30, 45, 90, 135, 200, 315]) {
    const r = (deg * Math.PI) / 180;
    const from: Point = [0.5 - 0.3 * Math.cos(r), 0.5 - 0.3 * Math.sin(r)];
    const to: Point = [0.5 + 0.3 * Math.cos(r), 0.5 + 0.3 * Math.sin(r)];
    // 0.05 to the right of the arrow (screen): rotate its direction by +90° in y-down coordinates.
    const right: Point = [0.5 - 0.05 * Math.sin(r), 0.5 + 0.05 * Math.cos(r)];
    expect(lineSide(right, from, to).distance, `${deg}°`).toBeCloseTo(0.05, 9);
    const beyond: Point = [to[0] + 0.1 * Math.cos(r), to[1] + 0.1 * Math.sin(r)];
    expect(lineSide(beyond, from, to).within, `${deg}° beyond the end`).toBe(false);
  }
});

test('anchors: the bottom centre by default, or the centre', () => {
  expect(anchorOf([100, 100, 40, 100], 640, 400, 'bottom')).toEqual([120 / 640, 0.5]);
  expect(anchorOf([100, 100, 40, 100], 640, 400, 'center')).toEqual([120 / 640, 150 / 400]);
});

test('self-intersecting and degenerate polygons are found', () => {
  expect(selfIntersection(U)).toBeNull();
  expect(selfIntersection([[0, 0], [1, 1], [1, 0], [0, 1]])).not.toBeNull(); // a bow tie
  expect(selfIntersection([[0, 0], [1, 0], [0.5, 0], [0.5, 1]])).not.toBeNull(); // an edge folding back on another
  expect(doubleArea([[0, 0], [0.5, 0.5], [1, 1]])).toBe(0); // all on one line
  expect(Math.abs(doubleArea(U))).toBeCloseTo(2 * (0.36 - 0.08), 9);
});

const track = (id: number, x: number, y: number, label = 'person'): Track =>
  ({ id, label, votes: new Map([[label, 0.8]]), score: 0.8, bbox: [x * 100 - 5, y * 100 - 20, 10, 20], velocity: { vx: 0, vy: 0 }, hits: 3, confirmed: true, firstSeen: 0, lastSeen: 0, strongScore: 0.8, weakRun: 0 });

test('zone enter, dwell once per visit, leave; jitter on the border fires nothing; a track that ends leaves', () => {
  const w = new ZoneWatcher({ zones: [{ name: 'door', points: [[0.2, 0.2], [0.6, 0.2], [0.6, 0.6], [0.2, 0.6]] }], lines: [], anchor: 'bottom', dwellMs: 1000 });
  const log = (changes: ReturnType<ZoneWatcher['update']>) => changes.map((c) => `${c.type} ${'zone' in c ? c.zone : c.line} #${c.track.id}`);
  expect(log(w.update([track(1, 0.1, 0.4)], 0, 100, 100))).toEqual([]);
  expect(log(w.update([track(1, 0.3, 0.4)], 300, 100, 100))).toEqual(['zone-enter door #1']);
  expect(w.counts().zones.door).toEqual({ inside: 1, byClass: { person: 1 } });
  expect(log(w.update([track(1, 0.35, 0.4)], 900, 100, 100))).toEqual([]);
  expect(log(w.update([track(1, 0.35, 0.4)], 1300, 100, 100))).toEqual(['dwell door #1']);
  expect(log(w.update([track(1, 0.35, 0.4)], 5000, 100, 100))).toEqual([]); // once per visit
  // Standing on the border: within MARGIN either side changes nothing.
  for (const dx of [0.005, -0.005, 0.008, -0.002]) expect(log(w.update([track(1, 0.6 + dx, 0.4)], 6000, 100, 100))).toEqual([]);
  expect(log(w.update([track(1, 0.6 + 2 * MARGIN, 0.4)], 6300, 100, 100))).toEqual(['zone-leave door #1']);
  expect(log(w.update([track(1, 0.5, 0.4), track(2, 0.3, 0.3, 'dog')], 6600, 100, 100))).toEqual(['zone-enter door #1', 'zone-enter door #2']);
  expect(w.counts().zones.door).toEqual({ inside: 2, byClass: { person: 1, dog: 1 } });
  expect(log(w.ended([track(2, 0.3, 0.3, 'dog')]))).toEqual(['zone-leave door #2']);
  expect(w.counts().zones.door!.inside).toBe(1);
});

test('line crossings both ways, counted by class; wiggling on the line counts once; passing beyond its ends does not count', () => {
  const w = new ZoneWatcher({ zones: [], lines: [{ name: 'road', from: [0.1, 0.5], to: [0.9, 0.5] }], anchor: 'center', dwellMs: 1000 });
  const cross = (id: number, x: number, y: number, at: number, label = 'person') =>
    w.update([{ ...track(id, x, y, label), bbox: [x * 100 - 5, y * 100 - 5, 10, 10] }], at, 100, 100).map((c) => (c.type === 'line-cross' ? `${c.direction} #${c.track.id}` : c.type));
  expect(cross(1, 0.5, 0.3, 0)).toEqual([]);
  expect(cross(1, 0.5, 0.499, 100)).toEqual([]); // on the line: no side yet
  expect(cross(1, 0.5, 0.501, 200)).toEqual([]);
  expect(cross(1, 0.5, 0.495, 300)).toEqual([]);
  expect(cross(1, 0.5, 0.7, 400)).toEqual(['in #1']); // down across: to the right of the arrow
  expect(cross(1, 0.5, 0.505, 500)).toEqual([]);
  expect(cross(1, 0.5, 0.3, 600)).toEqual(['out #1']);
  expect(cross(2, 0.95, 0.3, 0, 'dog')).toEqual([]);
  expect(cross(2, 0.95, 0.7, 100, 'dog')).toEqual([]); // beyond the line's end
  expect(cross(3, 0.2, 0.3, 0, 'dog')).toEqual([]);
  expect(cross(3, 0.2, 0.8, 300, 'dog')).toEqual(['in #3']);
  expect(w.counts().lines.road).toEqual({ in: 2, out: 1, byClass: { person: { in: 1, out: 1 }, dog: { in: 1, out: 0 } } });
  w.resetCounts();
  expect(w.counts().lines.road).toEqual({ in: 0, out: 0, byClass: {} });
});

test('classes: a zone for dogs ignores people', () => {
  const w = new ZoneWatcher({ zones: [{ name: 'lawn', points: [[0, 0], [1, 0], [1, 1], [0, 1]], classes: ['dog'] }], lines: [], anchor: 'center', dwellMs: 1000 });
  expect(w.update([track(1, 0.5, 0.5), track(2, 0.5, 0.5, 'dog')], 0, 100, 100).map((c) => c.track.id)).toEqual([2]);
});
