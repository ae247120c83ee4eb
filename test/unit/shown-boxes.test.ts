import { expect, test } from '@playwright/test';
import { ShownBoxes, type RawResult } from '../../src/core/shown-boxes.js';
import type { Detection } from '../../src/types.js';

const box = (label: string, score: number, x: number): Detection => ({ label, score, bbox: [x, 40, 40, 100] });
/** A result of the model on a 320x240 sample of a 640x480 frame at media time `mediaAt`, arriving at `at`. */
const result = (detections: Detection[], at: number, mediaAt = at): RawResult =>
  ({ detections, input: { width: 320, height: 240 }, frame: { width: 640, height: 480 }, at, mediaAt });
const playing = (mediaMs: number) => ({ videoWidth: 640, videoHeight: 480, paused: false, mediaMs });
const filter = { scoreThreshold: 0.5, maxDetections: 10 };
const xs = (boxes: readonly Detection[]) => boxes.map((d) => d.bbox[0]);

test('a result is scaled to video pixels, filtered, held for holdMs while playing, and refiltered by new options', () => {
  const shown = new ShownBoxes({ holdMs: 500, followMotion: false, filter });
  const accepted = shown.accept(result([box('person', 0.9, 10), box('dog', 0.3, 100)], 1000));
  expect(accepted).toEqual([{ label: 'person', score: 0.9, bbox: [20, 80, 80, 200] }]);
  expect(shown.visible(playing(1000), 1400)).toEqual(accepted);
  expect(shown.visible(playing(1000), 1600)).toEqual([]); // expired
  expect(shown.visible({ ...playing(1000), paused: true }, 1600)).toEqual(accepted); // a paused frame keeps its boxes
  shown.apply({ holdMs: 500, followMotion: false, filter: { ...filter, scoreThreshold: 0.2 } });
  expect(shown.visible(playing(1000), 1400).map((d) => d.label)).toEqual(['person', 'dog']);
  shown.clear();
  expect(shown.visible(playing(1000), 1000)).toEqual([]);
});

test('followMotion: boxes move along their speed while the gate sees motion, and not when it is off', () => {
  const shown = new ShownBoxes({ holdMs: 5000, followMotion: true, filter });
  shown.accept(result([box('person', 0.9, 50)], 0));
  shown.motion(200, true);
  shown.accept(result([box('person', 0.9, 60)], 200)); // 20 video px in 200 ms: 0.1 px/ms
  shown.motion(300, true);
  shown.motion(400, true);
  expect(xs(shown.visible(playing(400), 400))).toEqual([140]); // 120 + 0.1 x 200 ms
  shown.apply({ holdMs: 5000, followMotion: false, filter });
  expect(xs(shown.visible(playing(400), 400))).toEqual([120]);
  // A new source: speeds are forgotten.
  shown.apply({ holdMs: 5000, followMotion: true, filter });
  shown.sourceChanged();
  expect(xs(shown.visible(playing(400), 400))).toEqual([120]);
});
