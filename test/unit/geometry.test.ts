import { expect, test } from '@playwright/test';
import {
  boxModel,
  CENTER, backingSize, contentRect, mapBox, mapPoint, parseObjectFit, parseObjectPosition, type Placement,
} from '../../src/core/geometry.js';

test('contentRect: fill stretches to the box', () => {
  expect(contentRect(640, 480, 800, 300, 'fill')).toEqual({ x: 0, y: 0, width: 800, height: 300 });
});

test('contentRect: contain letterboxes and pillarboxes, centred', () => {
  expect(contentRect(640, 480, 800, 300, 'contain')).toEqual({ x: 200, y: 0, width: 400, height: 300 });
  expect(contentRect(640, 360, 400, 400, 'contain')).toEqual({ x: 0, y: 87.5, width: 400, height: 225 });
});

test('contentRect: cover crops, overflowing the box', () => {
  expect(contentRect(640, 480, 800, 300, 'cover')).toEqual({ x: 0, y: -150, width: 800, height: 600 });
});

test('contentRect: none keeps intrinsic size; scale-down picks the smaller of none and contain', () => {
  expect(contentRect(640, 480, 800, 600, 'none')).toEqual({ x: 80, y: 60, width: 640, height: 480 });
  expect(contentRect(640, 480, 800, 600, 'scale-down')).toEqual({ x: 80, y: 60, width: 640, height: 480 });
  expect(contentRect(640, 480, 320, 320, 'scale-down')).toEqual({ x: 0, y: 40, width: 320, height: 240 });
});

test('contentRect: object-position moves the picture in the free space', () => {
  const topLeft = parseObjectPosition('0% 0%');
  expect(contentRect(640, 480, 800, 300, 'contain', topLeft)).toEqual({ x: 0, y: 0, width: 400, height: 300 });
  const right = parseObjectPosition('100% 50%');
  expect(contentRect(640, 480, 800, 300, 'contain', right).x).toBe(400);
  const px = parseObjectPosition('10px 20px');
  expect(contentRect(640, 480, 800, 300, 'contain', px)).toMatchObject({ x: 10, y: 20 });
  expect(contentRect(0, 0, 800, 300, 'contain')).toEqual({ x: 0, y: 0, width: 0, height: 0 });
});

test('parseObjectPosition reads keywords, lengths and edge offsets; garbage falls back to centre', () => {
  expect(parseObjectPosition('50% 50%')).toEqual(CENTER);
  expect(parseObjectPosition('left top')).toEqual({ x: { fraction: 0, px: 0 }, y: { fraction: 0, px: 0 } });
  expect(parseObjectPosition('top right')).toEqual({ x: { fraction: 1, px: 0 }, y: { fraction: 0, px: 0 } });
  expect(parseObjectPosition('right 10px bottom 20px')).toEqual({ x: { fraction: 1, px: -10 }, y: { fraction: 1, px: -20 } });
  expect(parseObjectPosition('25%')).toEqual({ x: { fraction: 0.25, px: 0 }, y: { fraction: 0.5, px: 0 } });
  expect(parseObjectPosition('calc(50% + 1px) 0%')).toEqual(CENTER);
  expect(parseObjectPosition('nonsense')).toEqual(CENTER);
  expect(parseObjectPosition(undefined)).toEqual(CENTER);
});

test('parseObjectFit defaults to fill for unknown values', () => {
  expect(parseObjectFit('cover')).toBe('cover');
  expect(parseObjectFit('scale-down')).toBe('scale-down');
  expect(parseObjectFit('bogus')).toBe('fill');
  expect(parseObjectFit(null)).toBe('fill');
});

const base: Placement = {
  videoWidth: 640, videoHeight: 480, boxWidth: 800, boxHeight: 300, fit: 'contain', position: CENTER, mirror: false,
};

test('mapBox scales intrinsic pixels into the content rect', () => {
  expect(mapBox([0, 0, 640, 480], base)).toEqual({ x: 200, y: 0, width: 400, height: 300 });
  expect(mapBox([320, 240, 64, 48], base)).toEqual({ x: 400, y: 150, width: 40, height: 30 });
});

