import { expect, test } from '@playwright/test';
import { Tracker, trackInfo, type TrackerOptions } from '../../src/core/tracker.js';
import type { Detection } from '../../src/types.js';

const OPTIONS: TrackerOptions = { minHits: 2, maxLostMs: 3000, confirmScore: 0.9, lowScore: 0.1 };
const HIGH = 0.3;
const high = (d: Detection): boolean => d.score >= HIGH;
const det = (label: string, x: number, y: number, score = 0.6, w = 40, h = 100): Detection => ({ label, score, bbox: [x, y, w, h] });
const ids = (shown: readonly Detection[]): Array<[string, number | undefined]> => shown.map((d) => [`${d.label}@${Math.round(d.bbox[0])}`, d.id]);

test('a one-result false positive is never shown; an object seen twice is, with one id from then on', () => {
  const t = new Tracker(OPTIONS);
  t.update([], -300, 640, 480, high); // the opening result (see the next test)
  expect(t.update([det('person', 100, 50), det('sports ball', 300, 300, 0.4, 10, 10)], 0, 640, 480, high).shown).toEqual([]);
  const second = t.update([det('person', 104, 50)], 300, 640, 480, high);
  expect(ids(second.shown)).toEqual([['person@104', 1]]);
  expect(second.confirmed.map((c) => c.id)).toEqual([1]);
  expect(ids(t.update([det('person', 108, 50)], 600, 640, 480, high).shown)).toEqual([['person@108', 1]]);
  // The ball's track was dropped when it missed the second result: it does not come back as confirmed.
  expect(ids(t.update([det('person', 112, 50), det('sports ball', 300, 300, 0.4, 10, 10)], 900, 640, 480, high).shown)).toEqual([['person@112', 1]]);
});

test('a very confident new object is confirmed at once (confirmScore), and minHits 1 shows everything at once', () => {
  const opened = (options: TrackerOptions): Tracker => {
    const t = new Tracker(options);
    t.update([], 0, 640, 480, high);
    return t;
  };
  expect(ids(opened(OPTIONS).update([det('dog', 10, 10, 0.95)], 100, 640, 480, high).shown)).toEqual([['dog@10', 1]]);
  expect(opened(OPTIONS).update([det('dog', 10, 10, 0.8)], 100, 640, 480, high).shown).toEqual([]);
  expect(ids(opened({ ...OPTIONS, minHits: 1 }).update([det('dog', 10, 10, 0.4)], 100, 640, 480, high).shown)).toEqual([['dog@10', 1]]);
});

test('the first result (after a start, a clear, or a frame of another aspect ratio) shows its strong objects at once: nothing came before to check them against', () => {
  const t = new Tracker(OPTIONS);
  const first = t.update([det('person', 100, 50), det('dog', 300, 300, 0.2)], 0, 640, 480, high);
  expect(ids(first.shown)).toEqual([['person@100', 1]]);
  expect(first.confirmed.map((c) => c.id)).toEqual([1]);
  // Only the first: a newcomer in the second result waits for minHits as usual; the weak dog started no track.
  expect(ids(t.update([det('person', 104, 50), det('cat', 400, 100)], 100, 640, 480, high).shown)).toEqual([['person@104', 1]]);
  expect(ids(t.update([det('person', 108, 50), det('cat', 400, 100)], 200, 640, 480, high).shown)).toEqual([['person@108', 1], ['cat@400', 2]]);
  // An empty first result uses the rule up.
  const empty = new Tracker(OPTIONS);
  empty.update([], 0, 640, 480, high);
  expect(empty.update([det('person', 100, 50)], 100, 640, 480, high).shown).toEqual([]);
  // clear() (a new source, a restart) opens again; so does a frame of another aspect ratio (another picture).
  t.clear();
  expect(ids(t.update([det('person', 10, 50)], 300, 640, 480, high).shown)).toEqual([['person@10', 3]]);
  expect(ids(t.update([det('person', 10, 50), det('dog', 200, 100)], 400, 640, 360, high).shown)).toEqual([['person@10', 4], ['dog@200', 5]]);
});

test('two people crossing each other at constant speed keep their ids (results 300 ms apart)', () => {
  const t = new Tracker(OPTIONS);
  // A walks right at 0.1 px/ms, B walks left at the same speed; they cross at x = 300 around t = 1500.
  for (let ms = 0; ms <= 3000; ms += 300) {
    const a = det('person', 150 + 0.1 * ms, 50);
    const b = det('person', 450 - 0.1 * ms, 60);
    const { shown } = t.update([a, b], ms, 640, 480, high);
    if (ms === 0) continue;
    // A walks at y 50, B at y 60: which is which, whatever their x.
    const byY = Object.fromEntries(shown.map((d) => [d.bbox[1], d.id]));
    expect(byY, `at ${ms} ms`).toEqual({ 50: 1, 60: 2 });
  }
});

