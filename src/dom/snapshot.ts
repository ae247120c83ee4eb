/**
 * `overlay.snapshot()`: the current frame at its intrinsic size, the right way round (as the
 * camera or file has it, whatever CSS mirroring the page applies), with the boxes, labels and
 * zones drawn when asked, as an image Blob: the picture an alert sends.
 */
import type { Detection } from '../types.js';
import { CENTER, type Placement } from '../core/geometry.js';
import { classColor } from '../core/labels.js';
import { DetectOverlayError, describeValue } from '../errors.js';
import { labelText } from './box-painter.js';
import { drawZones, type ZoneDrawing } from './zone-painter.js';

/** What `snapshot()` takes. */
export interface SnapshotOptions {
  /** Draw the boxes and labels shown now (and the zones and lines). Default `true`. */
  boxes?: boolean;
  /** Image type, e.g. `'image/jpeg'`, `'image/webp'`. Default `'image/png'`. */
  type?: string;
  /** 0..1 for lossy types. Default the browser's. */
  quality?: number;
}

function checked(options: SnapshotOptions | undefined): Required<Pick<SnapshotOptions, 'boxes' | 'type'>> & { quality: number | undefined } {
  const o = options ?? {};
  if (typeof o !== 'object') throw new DetectOverlayError('invalid-option', `snapshot() options must be an object, got ${describeValue(o)}`);
  const type = o.type ?? 'image/png';
  if (typeof type !== 'string' || !/^image\/[\w.+-]+$/.test(type)) throw new DetectOverlayError('invalid-option', `snapshot() type must be an image type such as "image/jpeg", got ${describeValue(type)}`);
  if (o.quality !== undefined && !(typeof o.quality === 'number' && o.quality >= 0 && o.quality <= 1)) {
    throw new DetectOverlayError('invalid-option', `snapshot() quality must be a number from 0 to 1, got ${describeValue(o.quality)}`);
  }
  return { boxes: o.boxes !== false, type, quality: o.quality };
}

function drawBoxes(ctx: CanvasRenderingContext2D, detections: readonly Detection[], lineWidth: number, fontPx: number): void {
  ctx.lineWidth = lineWidth;
  ctx.font = `600 ${fontPx}px system-ui, sans-serif`;
  ctx.textBaseline = 'top';
  for (const d of detections) {
    const [x, y, w, h] = d.bbox;
    const color = classColor(d.label);
    ctx.strokeStyle = color;
    ctx.strokeRect(x + lineWidth / 2, y + lineWidth / 2, Math.max(0, w - lineWidth), Math.max(0, h - lineWidth));
    const text = labelText(d);
    const tw = ctx.measureText(text).width + 8;
    const ty = y - fontPx - 6 >= 0 ? y - fontPx - 6 : y;
    ctx.fillStyle = color;
    ctx.fillRect(x, ty, tw, fontPx + 6);
    ctx.fillStyle = '#000';
    ctx.fillText(text, x + 4, ty + 3);
  }
}

/** The snapshot of `video` now, with `detections` (intrinsic pixels) and `zones` drawn when asked. */
export async function snapshot(video: HTMLVideoElement, detections: readonly Detection[], zones: ZoneDrawing | null, options?: SnapshotOptions): Promise<Blob> {
  const o = checked(options);
  const width = video.videoWidth;
  const height = video.videoHeight;
  if (width === 0 || height === 0) throw new DetectOverlayError('source-not-video', 'snapshot(): the video has no frame yet');
  const canvas = document.createElement('canvas');
  canvas.width = width;
  canvas.height = height;
  const ctx = canvas.getContext('2d');
  if (!ctx) throw new DetectOverlayError('backend-unavailable', 'snapshot(): a 2D canvas context could not be created');
  ctx.drawImage(video, 0, 0, width, height);
  // Scaled to the frame: a 1080p snapshot gets lines and labels that read like the overlay's.
  const unit = Math.max(1, height / 360);
  if (o.boxes) {
    const p: Placement = { videoWidth: width, videoHeight: height, boxWidth: width, boxHeight: height, fit: 'fill', position: CENTER, mirror: false };
    if (zones) {
      ctx.font = `600 ${Math.round(12 * unit)}px system-ui, sans-serif`;
      ctx.textBaseline = 'top';
      drawZones(ctx, zones, p, 2 * unit, Math.round(12 * unit));
    }
    drawBoxes(ctx, detections, 2 * unit, Math.round(13 * unit));
  }
  return new Promise<Blob>((resolve, reject) => {
    try {
      canvas.toBlob((blob) => (blob ? resolve(blob) : reject(new DetectOverlayError('detection-failed', `snapshot(): the browser could not encode ${o.type}`))), o.type, o.quality);
    } catch (error) {
      // A cross-origin video without CORS taints the canvas: the browser refuses to read it.
      if ((error as { name?: string }).name === 'SecurityError') {
        reject(new DetectOverlayError('cross-origin-frame', 'snapshot(): the video is cross-origin without CORS, so its pixels cannot be read; serve it with Access-Control-Allow-Origin and set crossorigin="anonymous" on the <video>', error));
      } else reject(error);
    }
  });
}
