/**
 * A decoded frame's luma (Y) plane, box-filtered down to the gate's grey frame: `copyTo` into a
 * buffer kept between frames, then core/motion.ts's box filter. One implementation for both places
 * that read it, the page's main thread (frame-grabber.ts) and the gate worker (worker/gate-entry.ts),
 * so both give the same pixels. Works in a worker (only `VideoFrame`, no DOM).
 */
import { downsamplePlane } from '../core/motion.js';

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
