/**
 * `detect-overlay/react`: a thin hook over `attach()`. It attaches in an effect and destroys in
 * the cleanup (aborting a load still in flight), so React StrictMode's mount–unmount–mount leaves
 * exactly one overlay. Live options go through `update()`; only options that need a new model
 * re-attach. Nothing here touches `window` during render (SSR-safe).
 */
import { useCallback, useEffect, useRef, useState, type RefObject } from 'react';
import { attach } from './attach.js';
import type { DetectOverlay } from './detect-overlay.js';
import { RESTART_OPTIONS } from './options/resolve.js';
import { toDetectOverlayError, type DetectOverlayError } from './errors.js';
import type { Detection, DetectOverlayOptions } from './types.js';
import type { TrackInfo, ZoneCounts } from './event-types.js';

const NO_COUNTS: ZoneCounts = { zones: {}, lines: {} };

/** Where the hook is: `idle` (no video yet), `loading`, `running`, or `error`. */
export type DetectOverlayHookState = 'idle' | 'loading' | 'running' | 'error';

/** What `useDetectOverlay` returns. */
export interface UseDetectOverlayResult {
  /** The latest boxes (intrinsic video pixels), with their track `id`s. */
  detections: Detection[];
  /** The objects tracked now (`tracking` on), updated as tracks begin and end. */
  tracks: TrackInfo[];
  /** Per zone who is inside now, per line the crossings each way (`overlay.counts`), updated on zone and line events. */
  counts: ZoneCounts;
  /** Sets the line counts back to zero (`overlay.resetCounts()`) and updates `counts`. */
  resetCounts: () => void;
  state: DetectOverlayHookState;
  /** The load failure (state `error`), or the latest runtime error event. */
  error: DetectOverlayError | null;
  /** The live overlay while `running`, for `stats` or `stop()`/`start()`. */
  overlay: DetectOverlay | null;
}

/** Stands for an object in a key: the same object gets the same number for the life of one hook. */
class ObjectIds {
  private readonly ids = new WeakMap<object, number>();
  private next = 1;

  of(value: unknown): unknown {
    if (typeof value !== 'object' || value === null) return value;
    let id = this.ids.get(value);
    if (id === undefined) {
      id = this.next++;
      this.ids.set(value, id);
    }
    return `#${id}`;
  }
}

/** A string that changes only when an option that needs a new `attach()` changes. */
function restartKey(o: DetectOverlayOptions, ids: ObjectIds): string {
  return JSON.stringify(RESTART_OPTIONS.filter((k) => k !== 'signal' && k !== 'onProgress').map((k) => ids.of(o[k])));
}

/** The options `update()` takes. */
function liveOptions(o: DetectOverlayOptions): DetectOverlayOptions {
  const live: Record<string, unknown> = { ...o };
  for (const k of RESTART_OPTIONS) delete live[k];
  return live as DetectOverlayOptions;
}

/** A signal that fires when either fires (the hook's own cleanup, or the user's). */
function combine(a: AbortSignal, b: AbortSignal | undefined): AbortSignal {
  if (!b) return a;
  const both = new AbortController();
  const forward = (): void => both.abort();
  if (a.aborted || b.aborted) forward();
  a.addEventListener('abort', forward, { once: true });
  b.addEventListener('abort', forward, { once: true });
  return both.signal;
}

/** The video to attach to: a ref (`useRef`), or the element itself (from a callback ref kept in state), or null. */
export type VideoTarget = RefObject<HTMLVideoElement | null> | HTMLVideoElement | null;

function resolveTarget(target: VideoTarget): HTMLVideoElement | null {
  if (target === null) return null;
  return 'current' in target ? target.current : target;
}

/**
 * Attaches a detection overlay to the `<video>` in `videoRef` while the component is mounted.
 * The video may come later or change (`{stream && <video ref={ref} />}`, a remounted player):
 * the hook checks the ref after every render and re-attaches to the element it holds. A video
 * rendered by a child component that re-renders on its own is better passed as an element from
 * a callback ref (`const [video, setVideo] = useState(null)`; `<video ref={setVideo} />`).
 *
 * ```tsx
 * const ref = useRef<HTMLVideoElement>(null);
 * const { detections, state, error } = useDetectOverlay(ref, { detector: 'centernet' });
 * return <video ref={ref} autoPlay muted playsInline />;
 * ```
 */
