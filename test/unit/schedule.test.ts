import { expect, test } from '@playwright/test';
import { InferenceSchedule, RETRY_BASE_MS, RETRY_MAX_MS } from '../../src/core/schedule.js';

test('one inference at a time; requests meanwhile collapse into one pending run', () => {
  const s = new InferenceSchedule();
  expect(s.start(0)).toBeNull(); // nothing asked for
  s.request();
  const first = s.start(0);
  expect(first).not.toBeNull();
  expect(s.busy).toBe(true);
  s.request();
  s.request();
  expect(s.start(10)).toBeNull(); // one in flight
  s.succeeded(first!);
  expect(s.end(first!)).toBe(true);
  expect(s.busy).toBe(false);
  const second = s.start(20);
  expect(second).not.toBeNull(); // the pending one, once
  s.end(second!);
  expect(s.start(30)).toBeNull(); // not a queue: three requests made one run
});

test('failures back off 0.5 s doubling up to 10 s, and retry without a new request', () => {
  const s = new InferenceSchedule();
  s.request();
  let ticket = s.start(0)!;
  let failedAt = 0;
  const waits: number[] = [];
  for (let i = 0; i < 7; i++) {
    s.failed(ticket, failedAt);
    s.end(ticket);
    let now = failedAt;
    let next: number | null;
    while ((next = s.start(now)) === null) now += 10;
    waits.push(now - failedAt);
    ticket = next;
    failedAt = now;
  }
  expect(waits).toEqual([500, 1000, 2000, 4000, 8000, 10_000, 10_000]);
  expect([RETRY_BASE_MS, RETRY_MAX_MS]).toEqual([500, 10_000]);
});

test('a success after failures clears the backoff', () => {
  const s = new InferenceSchedule();
  s.request();
  let t = s.start(0)!;
  s.failed(t, 0);
  s.end(t);
  expect(s.start(100)).toBeNull();
  t = s.start(500)!;
  s.succeeded(t);
  s.end(t);
  s.request();
  expect(s.start(501)).not.toBeNull(); // no wait after a success
});

test('restart abandons the inference in flight: its result and error no longer count', () => {
  const s = new InferenceSchedule();
  s.request();
  const lost = s.start(0)!;
  s.restart();
  expect(s.busy).toBe(false);
  expect(s.current(lost)).toBe(false);
  // A fresh inference is wanted at once, with no backoff, while the old one may still settle.
  const fresh = s.start(1)!;
  expect(fresh).not.toBeNull();
  s.failed(lost, 2); // the abandoned one's error: ignored
  expect(s.end(lost)).toBe(false); // and it does not free the new one's slot
  expect(s.busy).toBe(true);
  expect(s.end(fresh)).toBe(true);
  s.request();
  expect(s.start(3)).not.toBeNull(); // no backoff from the ignored failure
});
