/**
 * What a detector returns is checked where it enters the SDK, whoever made it (a built-in model,
 * a detection server's reply, a user's detector object): an array of at most MAX_DETECTIONS items,
 * each `{ label: string, score: 0..1, bbox: four finite numbers }`. Pure.
 */
import type { Detection } from '../types.js';
import { DetectOverlayError, describeValue } from '../errors.js';

/** More boxes than this from one frame is a broken detector, not a busy scene. */
export const MAX_DETECTIONS = 1000;

const isNum = (v: unknown): v is number => typeof v === 'number' && Number.isFinite(v);

function bad(detector: string, message: string): DetectOverlayError {
  return new DetectOverlayError('detection-failed', `detector ${describeValue(detector)} ${message}`);
}

/** The detections in `value`, copied; `detection-failed` naming the first bad item otherwise. */
export function checkDetectorResult(value: unknown, detector: string): Detection[] {
  if (!Array.isArray(value)) {
    throw bad(detector, `returned ${describeValue(value)} from detect(); expected an array of { label, score, bbox } (empty for nothing found)`);
  }
  if (value.length > MAX_DETECTIONS) throw bad(detector, `returned ${value.length} detections for one frame; at most ${MAX_DETECTIONS} are accepted`);
  return value.map((item: unknown, i): Detection => {
    const o = (typeof item === 'object' && item !== null ? item : {}) as Record<string, unknown>;
    const b = o.bbox;
    if (typeof o.label !== 'string' || !Array.isArray(b) || b.length !== 4 || !b.every(isNum)) {
      throw bad(detector, `returned item ${i} that is not { label: string, score: number, bbox: [x, y, width, height] }: ${describeValue(item)}`);
    }
    if (!isNum(o.score) || o.score < 0 || o.score > 1) {
      throw bad(detector, `returned item ${i} (${describeValue(o.label)}) with score ${describeValue(o.score)}; scores are 0..1`);
    }
    const [x, y, w, h] = b as [number, number, number, number];
    return { label: o.label, score: o.score, bbox: [x, y, w, h] };
  });
}
