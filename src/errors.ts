/** Every failure the SDK reports carries one of these codes. */
export type DetectOverlayErrorCode =
  | 'invalid-option'
  | 'source-not-found'
  | 'source-not-video'
  | 'model-load-failed'
  | 'backend-unavailable'
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

/** True for a DetectOverlayError, optionally of one code. */
export function isDetectOverlayError(value: unknown, code?: DetectOverlayErrorCode): value is DetectOverlayError {
  return value instanceof DetectOverlayError && (code === undefined || value.code === code);
}

/** Wraps anything thrown into a DetectOverlayError, keeping the original as `cause`. */
export function toDetectOverlayError(value: unknown, code: DetectOverlayErrorCode, context: string): DetectOverlayError {
  if (value instanceof DetectOverlayError) return value;
  const detail = value instanceof Error ? value.message : String(value);
  return new DetectOverlayError(code, `${context}: ${detail}`, value);
}

/** Shows a value inside an error message: strings quoted, everything else as JSON where possible. */
export function describeValue(value: unknown): string {
  if (typeof value === 'string') return JSON.stringify(value);
  if (typeof value === 'number' || typeof value === 'boolean' || value == null) return String(value);
  if (typeof value === 'function') return 'a function';
  if (typeof Element !== 'undefined' && value instanceof Element) return `<${value.tagName.toLowerCase()}>`;
  try {
    const json = JSON.stringify(value);
    return json.length > 80 ? `${json.slice(0, 77)}...` : json;
  } catch {
    return Object.prototype.toString.call(value);
  }
}
