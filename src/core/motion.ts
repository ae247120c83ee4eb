/**
 * The motion-change gate: pure maths on small grey frames, time passed in.
 * A frame goes on to detection when enough of its pixels differ from the reference
 * (the last frame that went on), on the first frame, and on a heartbeat.
 */

/** Settings of the gate; all live-updatable. */
export interface MotionGateOptions {
  /** Gate on/off. Off: every frame passes with reason `off`. */
  enabled: boolean;
  /** Grey-level difference that marks a pixel as changed (1..255). */
  pixelThreshold: number;
  /** Fraction of changed pixels that counts as motion (0..1). */
  motionThreshold: number;
  /** Pass at least this often (ms) even without motion. */
  maxSkipMs: number;
}

/** The gate's verdict on one frame. */
export interface GateDecision {
  changed: boolean;
  score: number;
  reason: 'first' | 'motion' | 'heartbeat' | 'off' | 'still';
}

/**
 * Converts RGBA pixels to 8-bit luma (BT.601 weights in fixed point) into `out`.
 * `out.length` pixels are converted; `rgba` must hold at least 4x as many bytes.
 */
export function rgbaToGray(rgba: Uint8ClampedArray | Uint8Array, out: Uint8Array): Uint8Array {
  const n = out.length;
  for (let i = 0, j = 0; i < n; i++, j += 4) {
    out[i] = (rgba[j]! * 77 + rgba[j + 1]! * 150 + rgba[j + 2]! * 29) >> 8;
  }
  return out;
}

/** Fraction (0..1) of pixels whose grey level differs by more than `pixelThreshold`. */
export function changedFraction(reference: Uint8Array, current: Uint8Array, pixelThreshold: number): number {
  const n = Math.min(reference.length, current.length);
  if (n === 0) return 0;
  let changed = 0;
  for (let i = 0; i < n; i++) {
    const d = reference[i]! - current[i]!;
    if (d > pixelThreshold || -d > pixelThreshold) changed++;
  }
  return changed / n;
}

/** Size of the gate's grey frame for a video of the given size: `width` wide, aspect kept. */
export function gateSize(videoWidth: number, videoHeight: number, width = 160): { width: number; height: number } {
  if (videoWidth <= 0 || videoHeight <= 0) return { width: 0, height: 0 };
  const w = Math.min(width, videoWidth);
  return { width: w, height: Math.max(1, Math.round((w * videoHeight) / videoWidth)) };
}

/** Slow change is caught when this many times `motionThreshold` has built up since the last pass. */
export const DRIFT_FACTOR = 10;

/**
 * Decides, frame by frame, whether detection runs. Motion is measured against the previous
 * checked frame (so camera noise and slow shake don't add up to "motion"), and drift against
 * the last frame that passed (so a slow change still triggers once it is large).
 */
export class MotionGate {
  private previous: Uint8Array | null = null;
  private reference: Uint8Array | null = null;
  private lastPassAt = Number.NEGATIVE_INFINITY;

  constructor(private options: MotionGateOptions) {}

  update(options: Partial<MotionGateOptions>): void {
    this.options = { ...this.options, ...options };
  }

  /** Forgets the reference: the next frame passes as `first`. */
  reset(): void {
    this.previous = null;
    this.reference = null;
    this.lastPassAt = Number.NEGATIVE_INFINITY;
  }

  /** False when the gate is off: callers may then skip reading pixels. */
  get enabled(): boolean {
    return this.options.enabled;
  }

  /** Decides on one grey frame at time `now` (ms). Check every sampled frame, in order. */
  check(gray: Uint8Array | null, now: number): GateDecision {
    const o = this.options;
    if (!o.enabled || gray === null) {
      this.lastPassAt = now;
      return { changed: true, score: 0, reason: 'off' };
    }
    if (this.previous === null || this.reference === null || this.previous.length !== gray.length) {
      this.previous = new Uint8Array(gray);
      this.reference = new Uint8Array(gray);
      this.lastPassAt = now;
      return { changed: true, score: 1, reason: 'first' };
    }
    let score = changedFraction(this.previous, gray, o.pixelThreshold);
    this.previous.set(gray);
    let reason: GateDecision['reason'] = 'still';
    if (score > o.motionThreshold) {
      reason = 'motion';
    } else {
      const drift = changedFraction(this.reference, gray, o.pixelThreshold);
      if (drift > o.motionThreshold * DRIFT_FACTOR) {
        reason = 'motion';
        score = drift;
      } else if (now - this.lastPassAt >= o.maxSkipMs) {
        reason = 'heartbeat';
      }
    }
    if (reason === 'still') return { changed: false, score, reason };
    this.reference.set(gray);
    this.lastPassAt = now;
    return { changed: true, score, reason };
  }
}
