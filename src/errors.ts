/** Every failure the SDK reports carries one of these codes. */
export type DetectOverlayErrorCode =
  | 'invalid-option'
  | 'source-not-found'
  | 'source-not-video'
  | 'model-load-failed'
  | 'backend-unavailable'
  | 'asset-not-found'
  | 'cross-origin-frame'
  | 'detection-failed'
  | 'aborted'
  | 'destroyed';

/**
 * The one error type of detect-overlay. `code` is stable and meant for programs;
 * `message` names the bad value and is meant for people.
 */
export class DetectOverlayError extends Error {
  override readonly name = 'DetectOverlayError';
  readonly code: DetectOverlayErrorCode;
  override readonly cause?: unknown;
  /** The message without its `[detect-overlay] code:` prefix (what is passed on, e.g. from a worker). */
  readonly detail: string;

  constructor(code: DetectOverlayErrorCode, message: string, cause?: unknown) {
    super(`[detect-overlay] ${code}: ${message}`);
    this.code = code;
    this.detail = message;
    if (cause !== undefined) this.cause = cause;
  }
}

/** The `aborted` error for `what` (e.g. "loading", "attach()"), the signal's reason as its cause. */
export function abortedError(what: string, signal?: AbortSignal): DetectOverlayError {
  return new DetectOverlayError('aborted', `${what} was aborted`, signal?.reason);
}

/** True for a DetectOverlayError, optionally of one code. */
export function isDetectOverlayError(value: unknown, code?: DetectOverlayErrorCode): value is DetectOverlayError {
  return value instanceof DetectOverlayError && (code === undefined || value.code === code);
}

/** Wraps anything thrown into a DetectOverlayError, keeping the original as `cause`. */
export function toDetectOverlayError(value: unknown, code: DetectOverlayErrorCode, context: string): DetectOverlayError {
  if (value instanceof DetectOverlayError) return value;
  return new DetectOverlayError(code, `${context}: ${describeThrown(value)}`, value);
}

/**
 * What was thrown, for a message: an Error's (or error-like object's) message, a string as is,
 * anything else as a value ("a thrown {"status":500}", not "[object Object]").
 */
export function describeThrown(value: unknown): string {
  if (value instanceof DetectOverlayError) return value.detail;
  if (value instanceof Error) return value.message;
  if (typeof value === 'string') return shorten(value, 300);
  const message = typeof value === 'object' && value !== null ? (value as { message?: unknown }).message : undefined;
  if (typeof message === 'string' && message) return shorten(message, 300);
  return `a thrown ${describeValue(value)}`;
}

function shorten(text: string, max: number): string {
  return text.length > max ? `${text.slice(0, max - 3)}...` : text;
}

/** Shows a value inside an error message: strings quoted, everything else as JSON where possible; long ones cut. */
export function describeValue(value: unknown): string {
  if (typeof value === 'string') return JSON.stringify(shorten(value, 80));
  if (typeof value === 'number' || typeof value === 'boolean' || value == null) return String(value);
  if (typeof value === 'function') return 'a function';
  if (typeof Element !== 'undefined' && value instanceof Element) return `<${value.tagName.toLowerCase()}>`;
  try {
    const json = JSON.stringify(value);
    return json === undefined ? String(value) : shorten(json, 80);
  } catch {
    return Object.prototype.toString.call(value);
  }
}
