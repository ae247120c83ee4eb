/** Whether the frame loop samples the current video frame. Pure: state and time in, verdict out. */

/** HTMLMediaElement.HAVE_CURRENT_DATA */
export const HAVE_CURRENT_DATA = 2;

export interface FrameState {
  readyState: number;
  paused: boolean;
  ended: boolean;
  /** `document.hidden` */
  hidden: boolean;
  videoWidth: number;
  videoHeight: number;
}

export type SampleVerdict = 'sample' | 'not-ready' | 'paused' | 'hidden' | 'throttled';

/**
 * Decides whether one frame callback samples the frame (for the gate, and for detection when
 * none is in flight). `maxFps` 0 means no cap. Frame callbacks jitter, so a frame arriving up
 * to 10% early still counts (else a 30 fps video capped at 15 would sample at 10).
 */
export function sampleVerdict(state: FrameState, now: number, lastSampleAt: number, maxFps: number): SampleVerdict {
  if (state.hidden) return 'hidden';
  if (state.readyState < HAVE_CURRENT_DATA || state.videoWidth <= 0 || state.videoHeight <= 0) return 'not-ready';
  if (state.paused || state.ended) return 'paused';
  if (maxFps > 0 && now - lastSampleAt < (1000 / maxFps) * 0.9) return 'throttled';
  return 'sample';
}

/** Size of the sampled frame: `sampleWidth` wide (never upscaled), aspect kept, even-free integers. */
export function sampleSize(videoWidth: number, videoHeight: number, sampleWidth: number): { width: number; height: number } {
  if (videoWidth <= 0 || videoHeight <= 0) return { width: 0, height: 0 };
  const width = Math.min(sampleWidth, videoWidth);
  return { width, height: Math.max(1, Math.round((width * videoHeight) / videoWidth)) };
}
