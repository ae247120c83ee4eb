import { expect, test } from '@playwright/test';
import {
  IDENTITY, apply, determinant, elementLinear, invert, isHorizontalFlip, isIdentity, multiply,
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

test('a horizontal flip is a mirror; a vertical flip and a 180 degree turn are not', () => {
  expect(isHorizontalFlip(scaleLinear('-1 1'))).toBe(true);
  expect(isHorizontalFlip(rotateLinear('y 180deg'))).toBe(true);
  expect(isHorizontalFlip(transformLinear('matrix(-2, 0, 0, 2, 0, 0)'))).toBe(true);
  expect(isHorizontalFlip(scaleLinear('1 -1'))).toBe(false);
  expect(isHorizontalFlip(rotateLinear('180deg'))).toBe(false);
  expect(isHorizontalFlip(IDENTITY)).toBe(false);
  // The video's own computed transform, as mirror: 'auto' reads it.
  expect(isHorizontalFlip(transformLinear('matrix(-1, 0, 0, 1, 0, 0)'))).toBe(true);
  expect(isHorizontalFlip(transformLinear('matrix(-1, 0, 0, -1, 0, 0)'))).toBe(false);
  expect(isHorizontalFlip(transformLinear('matrix(2, 0, 0, 2, 0, 0)'))).toBe(false);
});
