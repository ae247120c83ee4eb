import { expect, test } from '@playwright/test';
import { DetectOverlayError, describeValue, isDetectOverlayError, toDetectOverlayError } from '../../src/errors.js';

test('errors carry a code, a cause and a readable value', () => {
  const cause = new Error('inner');
  const e = new DetectOverlayError('model-load-failed', 'x', cause);
  expect(e).toBeInstanceOf(Error);
  expect(e.name).toBe('DetectOverlayError');
  expect(e.cause).toBe(cause);
  expect(e.message).toBe('[detect-overlay] model-load-failed: x');
  expect(isDetectOverlayError(e, 'model-load-failed')).toBe(true);
  expect(isDetectOverlayError(e, 'destroyed')).toBe(false);
  expect(toDetectOverlayError('str', 'detection-failed', 'ctx').message).toMatch(/ctx: str/);
  expect(toDetectOverlayError(e, 'destroyed', 'ctx')).toBe(e);
  expect(describeValue('a')).toBe('"a"');
  expect(describeValue(Number.NaN)).toBe('NaN');
  expect(describeValue({ a: 1 })).toBe('{"a":1}');
  expect(describeValue(() => 1)).toBe('a function');
});
