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

test('a filter change re-filters the held result without a new inference', () => {
  const held = new HeldDetections();
  held.set(boxes, 640, 480, 0, filter);
  held.refilter({ ...filter, scoreThreshold: 0.5 });
  expect(held.visible(playing, 0, 3000).map((d) => d.label)).toEqual(['person']);
  held.refilter({ ...filter, classes: ['dog'] });
  expect(held.visible(playing, 0, 3000).map((d) => d.label)).toEqual(['dog']);
});
