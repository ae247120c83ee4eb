import { expect, test } from '@playwright/test';
import {
  IDENTITY, apply, determinant, elementLinear, invert, FLIP_X, isIdentity, multiply, splitMirror, type Linear,
  rotateLinear, scaleLinear, transformLinear,
} from '../../src/core/transform.js';

const close = (m: { a: number; b: number; c: number; d: number }, want: [number, number, number, number]) => {
  [m.a, m.b, m.c, m.d].forEach((v, i) => expect(v).toBeCloseTo(want[i]!, 9));
};

test('computed transform strings: none, matrix, matrix3d (its x/y block); junk is the identity', () => {
  expect(transformLinear('none')).toEqual(IDENTITY);
  close(transformLinear('matrix(-1, 0, 0, 1, 0, 0)'), [-1, 0, 0, 1]);
  close(transformLinear('matrix(0, 1, -1, 0, 12, 5)'), [0, 1, -1, 0]); // rotate(90deg), translation dropped
  // rotateY(180deg) as Chromium computes it.
  close(transformLinear('matrix3d(-1, 0, -1.22465e-16, 0, 0, 1, 0, 0, 1.22465e-16, 0, -1, 0, 0, 0, 0, 1)'), [-1, 0, 0, 1]);
  expect(transformLinear('matrix(a, b)')).toEqual(IDENTITY);
  expect(transformLinear(undefined)).toEqual(IDENTITY);
});

test('the scale and rotate properties', () => {
  expect(scaleLinear('none')).toEqual(IDENTITY);
  expect(scaleLinear('')).toEqual(IDENTITY);
  close(scaleLinear('-1 1'), [-1, 0, 0, 1]);
  close(scaleLinear('2'), [2, 0, 0, 2]);
  close(scaleLinear('0.5 2 1'), [0.5, 0, 0, 2]);
  expect(rotateLinear('none')).toEqual(IDENTITY);
  close(rotateLinear('90deg'), [0, 1, -1, 0]);
  close(rotateLinear('z 0.5turn'), [-1, 0, 0, -1]);
  close(rotateLinear('y 180deg'), [-1, 0, 0, 1]); // a left-right flip seen from the front
  close(rotateLinear('x 180deg'), [1, 0, 0, -1]);
  close(rotateLinear('0 0 2 1.5707963267948966rad'), [0, 1, -1, 0]); // axis length does not matter
  expect(rotateLinear('0 0 0 90deg')).toEqual(IDENTITY);
});

test('an element composes rotate, then scale, then transform (innermost); maps multiply, invert and apply', () => {
  // scale: -1 1 with rotate: 90deg: first flip x, then turn.
  close(elementLinear({ rotate: '90deg', scale: '-1 1', transform: 'none' }), [0, -1, -1, 0]);
  close(elementLinear({ transform: 'matrix(2, 0, 0, 2, 0, 0)' }), [2, 0, 0, 2]);
  const m = multiply(rotateLinear('30deg'), scaleLinear('2 3'));
  close(multiply(m, invert(m)), [1, 0, 0, 1]);
  expect(determinant(m)).toBeCloseTo(6, 9);
  const p = apply(m, 1, 0);
  expect([p.x, p.y].map((v) => Math.round(v * 1000) / 1000)).toEqual([1.732, 1]);
  expect(invert({ a: 0, b: 0, c: 0, d: 0 })).toEqual(IDENTITY);
  expect(isIdentity(multiply(rotateLinear('90deg'), rotateLinear('-90deg')))).toBe(true);
  expect(isIdentity(rotateLinear('1deg'))).toBe(false);
});

test('how a picture is shown splits into a mirror (boxes placed mirrored) and a shape (the canvas\'s transform)', () => {
  const split = (m: Linear) => {
    const r = splitMirror(m);
    return [r.mirrored, ...[r.shape.a, r.shape.b, r.shape.c, r.shape.d].map((v) => Math.round(v * 1000) / 1000 + 0)];
  };
  // A selfie mirror: all mirror, no shape (the canvas stays unflipped, text readable).
  expect(split(transformLinear('matrix(-1, 0, 0, 1, 0, 0)'))).toEqual([true, 1, 0, 0, 1]);
  expect(split(scaleLinear('-1 1'))).toEqual([true, 1, 0, 0, 1]);
  expect(split(rotateLinear('y 180deg'))).toEqual([true, 1, 0, 0, 1]);
  // Upside down (scaleY(-1)) is a mirror and a 180° turn.
  expect(split(scaleLinear('1 -1'))).toEqual([true, -1, 0, 0, -1]);
  // No flip: all shape.
  expect(split(IDENTITY)).toEqual([false, 1, 0, 0, 1]);
  expect(split(rotateLinear('180deg'))).toEqual([false, -1, 0, 0, -1]);
  expect(split(transformLinear('matrix(1.5, 0, 0, 1.5, 0, 0)'))).toEqual([false, 1.5, 0, 0, 1.5]);
  // A zoomed mirror keeps its zoom as shape; a turned mirror its turn.
  expect(split(transformLinear('matrix(-2, 0, 0, 2, 0, 0)'))).toEqual([true, 2, 0, 0, 2]);
  expect(split(multiply(rotateLinear('90deg'), FLIP_X))).toEqual([true, 0, 1, -1, 0]);
  // Whatever the split, shape·FLIP_X (mirrored) or shape gives back the map.
  for (const m of [scaleLinear('1 -1'), multiply(rotateLinear('30deg'), scaleLinear('-2 1')), rotateLinear('1 1 0 180deg')]) {
    const r = splitMirror(m);
    const back = r.mirrored ? multiply(r.shape, FLIP_X) : r.shape;
    expect([back.a, back.b, back.c, back.d].map((v) => v.toFixed(6))).toEqual([m.a, m.b, m.c, m.d].map((v) => v.toFixed(6)));
  }
});
