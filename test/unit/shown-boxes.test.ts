import { expect, test } from '@playwright/test';
import { ShownBoxes, type RawResult } from '../../src/core/shown-boxes.js';
import type { Detection } from '../../src/types.js';

const box = (label: string, score: number, x: number): Detection => ({ label, score, bbox: [x, 40, 40, 100] });
/** A result of the model on a 320x240 sample of a 640x480 frame at media time `mediaAt`, arriving at `at`. */
const result = (detections: Detection[], at: number, mediaAt = at): RawResult =>
  ({ detections, input: { width: 320, height: 240 }, frame: { width: 640, height: 480 }, at, mediaAt });
const playing = (mediaMs: number) => ({ videoWidth: 640, videoHeight: 480, paused: false, mediaMs });
const filter = { scoreThreshold: 0.5, maxDetections: 10 };
const tracker = { minHits: 2, maxLostMs: 3000, confirmScore: 0.75, lowScore: 0.1 };
/** Tracking off: every box over the threshold, as found (what these first tests are about). */
const untracked = { tracking: false, tracker };
const xs = (boxes: readonly Detection[]) => boxes.map((d) => d.bbox[0]);

test('a result is scaled to video pixels, filtered, held for holdMs while playing, and refiltered by new options', () => {
  const shown = new ShownBoxes({ holdMs: 500, followMotion: false, filter, ...untracked });
  const accepted = shown.accept(result([box('person', 0.9, 10), box('dog', 0.3, 100)], 1000));
  expect(accepted.shown).toEqual([{ label: 'person', score: 0.9, bbox: [20, 80, 80, 200] }]);
  expect(shown.visible(playing(1000), 1400)).toEqual(accepted.shown);
  expect(shown.visible(playing(1000), 1600)).toEqual([]); // expired
  expect(shown.visible({ ...playing(1000), paused: true }, 1600)).toEqual(accepted.shown); // a paused frame keeps its boxes
  shown.apply({ holdMs: 500, followMotion: false, filter: { ...filter, scoreThreshold: 0.2 }, ...untracked });
  expect(shown.visible(playing(1000), 1400).map((d) => d.label)).toEqual(['person', 'dog']);
  shown.clear();
  expect(shown.visible(playing(1000), 1000)).toEqual([]);
});

test('followMotion: boxes move along their speed while the gate sees motion, and not when it is off', () => {
  const shown = new ShownBoxes({ holdMs: 5000, followMotion: true, filter, ...untracked });
  shown.accept(result([box('person', 0.9, 50)], 0));
  shown.motion(200, true);
  shown.accept(result([box('person', 0.9, 60)], 200)); // 20 video px in 200 ms: 0.1 px/ms
  shown.motion(300, true);
  shown.motion(400, true);
  expect(xs(shown.visible(playing(400), 400))).toEqual([140]); // 120 + 0.1 x 200 ms
  shown.apply({ holdMs: 5000, followMotion: false, filter, ...untracked });
  expect(xs(shown.visible(playing(400), 400))).toEqual([120]);
  // A new source: speeds are forgotten.
  shown.apply({ holdMs: 5000, followMotion: true, filter, ...untracked });
  shown.sourceChanged();
  expect(xs(shown.visible(playing(400), 400))).toEqual([120]);
});

test('tracking: a box is shown once its track is confirmed, with its id; per-class thresholds; track begin and end are reported', () => {
  const shown = new ShownBoxes({ holdMs: 5000, followMotion: false, filter: { ...filter, scoreThresholds: { dog: 0.7 } }, tracking: true, tracker });
  // An empty first result (its objects would be confirmed at once), then the person is new (0.6: not confirmed at once), the dog under its own threshold.
  shown.accept(result([], 0));
  const first = shown.accept(result([box('person', 0.6, 10), box('dog', 0.6, 100)], 100));
  expect(first).toEqual({ shown: [], entered: [], left: [], current: [], clock: 100 });
  const second = shown.accept(result([box('person', 0.6, 12), box('dog', 0.6, 100)], 400));
  expect(second.shown.map((d) => [d.label, d.id])).toEqual([['person', 1]]);
  expect(second.entered.map((t) => t.id)).toEqual([1]);
  expect(shown.tracks.map((t) => t.id)).toEqual([1]);
  // The person's score dips under the threshold: still shown (its track goes on), with its id.
  expect(shown.accept(result([box('person', 0.2, 14)], 700)).shown.map((d) => [d.score, d.id])).toEqual([[0.2, 1]]);
  // Gone for longer than maxLostMs: the track ends.
  expect(shown.accept(result([], 800)).left).toEqual([]);
  expect(shown.accept(result([], 4100)).left.map((t) => t.id)).toEqual([1]);
  expect(shown.tracks).toEqual([]);
});

test('tracking: followMotion moves a box along its track\'s speed', () => {
  const shown = new ShownBoxes({ holdMs: 5000, followMotion: true, filter, tracking: true, tracker });
  shown.accept(result([box('person', 0.9, 50)], 0));
  shown.accept(result([box('person', 0.9, 60)], 200)); // 20 video px in 200 ms: 0.1 px/ms
  shown.motion(300, true);
  shown.motion(400, true);
  expect(xs(shown.visible(playing(400), 400))).toEqual([140]);
  expect(shown.visible(playing(400), 400).map((d) => d.id)).toEqual([1]);
  // The walker stops, clear() ends the track.
  expect(shown.clear().map((t) => t.id)).toEqual([1]);
});

test('tracking: a threshold raised live removes boxes at once; a dip under the threshold shows for at most 3 results', () => {
  const shown = new ShownBoxes({ holdMs: 5000, followMotion: false, filter, tracking: true, tracker });
  shown.accept(result([box('person', 0.6, 10), box('dog', 0.9, 100)], 0));
  expect(shown.accept(result([box('person', 0.6, 10), box('dog', 0.9, 100)], 300)).shown.map((d) => d.label)).toEqual(['dog', 'person']);
  shown.apply({ holdMs: 5000, followMotion: false, filter: { ...filter, scoreThreshold: 0.7 }, tracking: true, tracker });
  expect(shown.visible(playing(300), 300).map((d) => d.label)).toEqual(['dog']);
  // The person's boxes stay weak: its track goes on, but it is not drawn (its last strong score is under 0.7).
  expect(shown.accept(result([box('person', 0.6, 10), box('dog', 0.9, 100)], 600)).shown.map((d) => d.label)).toEqual(['dog']);
  expect(shown.tracks.map((t) => t.label).sort()).toEqual(['dog', 'person']);
  // A dip: the dog at 0.3 is shown three results running, then no more.
  const dips = [900, 1200, 1500, 1800].map((at) => shown.accept(result([box('dog', 0.3, 100)], at)).shown.length);
  expect(dips).toEqual([1, 1, 1, 0]);
});