export function useDetectOverlay(
  videoRef: VideoTarget,
  options: DetectOverlayOptions = {},
): UseDetectOverlayResult {
  const [overlay, setOverlay] = useState<DetectOverlay | null>(null);
  const [state, setState] = useState<DetectOverlayHookState>('idle');
  const [error, setError] = useState<DetectOverlayError | null>(null);
  const [detections, setDetections] = useState<Detection[]>([]);
  const [tracks, setTracks] = useState<TrackInfo[]>([]);
  const [counts, setCounts] = useState<ZoneCounts>(NO_COUNTS);
  const video = useVideoElement(videoRef);
  const latest = useRef(options);
  latest.current = options;
  const ids = useRef<ObjectIds | null>(null);
  ids.current ??= new ObjectIds();
  const key = restartKey(options, ids.current);

  useEffect(() => {
    if (!video) {
      setState('idle');
      return undefined;
    }
    const controller = new AbortController();
    let current: DetectOverlay | null = null;
    const unbind: Array<() => void> = [];
    setState('loading');
    setError(null);
    // A bad option throws synchronously: the promise turns it into the error state.
    new Promise<DetectOverlay>((resolve) => resolve(attach(video, { ...latest.current, signal: combine(controller.signal, latest.current.signal) }))).then((o) => {
      if (controller.signal.aborted) return o.destroy();
      current = o;
      unbind.push(...subscribe(o, { setDetections, setError, setTracks, setCounts }));
      setOverlay(o);
      setState('running');
    }, (e: unknown) => {
      // Aborted by our own cleanup (unmount, StrictMode's rehearsal, a restart option): normal exit.
      if (controller.signal.aborted) return;
      setError(toDetectOverlayError(e, 'model-load-failed', 'useDetectOverlay'));
      setState('error');
    });
    return () => {
      controller.abort();
      for (const off of unbind) off();
      current?.destroy();
      setOverlay(null);
      setDetections([]);
      setTracks([]);
      setCounts(NO_COUNTS);
    };
  }, [video, key]);

  useLiveOptions(overlay, options, setError, setCounts);
  const resetCounts = useCallback(() => {
    if (!overlay) return;
    overlay.resetCounts();
    setCounts(overlay.counts);
  }, [overlay]);
  return { detections, tracks, counts, resetCounts, state, error, overlay };
}

interface Setters {
  setDetections(d: Detection[]): void;
  setError(e: DetectOverlayError): void;
  setTracks(t: TrackInfo[]): void;
  setCounts(c: ZoneCounts): void;
}

/** Keeps the hook's state in step with the overlay's events; returns the unsubscribers. */
function subscribe(o: DetectOverlay, s: Setters): Array<() => void> {
  const syncTracks = (): void => s.setTracks(o.tracks);
  const syncCounts = (): void => s.setCounts(o.counts);
  syncCounts();
  return [
    o.on('detections', (e) => s.setDetections(e.detections)), o.on('error', (e) => s.setError(e)),
    o.on('track-enter', syncTracks), o.on('track-leave', syncTracks),
    o.on('zone-enter', syncCounts), o.on('zone-leave', syncCounts), o.on('line-cross', syncCounts),
  ];
}

/** The element the ref (or the element passed) holds, checked after every render: cheap, and a ref is only set at commit. */
function useVideoElement(videoRef: VideoTarget): HTMLVideoElement | null {
  const [video, setVideo] = useState<HTMLVideoElement | null>(null);
  useEffect(() => {
    const now = resolveTarget(videoRef);
    if (now !== video) setVideo(now);
  });
  return video;
}

/** Hands changed live options to the running overlay through `update()`. */
function useLiveOptions(
  overlay: DetectOverlay | null,
  options: DetectOverlayOptions,
  setError: (e: DetectOverlayError) => void,
  setCounts: (c: ZoneCounts) => void,
): void {
  const live = liveOptions(options);
  const liveKey = JSON.stringify(live);
  const latest = useRef(live);
  latest.current = live;
  useEffect(() => {
    if (!overlay) return;
    try {
      overlay.update(latest.current);
      // New zones or lines change what is counted.
      setCounts(overlay.counts);
    } catch (e) {
      setError(toDetectOverlayError(e, 'invalid-option', 'useDetectOverlay'));
    }
  }, [overlay, liveKey]);
}

export type { Detection, DetectOverlayOptions } from './types.js';
export type { TrackInfo, ZoneCounts } from './event-types.js';
export type { DetectOverlay } from './detect-overlay.js';
