/**
 * A time limit on loading: one signal that fires when the caller's signal does or when `ms` pass
 * (0: never), and a promise that rejects with `model-load-failed` at that moment, so that a load
 * which ignores its signal still cannot keep `attach()` pending.
 */
import { DetectOverlayError } from '../errors.js';

export interface Deadline {
  /** Fires on the caller's abort or at the deadline. */
  readonly signal: AbortSignal;
  /** Rejects at the deadline (never resolves). */
  readonly expired: Promise<never>;
  /** Clears the timer and unhooks the caller's signal. Safe twice. */
  dispose(): void;
}

export function deadline(ms: number, outer: AbortSignal | undefined, what: string): Deadline {
  const controller = new AbortController();
  let reject: (error: DetectOverlayError) => void = () => {};
  const expired = new Promise<never>((_, r) => { reject = r; });
  expired.catch(() => {}); // nobody may be racing it any more when it fires
  const onAbort = (): void => controller.abort(outer?.reason);
  if (outer?.aborted) onAbort();
  else outer?.addEventListener('abort', onAbort, { once: true });
  const timer = ms > 0 ? setTimeout(() => {
    const error = new DetectOverlayError('model-load-failed', `${what} did not finish within ${ms} ms (loadTimeoutMs): the model host is slow or not answering`);
    controller.abort(error);
    reject(error);
  }, ms) : undefined;
  return {
    signal: controller.signal,
    expired,
    dispose() {
      clearTimeout(timer);
      outer?.removeEventListener('abort', onAbort);
    },
  };
}
