/**
 * The gate worker: reads the motion gate's grey frame off the page's main thread, so the page's
 * cost per frame does not grow with the video's resolution (a 4K luma plane is 8 MB to copy and
 * average; the page only wraps the frame and transfers it). Built by rollup into a string the
 * page starts from a blob URL (dom/gate-worker.ts): no file to serve, nothing for an app's build to
 * find. The reader is the page's own (dom/luma-reader.ts), so the gate decides as before.
 */
import { LumaReader } from '../dom/luma-reader.js';
import type { GateReadReply, GateReadRequest } from './gate-protocol.js';

/** What this file uses of a worker's global scope (a fake in the unit tests). */
export interface GateWorkerScope {
  onmessage: ((event: { data: GateReadRequest }) => void) | null;
  postMessage(message: GateReadReply, transfer: Transferable[]): void;
}

/** Answers read requests one at a time (one copy buffer, reused). */
export function serveGateReads(scope: GateWorkerScope): void {
  const reader = new LumaReader();
  let queue: Promise<void> = Promise.resolve();

  const answer = async (request: GateReadRequest): Promise<void> => {
    const { frame, srcWidth, srcHeight, width, height } = request;
    try {
      // A new array each time: it is transferred with the reply.
      const pixels = await reader.read(frame, srcWidth, srcHeight, new Uint8Array(width * height), width, height);
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
