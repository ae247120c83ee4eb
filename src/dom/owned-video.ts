/**
 * The `<video>` elements the SDK makes itself (for a stream, or from a track's `attach()`), each
 * with the one function that removes it. The user's own elements never come through here.
 */
import type { TrackLike } from '../types.js';
import { DetectOverlayError } from '../errors.js';

/** A video we made, and how to get rid of it. */
export interface OwnedVideo {
  readonly video: HTMLVideoElement;
  /** Stops it, detaches its track, removes it from the page. Safe twice. */
  dispose(): void;
}

/** Where a made video goes: nowhere (`'as-made'`), or onto the page where a LiveKit adaptiveStream counts it as shown yet no one sees it (`'unseen'`). */
export type Placement = 'as-made' | 'unseen';

const UNSEEN_STYLE = { position: 'fixed', right: '0', bottom: '0', width: '320px', height: '180px', opacity: '0.01', pointerEvents: 'none', zIndex: '-1' };
const HIDDEN_STYLE = { position: 'fixed', left: '0', top: '0', width: '2px', height: '2px', opacity: '0.01', pointerEvents: 'none', zIndex: '-1' };

function markOurs(video: HTMLVideoElement, style: Record<string, string>): void {
  video.setAttribute('aria-hidden', 'true');
  video.dataset.detectOverlay = 'source';
  Object.assign(video.style, style);
  document.body.appendChild(video);
}

function once(dispose: () => void): () => void {
  let done = false;
  return () => {
    if (done) return;
    done = true;
    dispose();
  };
}

/** A hidden, muted video playing `stream`. It stays in the layout (2 px, transparent) so the browser keeps decoding and presenting its frames. */
export function streamVideo(stream: MediaStream): OwnedVideo {
  const video = document.createElement('video');
  video.muted = true;
  video.playsInline = true;
  video.autoplay = true;
  video.srcObject = stream;
  markOurs(video, HIDDEN_STYLE);
  void video.play().catch(() => { /* autoplay of a muted video is allowed; a rejection here just means it starts later */ });
  return {
    video,
    dispose: once(() => {
      video.pause();
      video.srcObject = null;
      video.remove();
    }),
  };
}

/** The muted video `track.attach()` makes. Throws `source-not-video` (the element detached again) when it makes something else. */
export function trackVideo(track: TrackLike, placement: Placement): OwnedVideo {
  if (typeof track.attach !== 'function') throw new DetectOverlayError('source-not-video', 'the track has no attach()');
  const made = track.attach();
  if (!(made instanceof HTMLVideoElement)) {
    track.detach?.(made);
    throw new DetectOverlayError('source-not-video', `track.attach() gave a <${made.tagName.toLowerCase()}>, not a <video>`);
  }
  made.muted = true;
  if (placement === 'unseen') markOurs(made, UNSEEN_STYLE);
  return {
    video: made,
    dispose: once(() => {
      track.detach?.(made);
      made.remove();
    }),
  };
}