test('mapBox mirrors positions about the box centre', () => {
  const m = { ...base, mirror: true };
  // A box at the picture's left edge lands at its right edge once flipped.
  expect(mapBox([0, 0, 64, 48], m)).toEqual({ x: 560, y: 0, width: 40, height: 30 });
  // Mirroring twice is the identity.
  const once = mapBox([100, 50, 80, 60], m)!;
  expect(800 - (once.x + once.width)).toBeCloseTo(mapBox([100, 50, 80, 60], base)!.x);
});

test('mapBox clips to the visible box under cover and drops what is cropped away', () => {
  const cover = { ...base, fit: 'cover' as const };
  // The picture is 800x600, shifted up 150: the top rows are cropped.
  expect(mapBox([0, 0, 640, 480], cover)).toEqual({ x: 0, y: 0, width: 800, height: 300 });
  expect(mapBox([0, 0, 100, 100], cover)).toBeNull();
  expect(mapBox([0, 0, 10, 10], { ...base, videoWidth: 0 })).toBeNull();
});

test('mapBox with mirror under cover and an off-centre position', () => {
  const p: Placement = { ...base, fit: 'none', position: parseObjectPosition('0% 0%'), mirror: true, boxWidth: 1000, boxHeight: 500 };
  expect(mapBox([0, 0, 100, 100], p)).toEqual({ x: 900, y: 0, width: 100, height: 100 });
});

test('backingSize multiplies by the device pixel ratio and guards bad ratios', () => {
  expect(backingSize(400, 300, 2)).toEqual({ width: 800, height: 600 });
  expect(backingSize(400, 300, 1.5)).toEqual({ width: 600, height: 450 });
  expect(backingSize(400, 300, Number.NaN)).toEqual({ width: 400, height: 300 });
  expect(backingSize(0, 0, 1)).toEqual({ width: 1, height: 1 });
});

test('boxModel keeps fractions, and reads border-box sizes as including padding and border', () => {
  const style = (o: Partial<Record<string, string>>) => ({
    width: '0px', height: '0px', boxSizing: 'content-box', paddingLeft: '0px', paddingRight: '0px', paddingTop: '0px', paddingBottom: '0px',
    borderLeftWidth: '0px', borderRightWidth: '0px', borderTopWidth: '0px', borderBottomWidth: '0px', ...o,
  }) as Parameters<typeof boxModel>[0];
  // 50% of 625 px, aspect 4:3: what clientWidth/clientHeight would round to 313x234.
  expect(boxModel(style({ width: '312.5px', height: '234.375px' }))).toEqual({ width: 312.5, height: 234.375, left: 0, top: 0, outerWidth: 312.5, outerHeight: 234.375 });
  const padded = { width: '400px', height: '300px', paddingLeft: '7px', paddingRight: '3px', paddingTop: '5px', paddingBottom: '1px', borderLeftWidth: '2px', borderRightWidth: '2px', borderTopWidth: '4px', borderBottomWidth: '0px' };
  expect(boxModel(style(padded))).toEqual({ width: 400, height: 300, left: 9, top: 9, outerWidth: 414, outerHeight: 310 });
  expect(boxModel(style({ ...padded, boxSizing: 'border-box' }))).toEqual({ width: 386, height: 290, left: 9, top: 9, outerWidth: 400, outerHeight: 300 });
  // Not rendered ('auto') or nonsense: nothing to cover.
  expect(boxModel(style({ width: 'auto', height: 'auto' }))).toMatchObject({ width: 0, height: 0 });
});

test('mapPoint: a normalised point lands where mapBox puts that pixel, mirrored alike, in contain and cover', () => {
  for (const fit of ['contain', 'cover', 'fill'] as const) {
    for (const mirror of [false, true]) {
      const p = { videoWidth: 640, videoHeight: 480, boxWidth: 400, boxHeight: 400, fit, position: CENTER, mirror };
      const box = mapBox([320, 240, 64, 48], p)!;
      const corner = mapPoint(0.5, 0.5, p);
      expect(corner.x, `${fit} mirror ${mirror}`).toBeCloseTo(mirror ? box.x + box.width : box.x, 6);
      expect(corner.y).toBeCloseTo(box.y, 6);
    }
  }
});
