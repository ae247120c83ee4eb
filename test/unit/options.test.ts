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
];

for (const [key, value, message] of bad) {
  test(`invalid-option names ${key}=${String(value)}`, () => {
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
