/**
 * Type-level tests: checked by `tsc --noEmit` (npm test runs it first). The @ts-expect-error
 * lines fail the typecheck if the API ever accepts them.
 */
import { expect, test } from '@playwright/test';
import type { DetectOverlay } from '../../src/detect-overlay.js';
import type { DetectOverlayOptions } from '../../src/types.js';

function typeChecks(overlay: DetectOverlay): void {
  overlay.on('detections', (e) => e.detections[0]?.bbox[3]);
  overlay.on('error', (e) => e.code === 'cross-origin-frame');
  overlay.on('stats', (s) => s.avgInferenceMs.toFixed(1));
  overlay.on('motion', (m) => m.reason === 'heartbeat');
  // @ts-expect-error unknown event
  overlay.on('detection', () => {});
  // @ts-expect-error payload of detections has no code
  overlay.on('detections', (e) => e.code);
  const off: () => void = overlay.on('ready', (r) => r.backend);
  off();
  overlay.update({ scoreThreshold: 0.6, mirror: 'auto' });
  // @ts-expect-error mirror takes boolean | 'auto'
  overlay.update({ mirror: 'yes' });
  const options: DetectOverlayOptions = { detector: 'centernet', backend: 'wasm', classes: ['person'] };
  // @ts-expect-error no such detector
  const bad: DetectOverlayOptions = { detector: 'yolo' };
  void options;
  void bad;
}

test('type checks compile (see tsc)', () => {
  expect(typeof typeChecks).toBe('function');
});
