import { expect, test } from '@playwright/test';
import { BoxFollower, MAX_LEAD_MS, movingTime, type Velocity } from '../../src/core/follow.js';
import type { Detection } from '../../src/types.js';

const box = (label: string, x: number, y: number, w = 40, h = 100): Detection => ({ label, score: 0.8, bbox: [x, y, w, h] });
const xs = (boxes: readonly Detection[]) => boxes.map((d) => Math.round(d.bbox[0] * 10) / 10);
/** Speeds of the boxes that move (their tracks', which core/tracker.ts works out). */
const moving = (...pairs: Array<[Detection, number, number?]>): Map<Detection, Velocity> => new Map(pairs.map(([d, vx, vy = 0]) => [d, { vx, vy }]));
const NONE = new Map<Detection, Velocity>();

test('movingTime counts only the stretches the gate saw moving; no verdicts (gate off) is all of it', () => {
  expect(movingTime([], 1000, 1300)).toBe(300);
  const verdicts = [
    { at: 900, moving: false }, // before the frame: only says what came before
    { at: 1100, moving: true }, // 1000..1100 moving
    { at: 1400, moving: false }, // 1100..1400 still (300 ms: a stop)
    { at: 1500, moving: true }, // 1400..1500 moving
  ];
  expect(movingTime(verdicts, 1000, 1500)).toBe(200);
  // After the last verdict, time counts as it said: moving.
  expect(movingTime(verdicts, 1000, 1550)).toBe(250);
  // Cut at `to` inside a stretch; a still run under 150 ms so far counts as moving until it lasts.
  expect(movingTime(verdicts, 1000, 1150)).toBe(150);
  expect(movingTime(verdicts, 1000, 1300)).toBe(100);
  expect(movingTime([...verdicts, { at: 1600, moving: false }], 1000, 1700)).toBe(200);
  expect(movingTime(verdicts, 1500, 1500)).toBe(0);
  expect(movingTime(verdicts, 1500, 1000)).toBe(0);
  // A repeated frame now and then (a stream under load) is not a stop: all 233 ms count.
  const repeats = [1100, 1133, 1166, 1200, 1233].map((at, i) => ({ at, moving: i % 2 === 0 }));
  expect(movingTime(repeats, 1000, 1233)).toBe(233);
});

test('a box moving at a steady speed is moved along it by the time since its frame, clipped to the frame', () => {
  const f = new BoxFollower();
  const first = [box('person', 100, 50), box('chair', 500, 300)];
  f.update(first, 1000, 640, 480, NONE);
  // No speeds: boxes stay put (the same array).
  expect(f.follow(first, 1200)).toBe(first);
  // The person walks at 0.1 px/ms; the chair stands.
  const second = [box('person', 130, 50), box('chair', 501, 300)];
  f.update(second, 1300, 640, 480, moving([second[0]!, 0.1]));
  expect(xs(f.follow(second, 1300))).toEqual([130, 501]);
  expect(xs(f.follow(second, 1450))).toEqual([145, 501]);
  // The same array while the lead stays (a paused video), a new one when it changes.
  const paused = f.follow(second, 1500);
  expect(f.follow(second, 1500)).toBe(paused);
  expect(xs(paused)).toEqual([150, 501]);
  // At most MAX_LEAD_MS ahead, and at most 1.5x its size (63 px).
  expect(xs(f.follow(second, 1300 + 5 * MAX_LEAD_MS))[0]).toBeCloseTo(130 + 1.5 * Math.sqrt(4000), 0);
  // Near the edge the box is clipped to the frame, and dropped once it has left.
  const edge = [box('person', 600, 50)];
  f.clear();
  f.update(edge, 200, 640, 480, moving([edge[0]!, 0.2]));
  expect(f.follow(edge, 300).map((d) => d.bbox)).toEqual([[620, 50, 20, 100]]);
  expect(f.follow(edge, 600)).toEqual([]);
  // A speed given for a box that is not in the result is ignored.
  const other = [box('person', 10, 50)];
  f.update(other, 700, 640, 480, moving([box('person', 10, 50), 0.2]));
  expect(f.follow(other, 900)).toBe(other);
});

test('the box stops where the gate saw the picture stop; verdicts made while the model ran count for its result', () => {
  const f = new BoxFollower();
  const moved = [box('person', 130, 50)];
  f.update(moved, 300, 640, 480, moving([moved[0]!, 0.1]));
  f.verdict(350, true);
  f.verdict(450, false); // the walker stopped between 350 and 450
  f.verdict(550, false);
  expect(xs(f.follow(moved, 700))).toEqual([135]); // 50 ms of motion
  f.verdict(600, true); // moving again from 550 (after a 200-ms stop), and since the last verdict
  expect(xs(f.follow(moved, 700))).toEqual([150]); // 50 + 50 + 100 ms
  f.verdict(650, false); // one repeated frame: not a stop
  f.verdict(680, true);
  expect(xs(f.follow(moved, 700))).toEqual([150]);
  f.verdict(650, true);
  f.verdict(700, false);
  const next = [box('person', 170, 50)]; // found on the frame at 600
  f.update(next, 600, 640, 480, moving([next[0]!, 0.12]));
  expect(xs(f.follow(next, 800))).toEqual([176]); // 600..650 moving, then still
});

test('before its own frame (the video went back), a box is where it was found; verdicts from before a jump back do not count', () => {
  const f = new BoxFollower();
  const r = [box('person', 90, 25, 20, 50)];
  f.update(r, 2800, 320, 240, moving([r[0]!, 0.075]));
  expect(f.follow(r, 2750)).toBe(r);
  f.verdict(2900, false);
  f.verdict(2850, true);
  expect(xs(f.follow(r, 2900))).toEqual([97.5]);
});