test('a person and a dog crossing never swap: matching is within a class', () => {
  const t = new Tracker(OPTIONS);
  for (let ms = 0; ms <= 3000; ms += 300) {
    const { shown } = t.update([det('person', 150 + 0.1 * ms, 50), det('dog', 450 - 0.1 * ms, 50)], ms, 640, 480, high);
    if (ms > 0) expect(shown.map((d) => `${d.label}#${d.id}`).sort()).toEqual(['dog#2', 'person#1']);
  }
});

test('a dip in confidence keeps the track (a weak detection continues it); a weak detection alone starts none', () => {
  const t = new Tracker(OPTIONS);
  t.update([det('person', 100, 50)], 0, 640, 480, high);
  t.update([det('person', 100, 50)], 300, 640, 480, high);
  const dip = t.update([det('person', 101, 50, 0.15), det('person', 400, 50, 0.2)], 600, 640, 480, high);
  expect(ids(dip.shown)).toEqual([['person@101', 1]]);
  expect(dip.shown[0]!.score).toBe(0.15);
  expect(t.tracks.map((x) => x.id)).toEqual([1]);
  // Under lowScore nothing continues it: the track is lost (kept, not shown).
  expect(t.update([det('person', 101, 50, 0.05)], 900, 640, 480, high).shown).toEqual([]);
  expect(t.tracks.map((x) => x.id)).toEqual([1]);
});

test('a confirmed track lost for less than maxLostMs gets its id back; after that it ends', () => {
  const t = new Tracker(OPTIONS);
  t.update([det('person', 100, 50)], 0, 640, 480, high);
  t.update([det('person', 100, 50)], 300, 640, 480, high);
  expect(t.update([], 600, 640, 480, high).ended).toEqual([]);
  expect(ids(t.update([det('person', 102, 50)], 2500, 640, 480, high).shown)).toEqual([['person@102', 1]]);
  const gone = t.update([], 2500 + OPTIONS.maxLostMs + 1, 640, 480, high);
  expect(gone.ended.map((x) => x.id)).toEqual([1]);
  expect(t.tracks).toEqual([]);
  // Back later: a new object as far as the tracker knows.
  t.update([det('person', 102, 50)], 9000, 640, 480, high);
  expect(ids(t.update([det('person', 102, 50)], 9300, 640, 480, high).shown)).toEqual([['person@102', 2]]);
});

test('a track that walked out through an edge ends soon after, so the next one coming in there gets a new id', () => {
  const t = new Tracker(OPTIONS);
  // Walking right at 0.1 px/ms until its box touches the right edge (600 + 40 = 640), then unseen.
  for (let ms = 0; ms <= 1000; ms += 200) t.update([det('person', 500 + 0.1 * ms, 50)], ms, 640, 480, high);
  expect(t.update([], 1200, 640, 480, high).ended).toEqual([]);
  expect(t.update([], 1600, 640, 480, high).ended.map((x) => x.id)).toEqual([1]);
  // Someone walks in where it left, 1.4 s later (well within maxLostMs): a new track, confirmed as a new id.
  t.update([det('person', 600, 60)], 2400, 640, 480, high);
  const entered = t.update([det('person', 590, 60)], 2600, 640, 480, high);
  expect(ids(entered.shown)).toEqual([['person@590', 2]]);
  expect(entered.confirmed.map((x) => x.id)).toEqual([2]);
});

test('at an edge but not moving out through it (standing there, walking along it), a lost track keeps its id for maxLostMs', () => {
  // At the left edge standing still, and at the top edge walking along it (right): neither moves out through its edge.
  for (const [name, at] of [['still at the left edge', () => det('person', 0, 50)], ['along the top edge', (ms: number) => det('person', 200 + 0.1 * ms, 0)]] as const) {
    const t = new Tracker(OPTIONS);
    for (let ms = 0; ms <= 1000; ms += 200) t.update([at(ms)], ms, 640, 480, high);
    expect(t.update([], 2500, 640, 480, high).ended, name).toEqual([]);
    expect(t.update([at(2700)], 2700, 640, 480, high).shown.map((d) => d.id), name).toEqual([1]);
  }
  // Walking out through the bottom and through the top ends it soon, as at the sides.
  for (const vy of [0.1, -0.1]) {
    const t = new Tracker(OPTIONS);
    const y0 = vy > 0 ? 280 : 100;
    for (let ms = 0; ms <= 1000; ms += 200) t.update([det('person', 300, y0 + vy * ms)], ms, 640, 480, high);
    expect(t.update([], 1600, 640, 480, high).ended.map((x) => x.id), `vy ${vy}`).toEqual([1]);
  }
});

