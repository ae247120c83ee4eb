import { expect, test } from '@playwright/test';
import {
  decodeCenterNet, decodeCocoSsd, filterDetections, iou, nonMaxSuppression, scaleDetections,
} from '../../src/core/detections.js';
import type { Detection } from '../../src/types.js';

const d = (label: string, score: number, bbox: Detection['bbox']): Detection => ({ label, score, bbox });

test('iou of identical, disjoint and half-overlapping boxes', () => {
  expect(iou([0, 0, 10, 10], [0, 0, 10, 10])).toBe(1);
  expect(iou([0, 0, 10, 10], [20, 20, 10, 10])).toBe(0);
  expect(iou([0, 0, 10, 10], [5, 0, 10, 10])).toBeCloseTo(50 / 150);
  expect(iou([0, 0, 0, 0], [0, 0, 0, 0])).toBe(0);
});

test('class-agnostic NMS keeps the best of overlapping boxes whatever their class', () => {
  const kept = nonMaxSuppression([
    d('dog', 0.4, [0, 0, 100, 100]), d('cat', 0.9, [5, 5, 100, 100]), d('person', 0.5, [300, 300, 50, 50]),
  ], 0.4);
  expect(kept.map((k) => k.label)).toEqual(['cat', 'person']);
});

test('per-class NMS keeps overlapping boxes of different classes; the cap applies', () => {
  const input = [d('dog', 0.4, [0, 0, 100, 100]), d('cat', 0.9, [5, 5, 100, 100]), d('cat', 0.8, [6, 6, 100, 100])];
  expect(nonMaxSuppression(input, 0.4, Infinity, true).map((k) => `${k.label}${k.score}`)).toEqual(['cat0.9', 'dog0.4']);
  expect(nonMaxSuppression(input, 0.4, 1, true)).toHaveLength(1);
});

test('filterDetections: threshold, allow-list, deny-list, cap, best first', () => {
  const input = [d('person', 0.6, [0, 0, 1, 1]), d('dog', 0.9, [0, 0, 1, 1]), d('car', 0.3, [0, 0, 1, 1]), d('person', 0.8, [0, 0, 1, 1])];
  expect(filterDetections(input, { scoreThreshold: 0.5, maxDetections: 20 }).map((x) => x.score)).toEqual([0.9, 0.8, 0.6]);
  expect(filterDetections(input, { scoreThreshold: 0, maxDetections: 20, classes: ['person'] }).map((x) => x.score)).toEqual([0.8, 0.6]);
  expect(filterDetections(input, { scoreThreshold: 0, maxDetections: 20, excludeClasses: ['person'] }).map((x) => x.label)).toEqual(['dog', 'car']);
  expect(filterDetections(input, { scoreThreshold: 0, maxDetections: 2 })).toHaveLength(2);
  expect(filterDetections(input, { scoreThreshold: 0, maxDetections: 20, classes: [] })).toHaveLength(4);
});

test('scaleDetections maps sample pixels to intrinsic pixels and clips', () => {
  const out = scaleDetections([d('a', 1, [10, 10, 20, 20]), d('b', 1, [630, 470, 40, 40]), d('c', 1, [700, 0, 10, 10])], 2, 2, 1280, 960);
  expect(out).toEqual([d('a', 1, [20, 20, 40, 40]), d('b', 1, [1260, 940, 20, 20])]);
});

test('decodeCenterNet: 512-space rows to input pixels, COCO-80 labels, score floor, NMS', () => {
  const rows = new Float32Array([
    0, 0, 256, 512, 0.6, 0,     // person, left half
    10, 10, 256, 512, 0.5, 16,  // dog overlapping the person: suppressed (class-agnostic)
    256, 256, 512, 512, 0.45, 2, // car
    0, 0, 10, 10, 0.1, 5,       // below the floor
  ]);
  const out = decodeCenterNet(rows, 512, 640, 480, 0.2, 20);
  expect(out).toEqual([d('person', expect.closeTo(0.6, 5) as never, [0, 0, 320, 480]), d('car', expect.closeTo(0.45, 5) as never, [320, 240, 320, 240])]);
});

test('decodeCocoSsd: best class per box, 1-based ids with gaps, normalised y/x boxes', () => {
  const numClasses = 90;
  const scores = new Float32Array(3 * numClasses);
  scores[0 * numClasses + 0] = 0.9;   // id 1 = person
  scores[1 * numClasses + 17] = 0.7;  // id 18 = dog
  scores[2 * numClasses + 11] = 0.95; // id 12: retired, dropped
  const boxes = new Float32Array([0, 0, 0.5, 0.5, 0.5, 0.5, 1, 1, 0, 0, 1, 1]);
  const out = decodeCocoSsd(scores, boxes, 3, numClasses, 640, 480, 0.5, 20);
  expect(out).toHaveLength(2);
  expect(out[0]).toMatchObject({ label: 'person', bbox: [0, 0, 320, 240] });
  expect(out[0]!.score).toBeCloseTo(0.9);
  expect(out[1]).toMatchObject({ label: 'dog', bbox: [320, 240, 320, 240] });
});
