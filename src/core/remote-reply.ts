/**
 * Parsing a detection server's reply. Two formats are accepted:
 * - objDetect.js's (the webrtcHacks objDetect server): `[{ class_name, score, x, y, width, height }]`
 *   where x, y, width, height are the box's left, top, right and bottom as 0..1 fractions;
 * - ours: `Detection[]`, `{ label, score, bbox: [x, y, w, h] }` in the posted frame's pixels.
 */
import type { Detection } from '../types.js';
import { DetectOverlayError } from '../errors.js';

const isNum = (v: unknown): v is number => typeof v === 'number' && Number.isFinite(v);

function bad(index: number, item: unknown): DetectOverlayError {
  return new DetectOverlayError('detection-failed',
    `the detection server's reply item ${index} is neither {class_name, score, x, y, width, height} nor {label, score, bbox}: ${JSON.stringify(item)?.slice(0, 120)}`);
}

/** Turns a parsed JSON reply into detections in the pixels of a `width` x `height` frame. */
export function parseRemoteReply(body: unknown, width: number, height: number): Detection[] {
  if (!Array.isArray(body)) {
    throw new DetectOverlayError('detection-failed', `the detection server's reply is not a JSON array: ${JSON.stringify(body)?.slice(0, 120)}`);
  }
  return body.map((item: unknown, i): Detection => {
    if (typeof item !== 'object' || item === null) throw bad(i, item);
    const o = item as Record<string, unknown>;
    if (typeof o.class_name === 'string' && isNum(o.score) && isNum(o.x) && isNum(o.y) && isNum(o.width) && isNum(o.height)) {
      const left = Math.min(o.x, o.width);
      const right = Math.max(o.x, o.width);
      const top = Math.min(o.y, o.height);
      const bottom = Math.max(o.y, o.height);
      return { label: o.class_name, score: o.score, bbox: [left * width, top * height, (right - left) * width, (bottom - top) * height] };
    }
    const b = o.bbox;
    if (typeof o.label === 'string' && isNum(o.score) && Array.isArray(b) && b.length === 4 && b.every(isNum)) {
      const [x, y, w, h] = b as [number, number, number, number];
      return { label: o.label, score: o.score, bbox: [x, y, w, h] };
    }
    throw bad(i, item);
  });
}
