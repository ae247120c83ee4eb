/**
 * `detect-overlay/livekit`: one overlay per subscribed remote video track of a LiveKit `Room`.
 * It samples the element the app attached the track to (so LiveKit's adaptiveStream sees the
 * app's visible element, never paused or hidden by us), and only when the app has none makes
 * one with `track.attach()`. It follows the track's elements as the app attaches and detaches
 * them. Overlays go on TrackUnsubscribed, ParticipantDisconnected and Disconnected.
 * livekit-client is an optional peer: only its types are imported here.
 * The room side is livekit/room-watcher.ts, one track's overlay livekit/track-overlay.ts.
 */
import type { Room } from 'livekit-client';
import { RoomWatcher } from './livekit/room-watcher.js';
import type { RoomOverlayOptions, RoomOverlays } from './livekit/types.js';

export type { RoomDetectionsEvent, RoomOverlayEvents, RoomOverlayOptions, RoomOverlays, TrackRef } from './livekit/types.js';

/**
 * Attaches an overlay to every subscribed remote video track of `room`, now and as tracks come.
 *
 * ```ts
 * const room = new Room({ adaptiveStream: true });
 * await room.connect(url, token);
 * const overlays = attachToRoom(room, { detector: 'centernet', sources: ['camera'] });
 * overlays.on('detections', (e) => console.log(e.participant, e.detections));
 * ```
 */
export function attachToRoom(room: Room, options: RoomOverlayOptions = {}): RoomOverlays {
  return new RoomWatcher(room, options);
}