test('slow results (3 s apart, a still picture with the gate holding) keep the id; a first move with no speed known still matches nearby', () => {
  const t = new Tracker(OPTIONS);
  for (let ms = 0; ms <= 12_000; ms += 3000) t.update([det('dog', 200, 200, 0.5, 120, 80)], ms, 640, 480, high);
  expect(t.tracks.map((x) => [x.id, x.hits])).toEqual([[1, 5]]);
  // 60 px in one step (no overlap left for a 40-px box): still the same person, by distance.
  const p = new Tracker(OPTIONS);
  p.update([det('person', 100, 50)], 0, 640, 480, high);
  expect(ids(p.update([det('person', 160, 50)], 700, 640, 480, high).shown)).toEqual([['person@160', 1]]);
});

test('a box that jumps off its predicted place (a looped clip in a live stream) gives no speed: the track forgets its speed rather than fly along the jump', () => {
  const t = new Tracker(OPTIONS);
  // Walking right at 0.05 px/ms, results 400 ms apart.
  for (let ms = 0; ms <= 1600; ms += 400) t.update([det('person', 300 + 0.05 * ms, 50)], ms, 640, 480, high);
  expect(t.tracks[0]!.velocity.vx).toBeCloseTo(0.05, 3);
  // The stream's clip loops: the walker is 60 px behind where it was predicted (more than the box's width: nothing of it on the predicted box).
  const r = t.update([det('person', 340, 50)], 2000, 640, 480, high);
  expect(r.shown.map((d) => d.id)).toEqual([1]);
  expect(t.tracks[0]!.velocity).toEqual({ vx: 0, vy: 0 });
  // Walking on from there, its speed is learnt again.
  t.update([det('person', 360, 50)], 2400, 640, 480, high);
  expect(t.tracks[0]!.velocity.vx).toBeGreaterThan(0);
});

test('the predicted box matches a fast walker that overlaps nothing of its last box', () => {
  const t = new Tracker(OPTIONS);
  // 0.2 px/ms, results 300 ms apart: 60 px per step for a 40-px wide box; with a second person where the first was.
  t.update([det('person', 100, 50)], 0, 640, 480, high);
  t.update([det('person', 160, 50)], 300, 640, 480, high);
  const { shown } = t.update([det('person', 220, 50), det('person', 160, 55)], 600, 640, 480, high);
  expect(shown.find((d) => Math.round(d.bbox[0]) === 220)?.id).toBe(1);
});

test('time going back (a loop, a seek back): an object still in place keeps its id, speeds are forgotten, the clock goes on; others are lost as usual', () => {
  const t = new Tracker(OPTIONS);
  t.update([det('person', 100, 50), det('dog', 400, 50)], 5000, 640, 480, high);
  t.update([det('person', 110, 50), det('dog', 400, 50)], 5300, 640, 480, high);
  expect(t.tracks[0]!.velocity.vx).toBeGreaterThan(0);
  // The video loops to 0.1 s: the person is where it was, the dog is not in the picture.
  const r = t.update([det('person', 110, 50)], 100, 640, 480, high);
  expect(r.ended).toEqual([]);
  expect(r.shown.map((d) => d.id)).toEqual([1]);
  expect(t.tracks[0]!.velocity).toEqual({ vx: 0, vy: 0 });
  // One more step of 300 ms on the tracks' clock, which goes on from 5.3 s.
  expect(t.clock).toBe(5600);
  expect(trackInfo(t.tracks[0]!)).toMatchObject({ firstSeen: 5, lastSeen: 5.6 });
  // The dog, unseen, ends maxLostMs after its last match, counted on the tracks' clock.
  const later = t.update([det('person', 110, 50)], 100 + OPTIONS.maxLostMs, 640, 480, high);
  expect(later.ended.map((x) => x.id)).toEqual([2]);
  expect(later.shown.map((d) => d.id)).toEqual([1]);
});

test('another class off its box, or a box too far away without overlap, is another object; an overlapping one of another size is the same', () => {
  const t = new Tracker({ ...OPTIONS, minHits: 1 });
  t.update([det('person', 100, 50)], 0, 640, 480, high);
  // Without overlap a box must be within 1.5 sizes (sqrt(40 * 100) * 1.5 = 95 px) and of a similar area.
  // Another class overlapping (IoU 0.54, under RELABEL_IOU 0.6) is another object.
  const next = t.update([det('dog', 100, 80), det('person', 200, 50), det('person', 300, 50, 0.6, 80, 150)], 300, 640, 480, high);
  expect(next.shown.map((d) => d.id)).toEqual([2, 3, 4]);
  expect(next.ended).toEqual([]); // the first is lost, not gone
  // Overlapping (IoU 0.33), though 3x the area: the person came closer.
  const u = new Tracker({ ...OPTIONS, minHits: 1 });
  u.update([det('person', 100, 50)], 0, 640, 480, high);
  expect(u.update([det('person', 100, 50, 0.6, 80, 150)], 300, 640, 480, high).shown.map((d) => d.id)).toEqual([1]);
});

