import { expect, test } from '@playwright/test';
import { labelFontPx, placeLabels, placeLabelsAsRead, type LabelRequest } from '../../src/core/label-layout.js';
import { IDENTITY, rotateLinear, scaleLinear } from '../../src/core/transform.js';

const size = { width: 70, height: 19 };
const bounds = { width: 640, height: 480 };
const label = (x: number, y: number, score: number, w = 40, h = 100): LabelRequest => ({ box: { x, y, width: w, height: h }, size, score });

function overlaps(a: { x: number; y: number }, b: { x: number; y: number }): boolean {
  return a.x < b.x + size.width && b.x < a.x + size.width && a.y < b.y + size.height && b.y < a.y + size.height;
}

test('a lone label sits just above the top-left corner of its box', () => {
  expect(placeLabels([label(100, 200, 0.9)], bounds)).toEqual([{ x: 100, y: 181 }]);
});

test('two people side by side: the more confident keeps the spot above, the other moves inside its own box', () => {
  // Boxes 10 px apart: both labels above would share x 150..170.
  const spots = placeLabels([label(100, 200, 0.6), label(150, 200, 0.9)], bounds);
  expect(spots[1]).toEqual({ x: 150, y: 181 });
  expect(spots[0]).toEqual({ x: 100, y: 200 });
  expect(overlaps(spots[0]!, spots[1]!)).toBe(false);
});

test('a row of five close boxes gets five labels that do not cover each other', () => {
  const row = [0, 1, 2, 3, 4].map((i) => label(100 + i * 30, 200, 0.5 + i * 0.01, 28, 120));
  const spots = placeLabels(row, bounds);
  for (let i = 0; i < spots.length; i++) {
    for (let j = i + 1; j < spots.length; j++) expect(overlaps(spots[i]!, spots[j]!), `labels ${i} and ${j}`).toBe(false);
  }
});

test('labels stay on the canvas: a box at the top edge labels inside, one at the right edge is pulled in', () => {
  const [top, right] = placeLabels([label(10, 0, 0.9), label(620, 300, 0.8, 20, 50)], bounds);
  expect(top).toEqual({ x: 10, y: 0 });
  expect(right).toEqual({ x: 570, y: 281 });
});

test('when every spot is taken, the label goes where it covers least; equal scores keep input order', () => {
  // Ten identical boxes: no arrangement of 6 spots each can keep them apart.
  const same = Array.from({ length: 10 }, () => label(300, 200, 0.5));
  const spots = placeLabels(same, bounds);
  expect(spots[0]).toEqual({ x: 300, y: 181 });
  expect(spots[1]).toEqual({ x: 300, y: 200 });
  expect(spots.every((s) => s.x >= 0 && s.y >= 0 && s.x <= 570 && s.y <= 461)).toBe(true);
  expect(placeLabels([], bounds)).toEqual([]);
});

test('label text is 13 px on a normal picture and shrinks to 9 px on small tiles', () => {
  expect(labelFontPx(640, 480)).toBe(13);
  expect(labelFontPx(400, 300)).toBe(13);
  expect(labelFontPx(360, 270)).toBe(12);
  // A 16:9 tile is judged by its height as much as its width: 320x180 is as small as 240x180.
  expect(labelFontPx(320, 180)).toBe(labelFontPx(240, 180));
  expect(labelFontPx(160, 120)).toBe(9);
  expect(labelFontPx(0, 0)).toBe(9);
});

test('labels are placed as read on screen: above the box on screen, whichever way the canvas is turned', () => {
  const round = (p: { x: number; y: number }) => ({ x: Math.round(p.x * 1000) / 1000 + 0, y: Math.round(p.y * 1000) / 1000 + 0 });
  const one = [label(100, 200, 0.9)]; // box x 100..140, y 200..300 on a 640x480 canvas
  // As is: the centre of the spot above the top-left corner.
  expect(placeLabelsAsRead(one, bounds, IDENTITY).map(round)).toEqual([{ x: 135, y: 190.5 }]);
  // Canvas shown mirrored (a flipped wrapper): on screen the box's top-left is its right edge on the canvas.
  expect(placeLabelsAsRead(one, bounds, scaleLinear('-1 1')).map(round)).toEqual([{ x: 105, y: 190.5 }]);
  // Upside down (a 180 degree turn): above on screen is below on the canvas.
  expect(placeLabelsAsRead(one, bounds, rotateLinear('180deg')).map(round)).toEqual([{ x: 105, y: 309.5 }]);
  // Turned 90 degrees clockwise: above on screen is left of the box on the canvas; the label, 70x19 as read,
  // takes 19x70 of the canvas, and its top-left as read (the box's bottom-left on the canvas) lines up.
  expect(placeLabelsAsRead(one, bounds, rotateLinear('90deg')).map(round)).toEqual([{ x: 90.5, y: 265 }]);
  // Side by side on screen, they still do not cover each other (here: turned 90 degrees, stacked on the canvas).
  const two = [label(100, 200, 0.6, 100, 40), label(100, 250, 0.9, 100, 40)];
  const c = placeLabelsAsRead(two, bounds, rotateLinear('90deg'));
  const apart = Math.abs(c[0]!.y - c[1]!.y) >= size.width || Math.abs(c[0]!.x - c[1]!.x) >= size.height;
  expect(apart).toBe(true);
});
