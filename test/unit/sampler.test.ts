import { expect, test } from '@playwright/test';
import { HAVE_CURRENT_DATA, nextSampleDue, sampleSize, sampleVerdict, type FrameState } from '../../src/core/sampler.js';

const ok: FrameState = { readyState: 4, paused: false, ended: false, hidden: false, videoWidth: 640, videoHeight: 480 };

test('sampleVerdict: not ready, paused, hidden, then the fps cap', () => {
  const none = Number.NEGATIVE_INFINITY;
  expect(sampleVerdict(ok, 1000, none, 15)).toBe('sample');
  expect(sampleVerdict({ ...ok, readyState: HAVE_CURRENT_DATA - 1 }, 1000, none, 15)).toBe('not-ready');
  expect(sampleVerdict({ ...ok, videoWidth: 0 }, 1000, none, 15)).toBe('not-ready');
  expect(sampleVerdict({ ...ok, paused: true }, 1000, none, 15)).toBe('paused');
  expect(sampleVerdict({ ...ok, ended: true }, 1000, none, 15)).toBe('paused');
  expect(sampleVerdict({ ...ok, hidden: true }, 1000, none, 15)).toBe('hidden');
  expect(sampleVerdict(ok, 1030, 1066.7, 15)).toBe('throttled');
  expect(sampleVerdict(ok, 1061, 1066.7, 15)).toBe('sample'); // up to 10% early
  expect(sampleVerdict(ok, 1001, none, 0)).toBe('sample');
});

/** Frame callback times in, how many of them the cap samples. */
function sampledUnderCap(times: number[], maxFps: number): number[] {
  let due = Number.NEGATIVE_INFINITY;
  const taken: number[] = [];
  for (const t of times) {
    if (sampleVerdict(ok, t, due, maxFps) !== 'sample') continue;
    taken.push(t);
    due = nextSampleDue(due, t, maxFps);
  }
  return taken;
}

test('fps cap: a 15 fps video on a 60 Hz display (frames 83 and 50 ms apart) is sampled every frame at 15', () => {
  // What Chromium delivered here for the 15 fps clips: callbacks on 16.7 ms refreshes, alternating 83/50.
  const times: number[] = [];
  for (let t = 0, i = 0; times.length < 150; t += i++ % 2 === 0 ? 83.33 : 50) times.push(t);
  expect(sampledUnderCap(times, 15)).toHaveLength(150);
});

test('fps cap: keeps the average rate and never samples closer than half an interval', () => {
  // 60 fps frames with jitter, capped at 15: 15 a second, not more.
  const times = Array.from({ length: 600 }, (_, i) => i * 16.67 + ((i * 7) % 5));
  const taken = sampledUnderCap(times, 15);
  expect(taken.length).toBeGreaterThanOrEqual(148);
  expect(taken.length).toBeLessThanOrEqual(151);
  // After a long stall (an inference blocking the page), at most one catch-up sample comes early.
  const stalled = [0, 16.7, 33.3, 250, 266.7, 283.3, 300, 316.7, 333.3, 350];
  const after = sampledUnderCap(stalled, 15);
  expect(after).toEqual([0, 250, 283.3, 350]);
  for (let i = 1; i < after.length; i++) expect(after[i]! - after[i - 1]!).toBeGreaterThanOrEqual(1000 / 15 / 2 - 1000 / 15 * 0.1);
  // No cap: every frame.
  expect(sampledUnderCap(times, 0)).toHaveLength(600);
});

test('sampleSize keeps the aspect and never upscales', () => {
  expect(sampleSize(1280, 720, 640)).toEqual({ width: 640, height: 360 });
  expect(sampleSize(320, 240, 640)).toEqual({ width: 320, height: 240 });
  expect(sampleSize(0, 240, 640)).toEqual({ width: 0, height: 0 });
});
