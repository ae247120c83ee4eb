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
 * none is in flight). `dueAt` is when the fps cap next allows a sample ({@link nextSampleDue});
 * `maxFps` 0 means no cap. A frame up to 10% of an interval early still counts.
 */
export function sampleVerdict(state: FrameState, now: number, dueAt: number, maxFps: number): SampleVerdict {
  if (state.hidden) return 'hidden';
  if (state.readyState < HAVE_CURRENT_DATA || state.videoWidth <= 0 || state.videoHeight <= 0) return 'not-ready';
  if (state.paused || state.ended) return 'paused';
  if (maxFps > 0 && now < dueAt - (1000 / maxFps) * 0.1) return 'throttled';
  return 'sample';
}

/**
 * When the next sample is due after sampling at `now` (`dueAt` was this sample's due time;
 * `-Infinity` before the first). The cap is kept on average, not between each pair of frames:
 * frame callbacks land on display refreshes, so a 15 fps video shows its frames 83 and 50 ms
 * apart on a 60 Hz display, and a strict 66.7 ms gap would drop every second frame (8 fps
 * sampled under a 15 fps cap). Late samples earn back at most half an interval, so two samples
 * are never closer than half an interval.
 */
export function nextSampleDue(dueAt: number, now: number, maxFps: number): number {
  if (maxFps <= 0) return Number.NEGATIVE_INFINITY;
  const interval = 1000 / maxFps;
  if (!Number.isFinite(dueAt)) return now + interval;
  return Math.max(dueAt + interval, now + interval / 2);
}

/** Size of the sampled frame: `sampleWidth` wide (never upscaled), aspect kept, even-free integers. */
export function sampleSize(videoWidth: number, videoHeight: number, sampleWidth: number): { width: number; height: number } {
  if (videoWidth <= 0 || videoHeight <= 0) return { width: 0, height: 0 };
  const width = Math.min(sampleWidth, videoWidth);
  return { width, height: Math.max(1, Math.round((width * videoHeight) / videoWidth)) };
}
