/**
 * The room side of `attachToRoom`: which tracks get an overlay (subscribed remote video, filtered
 * by participant and source), and when overlays go (TrackUnsubscribed, ParticipantDisconnected,
 * Disconnected, destroy()). Each track's overlay is a TrackOverlay.
 */
import type { RemoteParticipant, RemoteTrack, RemoteTrackPublication, Room } from 'livekit-client';
import type { DetectOverlay } from '../detect-overlay.js';
import { Emitter, type Listener } from '../emitter.js';
import type { DetectOverlayOptions } from '../types.js';
import { TrackOverlay } from './track-overlay.js';
import type { Listenable, RoomOverlayEvents, RoomOverlayOptions, RoomOverlays } from './types.js';

// RoomEvent values, as strings: no runtime import of livekit-client.
const TRACK_SUBSCRIBED = 'trackSubscribed';
const TRACK_UNSUBSCRIBED = 'trackUnsubscribed';
const PARTICIPANT_DISCONNECTED = 'participantDisconnected';
const DISCONNECTED = 'disconnected';

export class RoomWatcher implements RoomOverlays {
  readonly events = new Emitter<RoomOverlayEvents>();
  readonly live = new Map<string, DetectOverlay>();
  private readonly tracks = new Map<string, TrackOverlay>();
  private readonly overlayOptions: DetectOverlayOptions;
  private destroyed = false;
  private readonly room: Listenable;
  private readonly handlers: Array<[string, (...a: never[]) => void]> = [
    [TRACK_SUBSCRIBED, (track: RemoteTrack, pub: RemoteTrackPublication, participant: RemoteParticipant) => this.consider(track, pub, participant)],
    [TRACK_UNSUBSCRIBED, (_track: RemoteTrack, pub: RemoteTrackPublication) => this.remove(pub.trackSid)],
    [PARTICIPANT_DISCONNECTED, (participant: RemoteParticipant) => this.removeWhere((t) => t.ref.participant === participant.identity)],
    [DISCONNECTED, () => this.removeWhere(() => true)],
  ];

  constructor(room: Room, private readonly options: RoomOverlayOptions) {
    const { participants: _p, sources: _s, ...overlayOptions } = options;
    this.overlayOptions = overlayOptions;
    this.room = room as unknown as Listenable;
    for (const [name, handler] of this.handlers) this.room.on(name, handler);
    for (const participant of room.remoteParticipants.values()) {
      for (const pub of participant.trackPublications.values()) {
        if (pub.isSubscribed && pub.track) this.consider(pub.track, pub, participant);
      }
    }
  }

  on<K extends keyof RoomOverlayEvents>(name: K, listener: Listener<RoomOverlayEvents[K]>): () => void {
    return this.events.on(name, listener);
  }

  get overlays(): ReadonlyMap<string, DetectOverlay> {
    return this.live;
  }

  destroy(): void {
    if (this.destroyed) return;
    this.destroyed = true;
    for (const [name, handler] of this.handlers) this.room.off(name, handler);
    this.removeWhere(() => true);
    this.events.clear();
  }

  private wanted(participant: RemoteParticipant, publication: RemoteTrackPublication): boolean {
    const { participants, sources } = this.options;
    if (publication.kind !== 'video') return false;
    if (sources && !sources.includes(String(publication.source))) return false;
    if (typeof participants === 'function') return participants(participant.identity);
    return !participants || participants.includes(participant.identity);
  }

  private consider(track: RemoteTrack, publication: RemoteTrackPublication, participant: RemoteParticipant): void {
    if (this.destroyed || !track || this.tracks.has(publication.trackSid) || !this.wanted(participant, publication)) return;
    const ref = { participant: participant.identity, trackSid: publication.trackSid, source: String(publication.source) };
    this.tracks.set(ref.trackSid, new TrackOverlay(ref, track, this.overlayOptions, this));
  }

  private remove(sid: string): void {
    const t = this.tracks.get(sid);
    if (!t) return;
    this.tracks.delete(sid);
    t.close();
    this.events.emit('detached', t.ref);
  }

  private removeWhere(test: (t: TrackOverlay) => boolean): void {
    for (const [sid, t] of [...this.tracks]) if (test(t)) this.remove(sid);
  }
}
