/**
 * The page's shared models (detector/model-cache.ts): one load per model, and a detector made early
 * (its files downloading while the page's backend starts) is the one that load takes, or is dropped.
 */
import { expect, test } from '@playwright/test';
import { ModelCache } from '../../src/detector/model-cache.js';
import type { PlacedModelOptions } from '../../src/options/views.js';
import type { Detector } from '../../src/types.js';

const OPTIONS = { detector: 'centernet', base: 'lite_mobilenet_v2', modelUrl: 'http://127.0.0.1/m/centernet.json', worker: false, backend: 'auto' } as unknown as PlacedModelOptions;

function fakes() {
  const made: Array<{ id: number; loads: number; disposed: number; started: number }> = [];
  const create = (): Detector => {
    const state = { id: made.length + 1, loads: 0, disposed: 0, started: 0 };
    made.push(state);
    return Object.assign({ name: `d${state.id}`, state, async load() { state.loads++; }, async detect() { return []; }, dispose() { state.disposed++; } });
  };
  const start = (d: Detector): void => { (d as unknown as { state: { started: number } }).state.started++; };
  return { made, create, start };
}

test('a detector made early is the one the next load takes: made and started once, loaded once, shared', async () => {
  const cache = new ModelCache(() => 0);
  const { made, create, start } = fakes();
  const drop = cache.early(OPTIONS, create, start);
  // A second overlay attaching at the same time: nothing more is made or started.
  const dropOther = cache.early(OPTIONS, create, start);
  expect(made).toEqual([{ id: 1, loads: 0, disposed: 0, started: 1 }]);
  const a = await cache.acquire(OPTIONS, {}, create);
  const b = await cache.acquire(OPTIONS, {}, create);
  expect(a.detector.name).toBe('d1');
  expect(b.detector).toBe(a.detector);
  drop();
  dropOther();
  drop();
  expect(made).toEqual([{ id: 1, loads: 1, disposed: 0, started: 1 }]);
  // Loaded (or loading) already: early makes nothing.
  cache.early(OPTIONS, create, start)();
  expect(made).toHaveLength(1);
  a.release();
  b.release();
  await Promise.resolve();
  expect(made[0]!.disposed).toBe(1);
});

test('a detector made early that no load takes (the backend failed) is disposed by its drop, and the next load makes a fresh one', async () => {
  const cache = new ModelCache(() => 0);
  const { made, create, start } = fakes();
  cache.early(OPTIONS, create, start)();
  expect(made).toEqual([{ id: 1, loads: 0, disposed: 1, started: 1 }]);
  const lease = await cache.acquire(OPTIONS, {}, create);
  expect(lease.detector.name).toBe('d2');
  // A user's own detector object is never made early.
  const own = { ...OPTIONS, detector: create() } as unknown as PlacedModelOptions;
  cache.early(own, create, start);
  expect(made.map((m) => m.started)).toEqual([1, 0, 0]);
  lease.release();
});
