/**
 * `preload()`: starts loading a model before there is a video to attach to (while the camera
 * permission prompt shows, while a room connects), so that `attach()` with the same model options
 * finds it loaded and the first box comes one or two inferences after it.
 */
import type { DetectOverlayOptions } from './types.js';
import { resolveOptions } from './options/resolve.js';
import { modelOptions } from './options/views.js';
import { ModelSlot } from './detector/model-slot.js';
import { DetectOverlayError, toDetectOverlayError } from './errors.js';
import { warn } from './log.js';

/** A model being loaded ahead of `attach()`; it stays loaded until `release()`. */
export interface Preload {
  /** Resolves once the model is loaded (where `attach()` with these options would run it); rejects as `attach()` would. */
  readonly ready: Promise<void>;
  /**
   * Lets the model go: freed now unless an overlay uses it (then with the last overlay). Call it
   * once the overlays are attached, or when none will be. Safe twice.
   */
  release(): void;
}

/**
 * Loads the model the options name, placed as `attach()` would place it (the detection worker or
 * the page), and holds it. Only the model options count (`detector`, `modelUrl`, `base`, `backend`,
 * `worker`, `workerUrl`, `wasmPaths`, `wasmThreads`, `cacheModels`, `loadTimeoutMs`, `signal`,
 * `onProgress`); an `attach()` with the same ones shares the model. Bad options throw at once
 * (`invalid-option`), as in `attach()`.
 */
export function preload(options?: DetectOverlayOptions): Preload {
  const o = resolveOptions(options, (m) => warn(m));
  const slot = new ModelSlot(modelOptions(o));
  let released = false;
  const gone = (): DetectOverlayError => new DetectOverlayError('aborted', 'preload() was released before the model loaded');
  const ready = slot.open({ signal: o.signal, onProgress: o.onProgress }, () => {}, () => {
    if (released) throw gone();
  }).catch((error: unknown) => {
    throw released ? gone() : toDetectOverlayError(error, 'model-load-failed', 'preload() failed');
  });
  // Unobserved, a failed preload is not an unhandled rejection: attach() reports it again.
  ready.catch(() => undefined);
  return {
    ready,
    release() {
      if (released) return;
      released = true;
      slot.close(false);
    },
  };
}
