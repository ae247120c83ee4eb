/**
 * The messages between the page and the gate worker (gate-entry.ts). Two ways to a grey frame:
 * the page transfers a decoded `VideoFrame` it wrapped (a file `<video>`), or, for a stream
 * source, the page transfers a readable of the track's own frames once (a feed) and then only asks
 * for the next grey frame; the worker reads the luma plane, box-filters it to the gate's size and
 * transfers the grey pixels back. Types only.
 */

/** A frame to read: the page has checked its format (luma first) and worked out both sizes. */
export interface GateReadRequest {
  id: number;
  /** Transferred: the worker closes it. */
  frame: VideoFrame;
  /** The frame's visible size. */
  srcWidth: number;
  srcHeight: number;
  /** The grey frame's size. */
  width: number;
  height: number;
}

/** A feed opens: the worker reads the track's frames from `readable` (transferred) and keeps only the newest. */
export interface GateFeedOpen {
  feed: number;
  readable: ReadableStream<VideoFrame>;
}

/** The grey frame of the feed's newest frame not read yet (the next one to come if there is none). */
export interface GateFeedWant {
  feed: number;
  want: number;
}

/** The feed ends: the worker cancels its readable and closes the frame it holds. */
export interface GateFeedClose {
  feed: number;
  close: true;
}

export type GateRequest = GateReadRequest | GateFeedOpen | GateFeedWant | GateFeedClose;

export type GateReadReply =
  /** `pixels`: width x height grey values, transferred (a feed's reply says its size; a read's is the one asked). */
  | { id: number; pixels: Uint8Array; width?: number; height?: number }
  /** `unusable`: the feed cannot serve (its frames have no luma plane, its stream ended): read this source another way. */
  | { id: number; error: string; unusable?: boolean };
