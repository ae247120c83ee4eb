/**
 * `detect-overlay/react`: a thin hook over `attach()`. It attaches in an effect and destroys in
 * the cleanup (aborting a load still in flight), so React StrictMode's mount–unmount–mount leaves
 * exactly one overlay. Live options go through `update()`; only options that need a new model
 * re-attach. Nothing here touches `window` during render (SSR-safe).
 */
import { useEffect, useRef, useState, type RefObject } from 'react';
import { attach } from './attach.js';
import type { DetectOverlay } from './detect-overlay.js';
import { RESTART_OPTIONS } from './options/resolve.js';
import { toDetectOverlayError, type DetectOverlayError } from './errors.js';
import type { Detection, DetectOverlayOptions } from './types.js';

/** Where the hook is: `idle` (no video yet), `loading`, `running`, or `error`. */
export type DetectOverlayHookState = 'idle' | 'loading' | 'running' | 'error';

/** What `useDetectOverlay` returns. */
export interface UseDetectOverlayResult {
  /** The latest boxes (intrinsic video pixels). */
  detections: Detection[];
  state: DetectOverlayHookState;
  /** The load failure (state `error`), or the latest runtime error event. */
  error: DetectOverlayError | null;
  /** The live overlay while `running`, for `stats` or `stop()`/`start()`. */
  overlay: DetectOverlay | null;
}

const objectIds = new WeakMap<object, number>();
let nextId = 1;
function identity(value: unknown): unknown {
  if (typeof value !== 'object' || value === null) return value;
  let id = objectIds.get(value);
  if (id === undefined) {
    id = nextId++;
    objectIds.set(value, id);
  }
  return `#${id}`;
}

/** A string that changes only when an option that needs a new `attach()` changes. */
function restartKey(o: DetectOverlayOptions): string {
  return JSON.stringify(RESTART_OPTIONS.filter((k) => k !== 'signal' && k !== 'onProgress').map((k) => identity(o[k])));
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
  const [video, setVideo] = useState<HTMLVideoElement | null>(null);
  const latest = useRef(options);
  latest.current = options;
  const key = restartKey(options);

  // After every render: has the ref (or the element passed) changed? Cheap, and a ref is only set at commit.
  useEffect(() => {
    const now = resolveTarget(videoRef);
    if (now !== video) setVideo(now);
  });

  useEffect(() => {
    if (!video) {
      setState('idle');
      return undefined;
    }
    const controller = new AbortController();
    const unbind: Array<() => void> = [];
    let current: DetectOverlay | null = null;
    setState('loading');
    setError(null);
    (async () => {
      try {
        const o = await attach(video, { ...latest.current, signal: combine(controller.signal, latest.current.signal) });
        if (controller.signal.aborted) {
          o.destroy();
          return;
        }
        current = o;
        unbind.push(o.on('detections', (e) => setDetections(e.detections)));
        unbind.push(o.on('error', (e) => setError(e)));
        setOverlay(o);
        setState('running');
      } catch (e) {
        // Aborted by our own cleanup (unmount, StrictMode's rehearsal, a restart option): normal exit.
        if (controller.signal.aborted) return;
        setError(toDetectOverlayError(e, 'model-load-failed', 'useDetectOverlay'));
        setState('error');
      }
    })();
    return () => {
      controller.abort();
      for (const off of unbind) off();
      current?.destroy();
      setOverlay(null);
      setDetections([]);
    };
  }, [video, key]);

  const liveKey = JSON.stringify(liveOptions(options));
  useEffect(() => {
    if (!overlay) return;
    try {
      overlay.update(liveOptions(latest.current));
    } catch (e) {
      setError(toDetectOverlayError(e, 'invalid-option', 'useDetectOverlay'));
    }
  }, [overlay, liveKey]);

  return { detections, state, error, overlay };
}

export type { Detection, DetectOverlayOptions } from './types.js';
export type { DetectOverlay } from './detect-overlay.js';
