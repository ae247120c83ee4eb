/**
 * The gate worker: reads the motion gate's grey frame off the page's main thread, so the page's
 * cost per frame does not grow with the video's resolution (a 4K luma plane is 8 MB to copy and
 * average; the page only wraps the frame and transfers it, or for a stream source only asks: see
 * gate-feeds.ts). Built by rollup into a string the page starts from a blob URL
 * (dom/gate-worker.ts): no file to serve, nothing for an app's build to find. The reader is the
 * page's own (dom/luma-reader.ts), so the gate decides as before.
 */
import { LumaReader, lumaSizes } from '../dom/luma-reader.js';
import { closeFrame, GateFeeds } from './gate-feeds.js';
import type { GateReadReply, GateRequest } from './gate-protocol.js';

/** What this file uses of a worker's global scope (a fake in the unit tests). */
export interface GateWorkerScope {
  onmessage: ((event: { data: GateRequest }) => void) | null;
  postMessage(message: GateReadReply, transfer: Transferable[]): void;
}

/** Answers read requests and feed wants one at a time (one copy buffer, reused). */
export function serveGateReads(scope: GateWorkerScope): GateFeeds {
  const reader = new LumaReader();
  let queue: Promise<void> = Promise.resolve();

  /** Reads `frame` into a reply to `id`, at the sizes given or (a feed's frame) its own; closes the frame. */
  const answer = async (id: number, frame: VideoFrame, asked?: { srcWidth: number; srcHeight: number; width: number; height: number }): Promise<void> => {
    try {
      const sizes = asked ?? lumaSizes(frame);
      if (!sizes) {
        scope.postMessage({ id, error: `frames in ${frame.format ?? 'no'} format have no luma plane`, unusable: true }, []);
        return;
      }
      const { srcWidth, srcHeight, width, height } = sizes;
      // A new array each time: it is transferred with the reply.
      const pixels = await reader.read(frame, srcWidth, srcHeight, new Uint8Array(width * height), width, height);
      scope.postMessage(asked ? { id, pixels } : { id, pixels, width, height }, [pixels.buffer]);
    } catch (error) {
      scope.postMessage({ id, error: error instanceof Error ? `${error.name}: ${error.message}` : String(error) }, []);
    } finally {
      closeFrame(frame);
    }
  };
  const feeds = new GateFeeds((id, frame) => {
    queue = queue.then(() => answer(id, frame));
  }, (message) => scope.postMessage(message, []));

  scope.onmessage = ({ data }) => {
    if (!data || typeof data !== 'object') return;
    if ('readable' in data) feeds.open(data);
    else if ('want' in data) feeds.want(data);
    else if ('close' in data) feeds.close(data.feed);
    else if ('frame' in data) queue = queue.then(() => answer(data.id, data.frame, data));
  };
  return feeds;
}
