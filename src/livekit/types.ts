/** The public types of `detect-overlay/livekit`. */
import type { DetectOverlay } from '../detect-overlay.js';
import type { Listener } from '../emitter.js';
import type { DetectOverlayError } from '../errors.js';
import type { DetectOverlayOptions } from '../types.js';
import type { DetectionsEvent, TrackEvent } from '../event-types.js';

/** Options of `attachToRoom`: every overlay option, plus which tracks to watch. */
export interface RoomOverlayOptions extends DetectOverlayOptions {
  /** Only these participant identities (or those the function accepts). Default: everyone. */
  participants?: string[] | ((identity: string) => boolean);
  /** Only tracks of these sources (`'camera'`, `'screen_share'`, ...). Default: all video. */
  sources?: string[];
}

/** Which track an event is about. */
export interface TrackRef {
  participant: string;
  trackSid: string;
  source: string;
}

export interface RoomDetectionsEvent extends DetectionsEvent, TrackRef {}

export interface RoomOverlayEvents {
  /** Boxes from one participant's track. */
  detections: RoomDetectionsEvent;
  /** An overlay started on a track; again, with a new overlay, each time it moves to another element. */
  attached: TrackRef & { overlay: DetectOverlay };
  /** An overlay on a track was destroyed (unsubscribed, participant left, room disconnected). */
  detached: TrackRef;
  /** A track's overlay failed (to attach, or at run time). */
  error: TrackRef & { error: DetectOverlayError };
  /** An object is tracked in one participant's video (`tracking` on). */
  'track-enter': TrackEvent & TrackRef;
  /** A tracked object in one participant's video is gone. */
  'track-leave': TrackEvent & TrackRef;
}

/** The handle `attachToRoom` returns. */
export interface RoomOverlays {
  on<K extends keyof RoomOverlayEvents>(name: K, listener: Listener<RoomOverlayEvents[K]>): () => void;
  /** The live overlays by track sid. */
  readonly overlays: ReadonlyMap<string, DetectOverlay>;
  /** Stops watching the room and destroys every overlay. Safe twice. */
  destroy(): void;
}

/** What livekit-client objects we call: `on`/`off` of a Room or a track (no runtime import of livekit-client). */
export type Listenable = { on(n: string, f: (...a: never[]) => void): void; off(n: string, f: (...a: never[]) => void): void };
