import { expect, test } from '@playwright/test';
import { COCO_CLASSES, classColor, coco80Label, cocoSsdLabel } from '../../src/core/labels.js';

test('labels: COCO-80 order, coco-ssd ids, stable colours', () => {
  expect(COCO_CLASSES).toHaveLength(80);
  expect(coco80Label(0)).toBe('person');
  expect(coco80Label(16)).toBe('dog');
  expect(coco80Label(60)).toBe('dining table');
  expect(coco80Label(79)).toBe('toothbrush');
  expect(coco80Label(80)).toBe('class 80');
  expect(cocoSsdLabel(1)).toBe('person');
  expect(cocoSsdLabel(18)).toBe('dog');
  expect(cocoSsdLabel(90)).toBe('toothbrush');
  expect(cocoSsdLabel(12)).toBeUndefined();
  expect(classColor('person')).toBe(classColor('person'));
  expect(classColor('person')).not.toBe(classColor('bicycle'));
  expect(classColor('my-widget')).toMatch(/^hsl\(\d+, 90%, 55%\)$/);
});
