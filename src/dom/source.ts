/** Turns whatever `attach()` was given into a <video> to sample, and owns what it had to create. */
import type { AttachTarget, TrackLike } from '../types.js';
import { DetectOverlayError, describeValue } from '../errors.js';
import { findElement } from './lookup.js';
import { streamVideo, trackVideo, type OwnedVideo } from './owned-video.js';

export interface FrameSource {
  /** The element frames are read from. */
  video: HTMLVideoElement;
  /** The user's own element (true) or one we made (false, hidden). */
  visible: boolean;
  /** Where DOM events are dispatched: the user's element, or `document`. */
  eventTarget: EventTarget;
  /** Removes what we created. Safe twice. Never touches the user's element. */
  dispose(): void;
}

function isTrackLike(value: unknown): value is TrackLike {
  if (typeof value !== 'object' || value === null) return false;
  const v = value as TrackLike;
  return typeof v.attach === 'function' || (typeof v.mediaStreamTrack === 'object' && v.mediaStreamTrack !== null);
}

/**
 * The video an element stands for: the element itself, or the first `<video>` inside it (a
 * player's wrapper: video.js moves the page's id onto its wrapper `<div>`), looking into open
 * shadow roots when its light DOM has none (a web-component player, `<mux-video>`-style, keeps its
 * `<video>` in its shadow root); null when none.
 */
export function videoIn(element: Element): HTMLVideoElement | null {
  if (element instanceof HTMLVideoElement) return element;
  return element.querySelector('video') ?? videoInShadows(element);
}

/** The first `<video>` in the open shadow roots of `root` or of any element under it, nested roots included. */
function videoInShadows(root: Element | ShadowRoot): HTMLVideoElement | null {
  const hosts = root instanceof Element && root.shadowRoot ? [root] : [];
  for (const e of root.querySelectorAll('*')) if (e.shadowRoot) hosts.push(e);
  for (const host of hosts) {
    const shadow = host.shadowRoot!;
    const found = shadow.querySelector('video') ?? videoInShadows(shadow);
    if (found) return found;
  }
  return null;
}

/** The video an element stands for (see {@link videoIn}), naming what the element is otherwise. */
export function asVideo(element: Element | null, ref: string): HTMLVideoElement {
  if (!element) throw new DetectOverlayError('source-not-found', `no element matches ${JSON.stringify(ref)}`);
  const video = videoIn(element);
  if (video) return video;
  throw new DetectOverlayError('source-not-video',
    `${JSON.stringify(ref)} is a <${element.tagName.toLowerCase()}>, not a <video>, and has no <video> inside`);
}

/** A source on a video we made: not the user's, so not visible (until the page shows it) and removed with the source. */
function ownedSource(owned: OwnedVideo): FrameSource {
  const { video } = owned;
  return { video, visible: false, eventTarget: document, dispose: owned.dispose };
}

function trackSource(track: MediaStreamTrack): FrameSource {
  if (track.kind !== 'video') throw new DetectOverlayError('source-not-video', `the track is a ${describeValue(track.kind)} track, not video`);
  return ownedSource(streamVideo(new MediaStream([track])));
}

function trackLikeSource(track: TrackLike): FrameSource {
  // The app already shows it (LiveKit's adaptiveStream watches that element): sample it.
  const shown = track.attachedElements?.find((e): e is HTMLVideoElement => e instanceof HTMLVideoElement);
  if (shown) return elementSource(shown);
  if (track.mediaStreamTrack) return trackSource(track.mediaStreamTrack);
  const owned = trackVideo(track, 'as-made');
  // An element the track's attach() put on the page is shown to the user: draw over it.
  if (!owned.video.isConnected) return ownedSource(owned);
  return { video: owned.video, visible: true, eventTarget: owned.video, dispose: owned.dispose };
}

function elementSource(video: HTMLVideoElement): FrameSource {
  return { video, visible: true, eventTarget: video, dispose() {} };
}

/**
 * Resolves a target: a <video>, an id or CSS selector, a MediaStream, a MediaStreamTrack,
 * or a LiveKit-style track. Throws `source-not-found` / `source-not-video` naming the value.
 */
export function resolveSource(target: AttachTarget): FrameSource {
  if (typeof document === 'undefined') {
    throw new DetectOverlayError('source-not-found', 'attach() needs a browser document');
  }
  if (target instanceof HTMLVideoElement) return elementSource(target);
  if (typeof target === 'string') {
    if (target.trim() === '') throw new DetectOverlayError('source-not-found', 'the target is an empty string');
    return elementSource(asVideo(findElement(target), target));
  }
  if (typeof MediaStream !== 'undefined' && target instanceof MediaStream) {
    const track = target.getVideoTracks()[0];
    if (!track) throw new DetectOverlayError('source-not-video', 'the MediaStream has no video track');
    return ownedSource(streamVideo(target));
  }
  if (typeof MediaStreamTrack !== 'undefined' && target instanceof MediaStreamTrack) return trackSource(target);
  if (target instanceof Element) return elementSource(asVideo(target, 'the target'));
  if (isTrackLike(target)) return trackLikeSource(target);
  throw new DetectOverlayError('source-not-found',
    `cannot attach to ${describeValue(target)}: expected a <video>, an id or selector, a MediaStream, a MediaStreamTrack or a track with mediaStreamTrack/attach()`);
}
