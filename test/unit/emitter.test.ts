import { expect, test } from '@playwright/test';
import { Emitter } from '../../src/emitter.js';

test('Emitter: typed on/emit, unbind, a throwing listener does not stop the others', () => {
  const errors: unknown[] = [];
  const e = new Emitter<{ a: number; b: string }>((err) => errors.push(err));
  const got: number[] = [];
  const off = e.on('a', (n) => got.push(n));
  e.on('a', () => { throw new Error('boom'); });
  e.on('a', (n) => got.push(n * 10));
  e.emit('a', 1);
  off();
  e.emit('a', 2);
  expect(got).toEqual([1, 10, 20]);
  expect(errors).toHaveLength(2);
  expect(e.count('a')).toBe(2);
  expect(e.count()).toBe(2);
  e.clear();
  expect(e.count()).toBe(0);
});
