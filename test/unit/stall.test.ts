/** The stall watch (core/stall.ts): a source that stops giving frames vs callbacks that do not come. */
import { expect, test } from '@playwright/test';
import { NO_CALLBACK_MS, STALL_MS, StallWatch } from '../../src/core/stall.js';

/** Frames every 100 ms until `until`, each counted by the decoder. */
function feed(watch: StallWatch, from: number, until: number, count: { n: number }): void {
  for (let t = from; t < until; t += 100) watch.frame(t, ++count.n);
}

test('a source that stops giving frames is stalled once, after STALL_MS, and resumes on the next frame', () => {
  const watch = new StallWatch(0);
  const count = { n: 0 };
  feed(watch, 0, 1000, count); // last frame at 900
  const verdicts: string[] = [];
  for (let t = 1000; t <= 900 + STALL_MS + 1000; t += 250) {
    const v = watch.check(t, true, count.n);
    if (v) verdicts.push(`${v}@${t}`);
  }
  expect(verdicts).toEqual([`stalled@${900 + STALL_MS + 100}`]); // once, at the first check past STALL_MS
  expect(watch.stalled).toBe(true);
  expect(watch.frame(5000, ++count.n)).toBe('resumed');
  expect(watch.stalled).toBe(false);
  expect(watch.frame(5100, ++count.n)).toBeUndefined();
});

test('frames decoded without callbacks (a video the browser does not paint) are not a stall', () => {
  const watch = new StallWatch(0);
  const count = { n: 0 };
  feed(watch, 0, 500, count);
  let verdict;
  for (let t = 500; t < 500 + NO_CALLBACK_MS + 300 && !verdict; t += 250) {
    count.n += 2; // decoded, but no frame callback
    verdict = watch.check(t, true, count.n);
  }
  expect(verdict).toBe('no-callbacks');
  expect(watch.stalled).toBe(false);
});

test('a paused video is never stalled, and its quiet time restarts when it plays', () => {
  const watch = new StallWatch(0);
  feed(watch, 0, 500, { n: 0 });
  for (let t = 500; t <= 10_000; t += 250) expect(watch.check(t, false, 5)).toBeUndefined();
  expect(watch.check(10_000 + STALL_MS - 100, true, 5)).toBeUndefined();
  expect(watch.check(10_000 + STALL_MS + 300, true, 5)).toBe('stalled');
});

test('without a decoded-frame counter no stall is reported; quiet callbacks mean "no-callbacks" as before', () => {
  const watch = new StallWatch(0);
  for (let t = 0; t < 500; t += 100) watch.frame(t, -1);
  expect(watch.isNewFrame(-1)).toBe(true);
  expect(watch.check(1000, true, -1)).toBeUndefined();
  expect(watch.check(1500, true, -1)).toBe('no-callbacks');
  expect(watch.check(9000, true, -1)).toBe('no-callbacks');
  expect(watch.stalled).toBe(false);
});

test('reset (a restarted loop) forgets a stall', () => {
  const watch = new StallWatch(0);
  watch.frame(0, 1);
  expect(watch.check(STALL_MS + 1, true, 1)).toBe('stalled');
  watch.reset(5000);
  expect(watch.stalled).toBe(false);
  expect(watch.check(5100, true, 1)).toBeUndefined();
});

test('frame callbacks need not read the counter (the watchdog reads it): a stall and missing callbacks are still told apart', () => {
  // Stalled: callbacks (no count) until 900, the counter stops with them.
  const stalled = new StallWatch(0);
  let decoded = 0;
  const verdicts: string[] = [];
  for (let t = 0; t <= 900 + STALL_MS + 500; t += 50) {
    if (t <= 900 && t % 100 === 0) (decoded++, stalled.frame(t));
    if (t % 250 === 0) {
      const v = stalled.check(t, true, decoded);
      if (v) verdicts.push(v);
    }
  }
  expect(verdicts).toEqual(['stalled']);
  expect(stalled.frame(9000)).toBe('resumed');
  // No callbacks: the counter runs on after the callbacks stop.
  const quiet = new StallWatch(0);
  decoded = 0;
  let verdict;
  for (let t = 0; t <= 900 + NO_CALLBACK_MS + 500 && !verdict; t += 50) {
    if (t % 100 === 0) decoded++;
    if (t <= 900 && t % 100 === 0) quiet.frame(t);
    if (t % 250 === 0) verdict = quiet.check(t, true, decoded);
  }
  expect(verdict).toBe('no-callbacks');
  expect(quiet.stalled).toBe(false);
});
