/**
 * `detect-overlay/livekit`: one overlay per subscribed remote video track of a LiveKit `Room`.
 * It samples the element the app attached the track to (so LiveKit's adaptiveStream sees the
 * app's visible element, never paused or hidden by us), and only when the app has none makes
 * one with `track.attach()`. Overlays go on TrackUnsubscribed, ParticipantDisconnected and
 * Disconnected. livekit-client is an optional peer: only its types are imported here.
 */
import type { RemoteParticipant, RemoteTrack, RemoteTrackPublication, Room } from 'livekit-client';
import { attach, type DetectOverlay } from './pipeline.js';
import { Emitter, type Listener } from './emitter.js';
import { DetectOverlayError, toDetectOverlayError } from './errors.js';
import type { DetectionsEvent, DetectOverlayOptions } from './types.js';

// RoomEvent values, as strings: no runtime import of livekit-client.
const TRACK_SUBSCRIBED = 'trackSubscribed';
const TRACK_UNSUBSCRIBED = 'trackUnsubscribed';
const PARTICIPANT_DISCONNECTED = 'participantDisconnected';
const DISCONNECTED = 'disconnected';

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
  /** An overlay started on a track. */
  attached: TrackRef & { overlay: DetectOverlay };
  /** An overlay on a track was destroyed (unsubscribed, participant left, room disconnected). */
  detached: TrackRef;
  /** A track's overlay failed (to attach, or at run time). */
  error: TrackRef & { error: DetectOverlayError };
}

/** The handle `attachToRoom` returns. */
export interface RoomOverlays {
  on<K extends keyof RoomOverlayEvents>(name: K, listener: Listener<RoomOverlayEvents[K]>): () => void;
  /** The live overlays by track sid. */
  readonly overlays: ReadonlyMap<string, DetectOverlay>;
  /** Stops watching the room and destroys every overlay. Safe twice. */
  destroy(): void;
}

interface Entry {
  ref: TrackRef;
  controller: AbortController;
  overlay: DetectOverlay | null;
  /** An element we made with track.attach(), removed with the overlay. */
  created: HTMLMediaElement | null;
  track: RemoteTrack;
}

/** Keeps a made element where adaptiveStream counts it as shown at a usable size, yet invisible. */
function placeUnseen(el: HTMLMediaElement): void {
  el.setAttribute('aria-hidden', 'true');
  el.dataset.detectOverlay = 'source';
  Object.assign(el.style, {
    position: 'fixed', right: '0', bottom: '0', width: '320px', height: '180px', opacity: '0.01', pointerEvents: 'none', zIndex: '-1',
  });
  document.body.appendChild(el);
}

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
  const { participants, sources, ...overlayOptions } = options;
  const emitter = new Emitter<RoomOverlayEvents>();
  const entries = new Map<string, Entry>();
  const live = new Map<string, DetectOverlay>();
  let destroyed = false;

  const wanted = (participant: RemoteParticipant, publication: RemoteTrackPublication): boolean => {
    if (publication.kind !== 'video') return false;
    if (sources && !sources.includes(String(publication.source))) return false;
    if (typeof participants === 'function') return participants(participant.identity);
    return !participants || participants.includes(participant.identity);
  };

  const remove = (sid: string): void => {
    const e = entries.get(sid);
    if (!e) return;
    entries.delete(sid);
    live.delete(sid);
    e.controller.abort();
    e.overlay?.destroy();
    if (e.created) {
      e.track.detach(e.created);
      e.created.remove();
    }
    emitter.emit('detached', e.ref);
  };

  const start = async (e: Entry): Promise<void> => {
    // Let the app's own TrackSubscribed handler attach the track first: we want its element.
    await new Promise((r) => setTimeout(r, 0));
    if (entries.get(e.ref.trackSid) !== e) return;
    let element = e.track.attachedElements.find((el): el is HTMLVideoElement => el instanceof HTMLVideoElement);
    if (!element) {
      const made = e.track.attach();
      if (!(made instanceof HTMLVideoElement)) {
        e.track.detach(made);
        emitter.emit('error', { ...e.ref, error: new DetectOverlayError('source-not-video', `track ${e.ref.trackSid} did not attach to a <video>`) });
        return;
      }
      made.muted = true;
      placeUnseen(made);
      e.created = made;
      element = made;
    }
    try {
      const overlay = await attach(element, { ...overlayOptions, overlay: e.created ? false : overlayOptions.overlay, signal: e.controller.signal });
      if (entries.get(e.ref.trackSid) !== e) {
        overlay.destroy();
        return;
      }
      e.overlay = overlay;
      live.set(e.ref.trackSid, overlay);
      overlay.on('detections', (d) => emitter.emit('detections', { ...d, ...e.ref }));
      overlay.on('error', (error) => emitter.emit('error', { ...e.ref, error }));
      emitter.emit('attached', { ...e.ref, overlay });
    } catch (error) {
      if (e.controller.signal.aborted) return;
      emitter.emit('error', { ...e.ref, error: toDetectOverlayError(error, 'model-load-failed', `track ${e.ref.trackSid}`) });
    }
  };

  const consider = (track: RemoteTrack, publication: RemoteTrackPublication, participant: RemoteParticipant): void => {
    if (destroyed || !track || entries.has(publication.trackSid) || !wanted(participant, publication)) return;
    const e: Entry = {
      ref: { participant: participant.identity, trackSid: publication.trackSid, source: String(publication.source) },
      controller: new AbortController(), overlay: null, created: null, track,
    };
    entries.set(e.ref.trackSid, e);
    void start(e);
  };

  const onSubscribed = (track: RemoteTrack, pub: RemoteTrackPublication, participant: RemoteParticipant): void => consider(track, pub, participant);
  const onUnsubscribed = (_track: RemoteTrack, pub: RemoteTrackPublication): void => remove(pub.trackSid);
  const onParticipantLeft = (participant: RemoteParticipant): void => {
    for (const [sid, e] of entries) if (e.ref.participant === participant.identity) remove(sid);
  };
  const onDisconnected = (): void => {
    for (const sid of [...entries.keys()]) remove(sid);
  };

  const r = room as unknown as { on(n: string, f: (...a: never[]) => void): void; off(n: string, f: (...a: never[]) => void): void };
  r.on(TRACK_SUBSCRIBED, onSubscribed);
  r.on(TRACK_UNSUBSCRIBED, onUnsubscribed);
  r.on(PARTICIPANT_DISCONNECTED, onParticipantLeft);
  r.on(DISCONNECTED, onDisconnected);
  for (const participant of room.remoteParticipants.values()) {
    for (const pub of participant.trackPublications.values()) {
      if (pub.isSubscribed && pub.track) consider(pub.track, pub, participant);
    }
  }

  return {
    on: (name, listener) => emitter.on(name, listener),
    overlays: live,
    destroy() {
      if (destroyed) return;
      destroyed = true;
      r.off(TRACK_SUBSCRIBED, onSubscribed);
      r.off(TRACK_UNSUBSCRIBED, onUnsubscribed);
      r.off(PARTICIPANT_DISCONNECTED, onParticipantLeft);
      r.off(DISCONNECTED, onDisconnected);
      onDisconnected();
      emitter.clear();
    },
  };
}
