/**
 * What the benchmarks share, page and Node alike (built to bench/build/lib.mjs by
 * rollup.pages.config.js): the SDK's own motion gate and IoU, one median, and objDetect.js's gate.
 */
export { MotionGate, changedFraction, downsamplePlane, gateSize } from '../src/core/motion.js';
export { iou } from '../src/core/detections.js';

/** The middle value (the upper one of an even count); NaN for none. */
export function median(xs: readonly number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  return s.length ? s[Math.floor(s.length / 2)]! : Number.NaN;
}

/** objDetect.js's motion detector: a pixel changed when its R+G+B moved by more than this. */
export const OBJDETECT_DIFF = 10;

/**
 * objDetect.js's motion score between two frames: the share of pixels whose R+G+B changed by more
 * than OBJDETECT_DIFF. `channels` 4: RGBA pixels (a canvas's ImageData); 1: each value is already
 * a pixel's R+G+B.
 */
export function objDetectChangedShare(a: ArrayLike<number>, b: ArrayLike<number>, channels: 1 | 4): number {
  let changed = 0;
  for (let i = 0; i < a.length; i += channels) {
    const d = channels === 4 ? a[i]! + a[i + 1]! + a[i + 2]! - (b[i]! + b[i + 1]! + b[i + 2]!) : a[i]! - b[i]!;
    if (d > OBJDETECT_DIFF || d < -OBJDETECT_DIFF) changed++;
  }
  return changed / (a.length / channels);
}
export { Tracker } from '../src/core/tracker.js';
export { ShownBoxes } from '../src/core/shown-boxes.js';
export { resolveOptions } from '../src/options/resolve.js';
export { shownOptions } from '../src/options/views.js';
