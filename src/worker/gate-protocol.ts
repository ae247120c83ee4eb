/**
 * The messages between the page and the gate worker (gate-entry.ts): the page transfers the
 * decoded `VideoFrame`; the worker copies its luma plane, box-filters it to the gate's size and
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

export type GateReadReply =
  /** `pixels`: width x height grey values, transferred. */
  | { id: number; pixels: Uint8Array }
  | { id: number; error: string };
