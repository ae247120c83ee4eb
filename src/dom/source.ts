/** Turns whatever `attach()` was given into a <video> to sample, and owns what it had to create. */
import type { AttachTarget, TrackLike } from '../types.js';
import { DetectOverlayError, describeValue } from '../errors.js';

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

function findElement(ref: string): Element | null {
  const byId = document.getElementById(ref.replace(/^#/, ''));
  if (byId) return byId;
  try {
    return document.querySelector(ref);
  } catch {
    return null;
  }
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

/** A hidden, muted video we own, playing `stream`. It stays in the layout (1 px, transparent) so the browser keeps decoding and presenting its frames. */
function hiddenVideo(stream: MediaStream): HTMLVideoElement {
  const video = document.createElement('video');
  video.muted = true;
  video.playsInline = true;
  video.autoplay = true;
  video.setAttribute('aria-hidden', 'true');
  video.dataset.detectOverlay = 'source';
  Object.assign(video.style, {
    position: 'fixed', left: '0', top: '0', width: '2px', height: '2px', opacity: '0.01', pointerEvents: 'none', zIndex: '-1',
  });
  video.srcObject = stream;
  document.body.appendChild(video);
  void video.play().catch(() => { /* autoplay of a muted video is allowed; a rejection here just means it starts later */ });
  return video;
}

function ownedStreamSource(stream: MediaStream): FrameSource {
  const video = hiddenVideo(stream);
  let disposed = false;
  return {
    video,
    visible: false,
    eventTarget: document,
    dispose() {
      if (disposed) return;
      disposed = true;
      video.pause();
      video.srcObject = null;
      video.remove();
    },
  };
}

function trackSource(track: MediaStreamTrack): FrameSource {
  if (track.kind !== 'video') throw new DetectOverlayError('source-not-video', `the track is a ${describeValue(track.kind)} track, not video`);
  return ownedStreamSource(new MediaStream([track]));
}

function trackLikeSource(track: TrackLike): FrameSource {
  // The app already shows it (LiveKit's adaptiveStream watches that element): sample it.
  const shown = track.attachedElements?.find((e): e is HTMLVideoElement => e instanceof HTMLVideoElement);
  if (shown) return elementSource(shown);
  if (track.mediaStreamTrack) return trackSource(track.mediaStreamTrack);
  const created = track.attach!();
  if (!(created instanceof HTMLVideoElement)) {
    track.detach?.(created);
    throw new DetectOverlayError('source-not-video', `track.attach() gave a <${created.tagName.toLowerCase()}>, not a <video>`);
  }
  created.muted = true;
  let disposed = false;
  return {
    video: created,
    visible: created.isConnected,
    eventTarget: created.isConnected ? created : document,
    dispose() {
      if (disposed) return;
      disposed = true;
      track.detach?.(created);
      created.remove();
    },
  };
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
    return ownedStreamSource(target);
  }
  if (typeof MediaStreamTrack !== 'undefined' && target instanceof MediaStreamTrack) return trackSource(target);
  if (target instanceof Element) return elementSource(asVideo(target, 'the target'));
  if (isTrackLike(target)) return trackLikeSource(target);
  throw new DetectOverlayError('source-not-found',
    `cannot attach to ${describeValue(target)}: expected a <video>, an id or selector, a MediaStream, a MediaStreamTrack or a track with mediaStreamTrack/attach()`);
}
