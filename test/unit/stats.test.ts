import { expect, test } from '@playwright/test';
import { StatsTracker } from '../../src/core/stats.js';

test('StatsTracker averages and counts; fps over a window', () => {
  const s = new StatsTracker('wasm');
  expect(s.snapshot(0)).toEqual({ framesSampled: 0, framesGated: 0, inferences: 0, avgInferenceMs: 0, avgGateMs: 0, fps: 0, backend: 'wasm', worker: false, threads: 0, gateReader: '', sampleReader: '', turns: { state: 'idle', weight: 0, share: 0, turns: 0 } });
  for (let i = 0; i < 11; i++) {
    s.sampled();
    s.gated(1, i % 2 === 0);
    if (i % 2 === 1) s.inferred(100 + i, i * 100);
  }
  const snap = s.snapshot(1000);
  expect(snap).toMatchObject({ framesSampled: 11, framesGated: 6, inferences: 5, avgGateMs: 1 });
  expect(snap.avgInferenceMs).toBeCloseTo(105);
  expect(snap.fps).toBeGreaterThan(4);
  // Silence: the last two results (700, 900) still say one came in the last 9.3 s; past 30 s, none.
  expect(s.snapshot(10_000).fps).toBeCloseTo(1000 / 9300);
  expect(s.snapshot(40_000).fps).toBe(0);
});

test('fps of a slow tile (a result every 3.3 s, as with 16 tiles sharing one model) is its rate, not 0', () => {
  const s = new StatsTracker('wasm');
  for (let t = 0; t <= 33_000; t += 3300) s.inferred(200, t);
  expect(s.snapshot(33_500).fps).toBeCloseTo(1000 / 3800);
  expect(s.snapshot(33_100).fps).toBeGreaterThan(0.25);
});
