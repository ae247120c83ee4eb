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
  expect(s.snapshot(10_000).fps).toBe(0);
});
