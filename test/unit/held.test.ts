import { expect, test } from '@playwright/test';
import { HeldDetections } from '../../src/core/held.js';

const boxes = [
  { label: 'person', score: 0.9, bbox: [0, 0, 10, 10] as [number, number, number, number] },
  { label: 'dog', score: 0.4, bbox: [5, 5, 10, 10] as [number, number, number, number] },
];
const filter = { scoreThreshold: 0.3, maxDetections: 20 };
const playing = { videoWidth: 640, videoHeight: 480, paused: false };

test('held boxes show until holdMs while playing, stay on a paused frame, and vanish on a size change', () => {
  const held = new HeldDetections();
  expect(held.visible(playing, 0, 3000)).toEqual([]);
  expect(held.set(boxes, 640, 480, 1000, filter)).toHaveLength(2);
  expect(held.visible(playing, 3999, 3000)).toHaveLength(2);
  expect(held.visible(playing, 4001, 3000)).toEqual([]);
  expect(held.visible({ ...playing, paused: true }, 60_000, 3000)).toHaveLength(2);
  expect(held.visible({ ...playing, videoWidth: 1280, videoHeight: 720 }, 1000, 3000)).toEqual([]);
  held.clear();
  expect(held.visible({ ...playing, paused: true }, 1000, 3000)).toEqual([]);
});

test('a new resolution of the same picture (a simulcast layer switch) rescales the held boxes; another aspect drops them', () => {
  const held = new HeldDetections();
  held.set([{ label: 'person', score: 0.9, bbox: [320, 240, 160, 120] }], 640, 480, 0, filter);
  const half = held.visible({ ...playing, videoWidth: 320, videoHeight: 240 }, 10, 3000);
  expect(half.map((d) => d.bbox)).toEqual([[160, 120, 80, 60]]);
  // The same array on every frame at that size, so the overlay does not redraw for nothing.
  expect(held.visible({ ...playing, videoWidth: 320, videoHeight: 240 }, 20, 3000)).toBe(half);
  expect(held.visible({ ...playing, videoWidth: 1280, videoHeight: 960 }, 20, 3000).map((d) => d.bbox)).toEqual([[640, 480, 320, 240]]);
  // Even-pixel rounding of a layer (426x240 of 16:9) is the same picture; 4:3 -> 16:9 is not.
  held.set([{ label: 'person', score: 0.9, bbox: [64, 36, 64, 36] }], 640, 360, 0, filter);
  expect(held.visible({ ...playing, videoWidth: 426, videoHeight: 240 }, 10, 3000)).toHaveLength(1);
  expect(held.visible({ ...playing, videoWidth: 640, videoHeight: 480 }, 10, 3000)).toEqual([]);
  // Expiry still applies to rescaled boxes.
  expect(held.visible({ ...playing, videoWidth: 320, videoHeight: 180 }, 3001, 3000)).toEqual([]);
});

test('a filter change re-filters the held result without a new inference', () => {
  const held = new HeldDetections();
  held.set(boxes, 640, 480, 0, filter);
  held.refilter({ ...filter, scoreThreshold: 0.5 });
  expect(held.visible(playing, 0, 3000).map((d) => d.label)).toEqual(['person']);
  held.refilter({ ...filter, classes: ['dog'] });
  expect(held.visible(playing, 0, 3000).map((d) => d.label)).toEqual(['dog']);
});
