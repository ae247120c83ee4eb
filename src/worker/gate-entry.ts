/**
 * The gate worker: reads the motion gate's grey frame off the page's main thread, so the page's
 * cost per frame does not grow with the video's resolution (a 4K luma plane is 8 MB to copy and
 * average; the page only wraps the frame and transfers it). Built by rollup into a string the
 * page starts from a blob URL (dom/gate-worker.ts): no file to serve, nothing for an app's build to
 * find. The box filter is the page's own (core/motion.ts), so the gate decides as before.
 */
import { downsamplePlane } from '../core/motion.js';
import type { GateReadReply, GateReadRequest } from './gate-protocol.js';

/** What this file uses of a worker's global scope (a fake in the unit tests). */
export interface GateWorkerScope {
  onmessage: ((event: { data: GateReadRequest }) => void) | null;
  postMessage(message: GateReadReply, transfer: Transferable[]): void;
}

/** Largest plane copied (bytes): an 8K I420 frame is 50 MB; anything larger is refused, not allocated. */
export const MAX_FRAME_BYTES = 64 * 1024 * 1024;

/** Answers read requests one at a time (one copy buffer, reused). */
export function serveGateReads(scope: GateWorkerScope): void {
  let buffer = new Uint8Array(0);
  let sums = new Uint32Array(0);
  let queue: Promise<void> = Promise.resolve();

  const read = async (request: GateReadRequest): Promise<Uint8Array> => {
    const { frame, srcWidth, srcHeight, width, height } = request;
    const size = frame.allocationSize();
    if (!(size > 0 && size <= MAX_FRAME_BYTES)) throw new RangeError(`a frame of ${size} bytes`);
    if (buffer.length < size) buffer = new Uint8Array(size);
    const layout = await frame.copyTo(buffer);
    const luma = layout[0];
    if (!luma) throw new Error('the frame has no planes');
    if (sums.length < 2 * width) sums = new Uint32Array(2 * width);
    return downsamplePlane(buffer, luma, srcWidth, srcHeight, new Uint8Array(width * height), width, height, sums);
  };

  const answer = async (request: GateReadRequest): Promise<void> => {
    try {
      const pixels = await read(request);
      scope.postMessage({ id: request.id, pixels }, [pixels.buffer]);
    } catch (error) {
      scope.postMessage({ id: request.id, error: error instanceof Error ? `${error.name}: ${error.message}` : String(error) }, []);
    } finally {
      try {
        request.frame.close();
      } catch {
        // Not a frame (a hostile message): nothing to close.
      }
    }
  };

  scope.onmessage = ({ data }) => {
    queue = queue.then(() => answer(data));
  };
}
