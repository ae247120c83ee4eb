import { expect, test } from '@playwright/test';
import { BoxFollower, MAX_LEAD_MS, matchBoxes, movingTime } from '../../src/core/follow.js';
import type { Detection } from '../../src/types.js';

const box = (label: string, x: number, y: number, w = 40, h = 100): Detection => ({ label, score: 0.8, bbox: [x, y, w, h] });
const xs = (boxes: readonly Detection[]) => boxes.map((d) => Math.round(d.bbox[0] * 10) / 10);

test('matchBoxes pairs the same object across two results: same label, similar size, closest first, each box once', () => {
  const previous = [box('person', 100, 50), box('person', 300, 50), box('dog', 200, 300, 80, 60)];
  // Both walkers moved 20 px right; the dog is gone; a car appeared.
  const next = [box('person', 320, 50), box('person', 120, 50), box('car', 200, 300, 80, 60)];
  expect(matchBoxes(previous, next)).toEqual([1, 0, -1]);
  // Too far (over 1.5x its size, sqrt(40*100) = 63 px), or of another size (area over 2x): another object.
  expect(matchBoxes([box('person', 100, 50)], [box('person', 200, 50)])).toEqual([-1]);
  expect(matchBoxes([box('person', 100, 50)], [box('person', 100, 50, 80, 150)])).toEqual([-1]);
  // Two candidates for one previous box: the closer one gets it.
  expect(matchBoxes([box('person', 100, 50)], [box('person', 140, 50), box('person', 105, 50)])).toEqual([-1, 0]);
  expect(matchBoxes([], [box('person', 0, 0)])).toEqual([-1]);
});

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
  f.update(first, 1000, 640, 480);
  // The first result has no speeds: boxes stay put (the same array).
  expect(f.follow(first, 1200)).toBe(first);
  // 300 ms later the person is 30 px further right (0.1 px/ms); the chair is where it was (jitter of 1 px).
  const second = [box('person', 130, 50), box('chair', 501, 300)];
  f.update(second, 1300, 640, 480);
  expect(f.velocityOf(second[0]!)).toEqual({ vx: 0.1, vy: 0 });
  expect(f.velocityOf(second[1]!)).toBeUndefined();
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
  f.update([box('person', 560, 50)], 0, 640, 480);
  f.update(edge, 200, 640, 480); // 0.2 px/ms
  expect(f.follow(edge, 300).map((d) => d.bbox)).toEqual([[620, 50, 20, 100]]);
  f.update([box('person', 630, 50, 10, 100)], 400, 640, 480); // 600 -> 630 in 200 ms, area a quarter: not the same object
  expect(f.follow([box('person', 630, 50, 10, 100)], 600).map((d) => d.bbox[0])).toEqual([630]);
});

test('the box stops where the gate saw the picture stop, and a speed is smoothed over two results', () => {
  const f = new BoxFollower();
  f.update([box('person', 100, 50)], 0, 640, 480);
  const moved = [box('person', 130, 50)];
  f.update(moved, 300, 640, 480); // 0.1 px/ms
  f.verdict(350, true);
  f.verdict(450, false); // the walker stopped between 350 and 450
  f.verdict(550, false);
  expect(xs(f.follow(moved, 700))).toEqual([135]); // 50 ms of motion
  f.verdict(600, true); // moving again from 550 (after a 200-ms stop), and since the last verdict
  expect(xs(f.follow(moved, 700))).toEqual([150]); // 50 + 50 + 100 ms
  f.verdict(650, false); // one repeated frame: not a stop
  f.verdict(680, true);
  expect(xs(f.follow(moved, 700))).toEqual([150]);
  // Verdicts made while the model ran (after the frame it ran on) count for its result.
  f.verdict(650, true);
  f.verdict(700, false);
  const next = [box('person', 170, 50)]; // found on the frame at 600: 40 px in 300 ms
  f.update(next, 600, 640, 480);
  const v = f.velocityOf(next[0]!)!;
  expect(v.vx).toBeCloseTo(0.5 * (40 / 300) + 0.5 * 0.1, 6);
  expect(xs(f.follow(next, 800))).toEqual([Math.round((170 + v.vx * 50) * 10) / 10]); // 600..650 moving, then still
});

test('no speed across a jump back in time (a loop or a seek), a long gap, or a new frame size', () => {
  const f = new BoxFollower();
  f.update([box('person', 100, 50)], 5000, 640, 480);
  const looped = [box('person', 110, 50)];
  f.update(looped, 100, 640, 480);
  expect(f.follow(looped, 200)).toBe(looped);
  const late = [box('person', 120, 50)];
  f.update(late, 100 + 4000, 640, 480);
  expect(f.follow(late, 4200)).toBe(late);
  f.update([box('person', 130, 50)], 2300, 640, 480);
  const resized = [box('person', 70, 25, 20, 50)];
  f.update(resized, 2500, 320, 240);
  expect(f.follow(resized, 2600)).toBe(resized);
  // Before its own frame (the video went back meanwhile): where it was found.
  f.update([box('person', 80, 25, 20, 50)], 2700, 320, 240);
  const r = [box('person', 90, 25, 20, 50)];
  f.update(r, 2800, 320, 240);
  expect(f.follow(r, 2750)).toBe(r);
  // Verdicts recorded before a jump back do not count after it: 2800..2900 all moving, at
  // 0.5 * 0.1 + 0.5 * 0.05 px/ms (this speed and the one before, from 70 -> 80 in 200 ms).
  f.verdict(2900, false);
  f.verdict(2850, true);
  expect(xs(f.follow(r, 2900))).toEqual([97.5]);
});
