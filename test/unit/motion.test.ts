import { expect, test } from '@playwright/test';
import { DRIFT_FACTOR, MotionGate, changedFraction, gateSize, rgbaToGray } from '../../src/core/motion.js';

const opts = { enabled: true, pixelThreshold: 20, motionThreshold: 0.05, maxSkipMs: 2000 };

function frame(n: number, fill: number, changed = 0, to = 255): Uint8Array {
  const f = new Uint8Array(n).fill(fill);
  for (let i = 0; i < changed; i++) f[i] = to;
  return f;
}

test('rgbaToGray uses luma weights and fills the output buffer', () => {
  const rgba = new Uint8ClampedArray([255, 0, 0, 255, 0, 255, 0, 255, 0, 0, 255, 255, 255, 255, 255, 255]);
  const gray = rgbaToGray(rgba, new Uint8Array(4));
  expect([...gray]).toEqual([76, 149, 28, 255]);
});

test('changedFraction counts only pixels beyond the threshold', () => {
  const a = frame(100, 100);
  const b = frame(100, 100, 10, 130);
  expect(changedFraction(a, b, 20)).toBeCloseTo(0.1);
  expect(changedFraction(a, b, 30)).toBe(0);
  expect(changedFraction(b, a, 20)).toBeCloseTo(0.1);
  expect(changedFraction(new Uint8Array(0), new Uint8Array(0), 1)).toBe(0);
});

test('gateSize keeps the aspect and never upscales', () => {
  expect(gateSize(640, 480)).toEqual({ width: 160, height: 120 });
  expect(gateSize(640, 360, 80)).toEqual({ width: 80, height: 45 });
  expect(gateSize(100, 50)).toEqual({ width: 100, height: 50 });
  expect(gateSize(0, 0)).toEqual({ width: 0, height: 0 });
});

test('first frame passes, a still picture is held until the heartbeat', () => {
  const gate = new MotionGate(opts);
  expect(gate.check(frame(100, 50), 0)).toMatchObject({ changed: true, reason: 'first' });
  expect(gate.check(frame(100, 50), 100)).toMatchObject({ changed: false, reason: 'still', score: 0 });
  expect(gate.check(frame(100, 50), 1999)).toMatchObject({ changed: false, reason: 'still' });
  expect(gate.check(frame(100, 50), 2000)).toMatchObject({ changed: true, reason: 'heartbeat' });
  expect(gate.check(frame(100, 50), 2100)).toMatchObject({ changed: false });
});

test('motion above the changed-fraction threshold passes; below does not', () => {
  const gate = new MotionGate(opts);
  gate.check(frame(100, 50), 0);
  expect(gate.check(frame(100, 50, 4), 10)).toMatchObject({ changed: false, reason: 'still' });
  // 4 pixels already changed; 6 more (0.06) change now.
  const moved = gate.check(frame(100, 50, 10), 20);
  expect(moved).toMatchObject({ changed: true, reason: 'motion' });
  expect(moved.score).toBeCloseTo(0.06);
});

test('motion is measured against the previous frame, so noise does not add up', () => {
  const gate = new MotionGate(opts);
  gate.check(frame(100, 50), 0);
  // 4% changes back and forth: each step is below 5% against the previous frame.
  expect(gate.check(frame(100, 50, 4), 10).changed).toBe(false);
  expect(gate.check(frame(100, 50), 20).changed).toBe(false);
  expect(gate.check(frame(100, 50, 4), 30).changed).toBe(false);
});

test('slow drift passes once it has built up DRIFT_FACTOR x the threshold since the last pass', () => {
  const gate = new MotionGate({ ...opts, motionThreshold: 0.01 });
  gate.check(frame(1000, 50), 0);
  let passedAt = -1;
  // 5 more pixels (0.5%) change every frame: never 1% per frame, 10% accumulated after 21 frames.
  for (let i = 1; i <= 30 && passedAt < 0; i++) {
    const d = gate.check(frame(1000, 50, i * 5), i);
    if (d.changed) passedAt = i;
  }
  expect(passedAt).toBe(21);
  expect(DRIFT_FACTOR).toBe(10);
});

test('motion off passes every frame; a size change and reset() start over', () => {
  const gate = new MotionGate({ ...opts, enabled: false });
  expect(gate.enabled).toBe(false);
  expect(gate.check(null, 0)).toMatchObject({ changed: true, reason: 'off' });
  gate.update({ enabled: true });
  expect(gate.check(frame(100, 50), 1)).toMatchObject({ reason: 'first' });
  expect(gate.check(frame(50, 50), 2)).toMatchObject({ reason: 'first' });
  gate.reset();
  expect(gate.check(frame(50, 50), 3)).toMatchObject({ reason: 'first' });
});

test('a threshold update applies to the next frame', () => {
  const gate = new MotionGate(opts);
  gate.check(frame(100, 50), 0);
  gate.update({ motionThreshold: 0.01 });
  expect(gate.check(frame(100, 50, 2), 10).changed).toBe(true);
});
