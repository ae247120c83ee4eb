/**
 * A decoded frame's luma (Y) plane, box-filtered down to the gate's grey frame: `copyTo` into a
 * buffer kept between frames, then core/motion.ts's box filter. One implementation for both places
 * that read it, the page's main thread (frame-grabber.ts) and the gate worker (worker/gate-entry.ts),
 * so both give the same pixels. Works in a worker (only `VideoFrame`, no DOM).
 */
import { downsamplePlane, gateSize } from '../core/motion.js';

/**
 * Gate frames are this wide (80x60 for 4:3): a walking person is still a few pixels, sensor
 * noise averages out, and the readback is tiny. Measured on the shared clips.
 */
export const GATE_WIDTH = 80;

/** 8-bit formats whose first plane is luma (Y): the grey frame is that plane, scaled down. */
export const LUMA_FIRST: ReadonlySet<string> = new Set<string>(['I420', 'I420A', 'I422', 'I422A', 'I444', 'I444A', 'NV12']);

/** A frame's visible size and its grey frame's size. */
export interface LumaSizes {
  srcWidth: number;
  srcHeight: number;
  width: number;
  height: number;
}

/** The sizes to read `frame` at; null when its format has no luma plane first (RGB, high bit depth). */
export function lumaSizes(frame: VideoFrame): LumaSizes | null {
  if (!frame.format || !LUMA_FIRST.has(frame.format)) return null;
  const { width: srcWidth, height: srcHeight } = frame.visibleRect ?? { width: frame.codedWidth, height: frame.codedHeight };
  return { srcWidth, srcHeight, ...gateSize(srcWidth, srcHeight, GATE_WIDTH) };
}

/** Largest frame copied (bytes): an 8K I420 frame is 50 MB; anything larger is refused, not allocated. */
export const MAX_FRAME_BYTES = 64 * 1024 * 1024;

export class LumaReader {
  private buffer = new Uint8Array(0);
  private sums = new Uint32Array(0);

  /**
   * Fills `out` (`width` x `height`) from the frame's luma plane, `srcWidth` x `srcHeight` of it.
   * The caller checked the format (luma first) and owns the frame. Throws on a frame it cannot read.
   */
  async read(frame: VideoFrame, srcWidth: number, srcHeight: number, out: Uint8Array, width: number, height: number): Promise<Uint8Array> {
    const size = frame.allocationSize();
    if (!(size > 0 && size <= MAX_FRAME_BYTES)) throw new RangeError(`a frame of ${size} bytes`);
    if (this.buffer.length < size) this.buffer = new Uint8Array(size);
    const layout = await frame.copyTo(this.buffer);
    const luma = layout[0];
    if (!luma) throw new Error('the frame has no planes');
    if (this.sums.length < 2 * width) this.sums = new Uint32Array(2 * width);
    return downsamplePlane(this.buffer, luma, srcWidth, srcHeight, out, width, height, this.sums);
  }

  /** Frees the copy buffer (a 4K frame's is 12 MB). */
  clear(): void {
    this.buffer = new Uint8Array(0);
  }
}
