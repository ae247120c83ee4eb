/**
 * `detect-overlay/livekit`: one overlay per subscribed remote video track of a LiveKit `Room`.
 * It samples the element the app attached the track to (so LiveKit's adaptiveStream sees the
 * app's visible element, never paused or hidden by us), and only when the app has none makes
 * one with `track.attach()`. It follows the track's elements as the app attaches and detaches
 * them. Overlays go on TrackUnsubscribed, ParticipantDisconnected and Disconnected.
 * livekit-client is an optional peer: only its types are imported here.
 */
import type { RemoteParticipant, RemoteTrack, RemoteTrackPublication, Room } from 'livekit-client';
import { attach } from './attach.js';
import type { DetectOverlay } from './detect-overlay.js';
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
  /** An overlay started on a track; again, with a new overlay, each time it moves to another element. */
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

/** What one track's overlay is on now. A new binding replaces it when the track moves to another element. */
interface Binding {
  controller: AbortController;
  overlay: DetectOverlay | null;
  element: HTMLVideoElement;
  /** True when the element is one we made with track.attach(): removed with the binding. */
  made: boolean;
}

interface Entry {
  ref: TrackRef;
  track: RemoteTrack;
  binding: Binding | null;
  /** A pending look at which element to use (after the app's own handlers ran). */
  timer: ReturnType<typeof setTimeout> | null;
  unlisten: () => void;
}

/** The track's events as strings (TrackEvent values): no runtime import of livekit-client. */
const ELEMENT_ATTACHED = 'elementAttached';
const ELEMENT_DETACHED = 'elementDetached';

type Listenable = { on(n: string, f: (...a: never[]) => void): void; off(n: string, f: (...a: never[]) => void): void };

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

  /** Ends a binding: stops its attach, destroys its overlay, removes the element if we made it. */
  const unbind = (e: Entry): void => {
    const b = e.binding;
    if (!b) return;
    e.binding = null;
    live.delete(e.ref.trackSid);
    b.controller.abort();
    b.overlay?.destroy();
    if (b.made) {
      e.track.detach(b.element);
      b.element.remove();
    }
  };

  const remove = (sid: string): void => {
    const e = entries.get(sid);
    if (!e) return;
    entries.delete(sid);
    if (e.timer !== null) clearTimeout(e.timer);
    e.unlisten();
    unbind(e);
    emitter.emit('detached', e.ref);
  };

  const bind = async (e: Entry, element: HTMLVideoElement, made: boolean): Promise<void> => {
    const b: Binding = { controller: new AbortController(), overlay: null, element, made };
    e.binding = b;
    try {
      const overlay = await attach(element, { ...overlayOptions, overlay: made ? false : overlayOptions.overlay, signal: b.controller.signal });
      if (e.binding !== b) {
        overlay.destroy();
        return;
      }
      b.overlay = overlay;
      live.set(e.ref.trackSid, overlay);
      overlay.on('detections', (d) => emitter.emit('detections', { ...d, ...e.ref }));
      overlay.on('error', (error) => emitter.emit('error', { ...e.ref, error }));
      emitter.emit('attached', { ...e.ref, overlay });
    } catch (error) {
      if (b.controller.signal.aborted) return;
      emitter.emit('error', { ...e.ref, error: toDetectOverlayError(error, 'model-load-failed', `track ${e.ref.trackSid}`) });
    }
  };

  /**
   * Puts the track's overlay on the right element: the app's <video> when it has attached the
   * track to one (the current one while it stays attached, else the newest), else one we make.
   */
  const choose = (e: Entry): void => {
    e.timer = null;
    if (entries.get(e.ref.trackSid) !== e) return;
    const b = e.binding;
    const appVideos = e.track.attachedElements.filter((el): el is HTMLVideoElement => el instanceof HTMLVideoElement && el !== b?.element);
    const current = b && e.track.attachedElements.includes(b.element) ? b : null;
    if (current && !current.made) return;
    const app = appVideos[appVideos.length - 1];
    if (app) {
      unbind(e);
      void bind(e, app, false);
      return;
    }
    if (current) return;
    unbind(e);
    const made = e.track.attach();
    if (!(made instanceof HTMLVideoElement)) {
      e.track.detach(made);
      emitter.emit('error', { ...e.ref, error: new DetectOverlayError('source-not-video', `track ${e.ref.trackSid} did not attach to a <video>`) });
      return;
    }
    made.muted = true;
    placeUnseen(made);
    void bind(e, made, true);
  };

  /** Looks again once the app's own handlers for this event have run (it may attach the track in them). */
  const later = (e: Entry): void => {
    if (e.timer === null) e.timer = setTimeout(() => choose(e), 0);
  };

  const consider = (track: RemoteTrack, publication: RemoteTrackPublication, participant: RemoteParticipant): void => {
    if (destroyed || !track || entries.has(publication.trackSid) || !wanted(participant, publication)) return;
    const t = track as unknown as Listenable;
    const e: Entry = {
      ref: { participant: participant.identity, trackSid: publication.trackSid, source: String(publication.source) },
      track, binding: null, timer: null, unlisten: () => {},
    };
    // The app attaches the track to its tile late (a component that mounts after this event), moves
    // it to another tile (grid to spotlight) or takes it off screen: the overlay follows.
    const onElementChange = (el: HTMLMediaElement): void => {
      if (el !== e.binding?.element || !e.binding.made) later(e);
    };
    t.on(ELEMENT_ATTACHED, onElementChange);
    t.on(ELEMENT_DETACHED, onElementChange);
    e.unlisten = () => {
      t.off(ELEMENT_ATTACHED, onElementChange);
      t.off(ELEMENT_DETACHED, onElementChange);
    };
    entries.set(e.ref.trackSid, e);
    later(e);
  };

  const onSubscribed = (track: RemoteTrack, pub: RemoteTrackPublication, participant: RemoteParticipant): void => consider(track, pub, participant);
  const onUnsubscribed = (_track: RemoteTrack, pub: RemoteTrackPublication): void => remove(pub.trackSid);
  const onParticipantLeft = (participant: RemoteParticipant): void => {
    for (const [sid, e] of entries) if (e.ref.participant === participant.identity) remove(sid);
  };
  const onDisconnected = (): void => {
    for (const sid of [...entries.keys()]) remove(sid);
  };

  const r = room as unknown as Listenable;
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