test('a detector that changes its mind about the class (dog, horse, cow) keeps one id and one label; a real second object of another class does not take it', () => {
  const t = new Tracker(OPTIONS);
  const labels = ['dog', 'dog', 'horse', 'dog', 'cow', 'dog', 'horse', 'dog', 'dog', 'cow'];
  const seen = labels.map((label, k) => t.update([det(label, 200 + 3 * k, 300, 0.45, 100, 64)], 300 * k, 640, 480, high).shown);
  expect(new Set(seen.slice(1).flat().map((d) => d.id))).toEqual(new Set([1]));
  // Its label follows the votes, not each result: 'dog' throughout.
  expect(seen.slice(1).flat().map((d) => d.label)).toEqual(Array(9).fill('dog'));
  expect(t.tracks.map((x) => [x.id, x.label])).toEqual([[1, 'dog']]);
  // Two classes taking turns: the label changes at most once (hysteresis), the id never.
  const u = new Tracker(OPTIONS);
  const turns = ['dog', 'horse', 'dog', 'horse', 'horse', 'dog', 'horse', 'dog', 'horse', 'horse', 'dog', 'horse'];
  const shownTurns = turns.flatMap((label, k) => u.update([det(label, 200, 300, 0.45, 100, 64)], 300 * k, 640, 480, high).shown);
  expect(new Set(shownTurns.map((d) => d.id))).toEqual(new Set([1]));
  expect(shownTurns.map((d) => d.label).filter((l, k, all) => k > 0 && l !== all[k - 1]).length).toBeLessThanOrEqual(1);
  // Seen as a horse for long enough, it becomes one (same id).
  for (let k = 10; k < 16; k++) t.update([det('horse', 230, 300, 0.45, 100, 64)], 300 * k, 640, 480, high);
  expect(t.tracks.map((x) => [x.id, x.label])).toEqual([[1, 'horse']]);
  // A person on the horse (a box over half of it): the horse keeps its track; the person, another class, gets its own.
  const ridden = t.update([det('horse', 230, 300, 0.45, 100, 64), det('person', 240, 290, 0.7, 60, 60)], 300 * 16, 640, 480, high);
  expect(ridden.shown.map((d) => [d.label, d.id])).toEqual([['horse', 1]]); // the person is a new, unconfirmed track
  expect(t.tracks.map((x) => [x.id, x.label])).toEqual([[1, 'horse'], [2, 'person']]);
  // The horse missing from one result: the person's detection (IoU with the horse's box 0.43 < 0.6) does not take its track.
  const missing = t.update([det('person', 240, 290, 0.7, 60, 60)], 300 * 17, 640, 480, high);
  expect(missing.shown.map((d) => [d.label, d.id])).toEqual([['person', 2]]);
});

test('a new resolution of the same picture rescales the tracks; another aspect ratio ends them', () => {
  const t = new Tracker(OPTIONS);
  t.update([det('person', 100, 50)], 0, 640, 480, high);
  t.update([det('person', 100, 50)], 300, 640, 480, high);
  // A simulcast layer switch to 320x240: the same person, half the pixels.
  expect(ids(t.update([det('person', 50, 25, 0.6, 20, 50)], 600, 320, 240, high).shown)).toEqual([['person@50', 1]]);
  // Cropped to 16:9: another picture.
  expect(t.update([det('person', 50, 25, 0.6, 20, 50)], 900, 320, 180, high).ended.map((x) => x.id)).toEqual([1]);
});

test('a box partly hidden (its width or height changed by over 20%) gives no speed: the track keeps the one it had', () => {
  const t = new Tracker({ ...OPTIONS, minHits: 1 });
  t.update([det('person', 100, 50)], 0, 640, 480, high);
  t.update([det('person', 110, 50)], 100, 640, 480, high);
  t.update([det('person', 120, 50)], 200, 640, 480, high);
  const before = t.tracks[0]!.velocity.vx;
  expect(before).toBeCloseTo(0.1, 5);
  // Someone passes in front: only the left 16 px of the walker show, its box centre jumps 12 px back.
  t.update([det('person', 130, 50, 0.6, 16, 100)], 300, 640, 480, high);
  expect(t.tracks[0]!.velocity.vx).toBe(before);
  // Out from behind at full width further on: that step is not a speed either; the next one is.
  t.update([det('person', 150, 50)], 500, 640, 480, high);
  expect(t.tracks[0]!.velocity.vx).toBe(before);
  expect(t.tracks.map((x) => x.id)).toEqual([1]);
});
