import { expect, test } from '@playwright/test';
import { DEFAULTS, resolveOptions, resolveUpdate, validateOptions } from '../../src/options/resolve.js';
import { DetectOverlayError } from '../../src/errors.js';
import type { Detector } from '../../src/types.js';

function codeOf(fn: () => unknown): { code: string; message: string } {
  try {
    fn();
  } catch (error) {
    expect(error).toBeInstanceOf(DetectOverlayError);
    return { code: (error as DetectOverlayError).code, message: (error as DetectOverlayError).message };
  }
  throw new Error('expected a throw');
}

test('resolveOptions fills every default', () => {
  const o = resolveOptions();
  expect(o).toMatchObject(DEFAULTS);
  expect(o.detector).toBe('coco-ssd');
  expect(o.sampleWidth).toBe(640);
  expect(o.maxSkipMs).toBe(2000);
  expect(o.maxDetections).toBe(20);
  expect(o.scoreThreshold).toBeUndefined();
});

test('explicit 0 and false are kept (?? not ||)', () => {
  const o = resolveOptions({ maxFps: 0, motion: false, scoreThreshold: 0, maxSkipMs: 0, mirror: false, holdMs: 0 });
  expect(o).toMatchObject({ maxFps: 0, motion: false, scoreThreshold: 0, maxSkipMs: 0, mirror: false, holdMs: 0 });
});

test('the ancestor names are aliases; the new name wins when both are given', () => {
  expect(resolveOptions({ uploadWidth: 320 }).sampleWidth).toBe(320);
  expect(resolveOptions({ changeThreshold: 0.1 }).motionThreshold).toBe(0.1);
  expect(resolveOptions({ uploadWidth: 320, sampleWidth: 480 }).sampleWidth).toBe(480);
});

test('the caller\'s options object is not modified', () => {
  const input = { uploadWidth: 320 };
  resolveOptions(input);
  expect(input).toEqual({ uploadWidth: 320 });
});

const bad: Array<[string, unknown, RegExp]> = [
  ['scoreThreshold', 1.5, /scoreThreshold.*1\.5/],
  ['scoreThreshold', Number.NaN, /scoreThreshold.*NaN/],
  ['scoreThreshold', '0.5', /scoreThreshold.*"0\.5"/],
  ['sampleWidth', 10, /sampleWidth.*10/],
  ['sampleWidth', 100.5, /integer.*100\.5/],
  ['maxFps', -1, /maxFps/],
  ['maxDetections', 0, /maxDetections/],
  ['detector', 'yolo', /detector.*"yolo"/],
  ['backend', 'webgpu', /backend.*"webgpu"/],
  ['base', 'resnet', /base.*"resnet"/],
  ['mirror', 'yes', /mirror.*"yes"/],
  ['motion', 1, /motion.*1/],
  ['followMotion', 'no', /"followMotion" must be true or false, got "no"/],
  ['classes', 'person', /classes.*"person"/],
  ['classes', [''], /classes/],
  ['modelUrl', '', /modelUrl/],
  ['container', 42, /container.*42/],
  ['signal', {}, /signal/],
  ['onProgress', 'x', /onProgress/],
  ['uploadWidth', 5, /sampleWidth.*5/],
  ['scoreThresholds', { person: 2 }, /"scoreThresholds" must be an object of class names to scores from 0 to 1/],
  ['scoreThresholds', [0.5], /scoreThresholds.*\[0\.5\]/],
  ['scoreThresholds', { '': 0.5 }, /scoreThresholds/],
  ['minHits', 0, /"minHits" must be an integer from 1 to 100, got 0/],
  ['maxLostMs', -1, /maxLostMs/],
  ['trackLowScore', Number.NaN, /trackLowScore.*NaN/],
  ['tracking', 'yes', /"tracking" must be true or false/],
];

test('scoreThresholds: copied without a prototype, capped at 200 classes', () => {
  const o = resolveOptions({ scoreThresholds: { person: 0.4, constructor: 0.9, 'sports ball': 0.6 } });
  expect(Object.getPrototypeOf(o.scoreThresholds)).toBeNull();
  expect({ ...o.scoreThresholds }).toEqual({ person: 0.4, constructor: 0.9, 'sports ball': 0.6 });
  const many = Object.fromEntries(Array.from({ length: 201 }, (_, i) => [`c${i}`, 0.5]));
  expect(codeOf(() => resolveOptions({ scoreThresholds: many })).message).toMatch(/at most 200/);
  // Tracking options are live: update() takes them.
  expect(resolveUpdate(resolveOptions(), { tracking: false, minHits: 3, scoreThresholds: { dog: 0.7 } })).toMatchObject({ tracking: false, minHits: 3 });
});

for (const [key, value, message] of bad) {
  test(`invalid-option names ${key}=${JSON.stringify(value) ?? String(value)}`, () => {
    const e = codeOf(() => resolveOptions({ [key]: value } as never));
    expect(e.code).toBe('invalid-option');
    expect(e.message).toMatch(message);
  });
}

test('options that are not an object are refused', () => {
  expect(codeOf(() => validateOptions('fast')).message).toMatch(/options.*"fast"/);
  expect(codeOf(() => validateOptions([1])).code).toBe('invalid-option');
});

test('unknown keys warn and do not fail', () => {
  const warnings: string[] = [];
  resolveOptions({ scoreTreshold: 0.3 } as never, (m) => warnings.push(m));
  expect(warnings).toEqual(['unknown option "scoreTreshold" ignored']);
});

test('a user detector object is accepted as detector', () => {
  const d: Detector = { name: 'mine', load: async () => {}, detect: async () => [], dispose: () => {} };
  expect(resolveOptions({ detector: d }).detector).toBe(d);
});

