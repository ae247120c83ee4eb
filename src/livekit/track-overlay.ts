/**
 * The overlay of one remote video track. It samples the element the app attached the track to
 * (so LiveKit's adaptiveStream sees the app's visible element, never paused or hidden by us), and
 * only when the app has none makes one with `track.attach()`. It follows the track's elements as
 * the app attaches and detaches them: each move is a new binding (a new overlay on the new element).
 */
import type { RemoteTrack } from 'livekit-client';
import { attach } from '../attach.js';
import type { DetectOverlay } from '../detect-overlay.js';
import type { Emitter } from '../emitter.js';
import { toDetectOverlayError } from '../errors.js';
import { trackVideo, type OwnedVideo } from '../dom/owned-video.js';
import type { DetectOverlayOptions } from '../types.js';
import type { Listenable, RoomOverlayEvents, TrackRef } from './types.js';

/** The track's events as strings (TrackEvent values): no runtime import of livekit-client. */
const ELEMENT_ATTACHED = 'elementAttached';
const ELEMENT_DETACHED = 'elementDetached';

/** What the overlay is on now. */
interface Binding {
  controller: AbortController;
  overlay: DetectOverlay | null;
  element: HTMLVideoElement;
  /** The element when we made it with track.attach(): removed with the binding. */
  owned: OwnedVideo | null;
}

/** Where a track overlay reports: the room's emitter, and its map of live overlays. */
export interface TrackOverlayHost {
  readonly events: Emitter<RoomOverlayEvents>;
  readonly live: Map<string, DetectOverlay>;
}

export class TrackOverlay {
  private binding: Binding | null = null;
  /** A pending look at which element to use (after the app's own handlers ran). */
  private timer: ReturnType<typeof setTimeout> | null = null;
  private closed = false;
  private readonly onElementChange = (el: HTMLMediaElement): void => {
    if (el !== this.binding?.element || !this.binding.owned) this.later();
  };

  constructor(readonly ref: TrackRef, private readonly track: RemoteTrack, private readonly options: DetectOverlayOptions, private readonly host: TrackOverlayHost) {
    // The app attaches the track to its tile late (a component that mounts after the subscription),
    // moves it to another tile (grid to spotlight) or takes it off screen: the overlay follows.
    const t = track as unknown as Listenable;
    t.on(ELEMENT_ATTACHED, this.onElementChange);
    t.on(ELEMENT_DETACHED, this.onElementChange);
    this.later();
  }

  /** Stops following the track and destroys its overlay. Safe twice. */
  close(): void {
    if (this.closed) return;
    this.closed = true;
    if (this.timer !== null) clearTimeout(this.timer);
    const t = this.track as unknown as Listenable;
    t.off(ELEMENT_ATTACHED, this.onElementChange);
    t.off(ELEMENT_DETACHED, this.onElementChange);
    this.unbind();
  }

  /** Looks again once the app's own handlers for this event have run (it may attach the track in them). */
  private later(): void {
    if (this.timer === null && !this.closed) this.timer = setTimeout(() => this.choose(), 0);
  }

  /**
   * Puts the overlay on the right element: the app's <video> when it has attached the track to
   * one (the current one while it stays attached, else the newest), else one we make.
   */
  private choose(): void {
    this.timer = null;
    if (this.closed) return;
    const b = this.binding;
    const attached = this.track.attachedElements;
    const current = b && attached.includes(b.element) ? b : null;
    if (current && !current.owned) return;
    const app = attached.filter((el): el is HTMLVideoElement => el instanceof HTMLVideoElement && el !== b?.element).pop();
    if (app) return this.rebind(app, null);
    if (current) return;
    this.unbind();
    let owned: OwnedVideo;
    try {
      owned = trackVideo(this.track, 'unseen');
    } catch (error) {
      this.host.events.emit('error', { ...this.ref, error: toDetectOverlayError(error, 'source-not-video', `track ${this.ref.trackSid}`) });
      return;
    }
    this.rebind(owned.video, owned);
  }

  private rebind(element: HTMLVideoElement, owned: OwnedVideo | null): void {
    this.unbind();
    void this.bind({ controller: new AbortController(), overlay: null, element, owned });
  }

  /** Ends the binding: stops its attach, destroys its overlay, removes the element if we made it. */
  private unbind(): void {
    const b = this.binding;
    if (!b) return;
    this.binding = null;
    this.host.live.delete(this.ref.trackSid);
    b.controller.abort();
    b.overlay?.destroy();
    b.owned?.dispose();
  }

  private async bind(b: Binding): Promise<void> {
    this.binding = b;
    const { events, live } = this.host;
    try {
      // On an element we made (unseen) there is nothing to draw over.
      const drawn = b.owned ? false : this.options.overlay;
      const overlay = await attach(b.element, { ...this.options, overlay: drawn, signal: b.controller.signal });
      if (this.binding !== b) {
        overlay.destroy();
        return;
      }
      b.overlay = overlay;
      live.set(this.ref.trackSid, overlay);
      overlay.on('detections', (d) => events.emit('detections', { ...d, ...this.ref }));
      overlay.on('track-enter', (e) => events.emit('track-enter', { ...e, ...this.ref }));
      overlay.on('track-leave', (e) => events.emit('track-leave', { ...e, ...this.ref }));
      overlay.on('error', (error) => events.emit('error', { ...this.ref, error }));
      events.emit('attached', { ...this.ref, overlay });
    } catch (error) {
      if (b.controller.signal.aborted) return;
      events.emit('error', { ...this.ref, error: toDetectOverlayError(error, 'model-load-failed', `track ${this.ref.trackSid}`) });
    }
  }
}