test('resolveUpdate applies live options and refuses restart-only ones', () => {
  const cur = resolveOptions({ detector: 'centernet' });
  const next = resolveUpdate(cur, { scoreThreshold: 0.7, mirror: true });
  expect(next).toMatchObject({ scoreThreshold: 0.7, mirror: true, detector: 'centernet' });
  expect(cur.scoreThreshold).toBeUndefined();
  const e = codeOf(() => resolveUpdate(cur, { backend: 'wasm' }));
  expect(e.code).toBe('invalid-option');
  expect(e.message).toMatch(/"backend" cannot change with update\(\)/);
  expect(codeOf(() => resolveUpdate(cur, { maxFps: Number.NaN })).code).toBe('invalid-option');
});

test('worker: true, false or "auto" (the default), restart-only; insisting on it is for the built-in models only', () => {
  expect(resolveOptions({ worker: true, detector: 'centernet' }).worker).toBe(true);
  expect(resolveOptions({ worker: false }).worker).toBe(false);
  expect(resolveOptions({}).worker).toBe('auto');
  expect(() => resolveOptions({ worker: 'yes' as unknown as boolean })).toThrow(/option "worker" must be true, false or "auto", got "yes"/);
  expect(() => resolveOptions({ workerUrl: '' })).toThrow(/option "workerUrl" must be a non-empty string/);
  const mine = { name: 'mine', async load() {}, async detect() { return []; }, dispose() {} };
  expect(() => resolveOptions({ worker: true, detector: mine })).toThrow(/"worker" runs the built-in models only.*"mine"/);
  // 'auto' (the default) simply keeps a detector object on the page.
  expect(resolveOptions({ detector: mine }).worker).toBe('auto');
  expect(() => resolveUpdate(resolveOptions({}), { worker: true })).toThrow(/option "worker" cannot change with update\(\)/);
});

test('zones and lines: each bad one is invalid-option naming the item and what is wrong; good ones are copied', () => {
  const square = [[0.1, 0.1], [0.5, 0.1], [0.5, 0.5], [0.1, 0.5]];
  const message = (o: object): string => codeOf(() => resolveOptions(o)).message;
  expect(message({ zones: [{ name: 'bow', points: [[0, 0], [1, 1], [1, 0], [0, 1]] }] })).toMatch(/zones\[0\] "bow": edges 0 and 2 cross/);
  expect(message({ zones: [{ name: 'flat', points: [[0, 0], [0.5, 0.5], [1, 1]] }] })).toMatch(/zones\[0\] "flat": the polygon has no area/);
  expect(message({ zones: [{ name: 'out', points: [[0, 0], [1.5, 0], [1, 1]] }] })).toMatch(/zones\[0\] "out": point 1 is not \[x, y\] within 0\.\.1/);
  expect(message({ zones: [{ name: 'nan', points: [[0, 0], [Number.NaN, 0], [1, 1]] }] })).toMatch(/point 1/);
  expect(message({ zones: [{ name: 'two', points: [[0, 0], [1, 1]] }] })).toMatch(/points must be 3 to 1000 corners/);
  const huge = Array.from({ length: 10_000 }, (_, i) => [0.5 + 0.4 * Math.cos(i / 1591.5), 0.5 + 0.4 * Math.sin(i / 1591.5)]);
  expect(message({ zones: [{ name: 'huge', points: huge }] })).toMatch(/points must be 3 to 1000 corners/);
  expect(message({ zones: [{ name: 'a', points: square }, { name: 'a', points: square }] })).toMatch(/zones\[1\]: the name "a" is used twice/);
  expect(message({ zones: [{ points: square }] })).toMatch(/zones\[0\] has no name/);
  expect(message({ zones: 'door' })).toMatch(/"zones" must be a list of at most 50 zones/);
  expect(message({ lines: [{ name: 'dot', from: [0.5, 0.5], to: [0.5, 0.5] }] })).toMatch(/lines\[0\] "dot": from and to are the same point/);
  expect(message({ lines: [{ name: 'far', from: [0, 0], to: [2, 0] }] })).toMatch(/lines\[0\] "far": from and to must be \[x, y\] within 0\.\.1/);
  expect(message({ anchor: 'top' })).toMatch(/"anchor" must be one of "bottom", "center"/);
  // A 1000-corner circle is checked quickly enough (the crossing check is quadratic).
  const circle = Array.from({ length: 1000 }, (_, i) => [0.5 + 0.4 * Math.cos((2 * Math.PI * i) / 1000), 0.5 + 0.4 * Math.sin((2 * Math.PI * i) / 1000)]);
  const o = resolveOptions({ zones: [{ name: 'round', points: circle as Array<[number, number]>, classes: [' person '] }], lines: [{ name: 'road', from: [0, 0.6], to: [1, 0.6] }] });
  expect(o.zones![0]!.points).toHaveLength(1000);
  expect(o.zones![0]!.classes).toEqual(['person']);
  expect(o.lines).toEqual([{ name: 'road', from: [0, 0.6], to: [1, 0.6], classes: undefined }]);
});

test('zones and lines need tracking: asking for both off is invalid-option, at attach and on update', () => {
  const zones = [{ name: 'door', points: [[0, 0], [1, 0], [1, 1]] as Array<[number, number]> }];
  expect(codeOf(() => resolveOptions({ zones, tracking: false })).message).toMatch(/"zones" and "lines" follow tracked objects: they need "tracking" on/);
  expect(codeOf(() => resolveUpdate(resolveOptions({ zones }), { tracking: false })).code).toBe('invalid-option');
  expect(resolveUpdate(resolveOptions({ zones }), { tracking: false, zones: [] }).tracking).toBe(false);
});
