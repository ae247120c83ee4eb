/** The payloads of an overlay's events, its stats and its state: what it tells the page. */
import type { DetectOverlayError } from './errors.js';
import type { Detection } from './types.js';

/** What the TF.js engine running the model holds, from `overlay.memory()`. */
export interface ModelMemory {
  /** Where the model runs: the page's TF.js, the detection worker's, or a detection server (nothing held here). */
  where: 'page' | 'worker' | 'server';
  /** Live tensors in that engine (on the page: every model of the page's TF.js, not only ours). */
  numTensors: number;
  /** Bytes those tensors hold. */
  numBytes: number;
}

/** Running counters, read from `overlay.stats` or the `stats` event. */
export interface DetectOverlayStats {
  /**
   * This overlay's turns at the machine it shares with the page's other overlays (see `priority`):
   * `state` says why it waits or not (`running` its inference, `waiting` for its turn, `capped` by
   * its `maxFps`, `offscreen`, `idle`: no frame wants inference, e.g. a still picture); `weight` is
   * its priority times its size on screen; `share` its part of the inference time among the
   * overlays wanting turns now (0 to 1); `turns` how many it had. The rate it gets is `fps`.
   */
  turns: { state: 'running' | 'waiting' | 'capped' | 'offscreen' | 'idle'; weight: number; share: number; turns: number };
  /** Frames taken from the video (after the fps cap). */
  framesSampled: number;
  /** Sampled frames the motion gate let through without inference. */
  framesGated: number;
  /** Inferences run. */
  inferences: number;
  /** Mean inference time, ms (model only, including input conversion). */
  avgInferenceMs: number;
  /** Mean motion-gate time per sampled frame, ms. */
  avgGateMs: number;
  /** Inferences per second over the last 3 s, or over the last two results when fewer came (at most 30 s back). */
  fps: number;
  /** The TF.js backend in use. */
  backend: string;
  /** The model runs in the detection worker (`worker: true`, or `'auto'` without hardware WebGL), not on the page. */
  worker: boolean;
  /**
   * Threads the model's WASM computes on when WASM threads run (a cross-origin isolated page): on
   * the page TF.js's default, half the logical cores (1 to 8); in the detection worker at least 2
   * where there are 2 cores or more. Else 1; 0 when the backend is not WASM.
   */
  threads: number;
  /**
   * How the gate reads frames: `worker` (the decoded frame's Y plane via WebCodecs, copied and averaged in the
   * page's gate worker: the main thread only hands the frame over, the same cost at any resolution), `luma` (the same
   * on the main thread, where no worker can start: ~0.4 ms at 640x480, ~3 ms at 4K), `canvas`
   * (drawImage + getImageData: browsers without `VideoFrame`, RGB frames), or `''` before the first read / gate off.
   */
  gateReader: 'stream' | 'worker' | 'luma' | 'canvas' | '';
  /**
   * How the detector's input was read: `frame` (the decoded frame converted to RGBA via WebCodecs, ~0.6 ms
   * at 640x480; when no scaling is needed), `canvas` (drawImage; scaling, WebGL, browsers without `VideoFrame`),
   * or `''` before the first inference. The remote detector and WebGL always take the canvas.
   */
  sampleReader: 'frame' | 'canvas' | '';
}

/** Payload of `backendchange`. */
export interface BackendChangeEvent {
  /** The backend that was lost, e.g. `'webgl'`. */
  from: string;
  /** The backend detection runs on from now, e.g. `'wasm'`. */
  to: string;
  reason: 'context-lost';
  /** How long the switch and the model reload took, ms (no detection meanwhile). */
  ms: number;
}

/** Payload of `ready`. */
export interface ReadyEvent {
  detector: string;
  backend: string;
  /** How long `attach()` took to load and warm up, ms. */
  loadMs: number;
}

/** Payload of `detections`. */
export interface DetectionsEvent {
  detections: Detection[];
  /** The video's intrinsic size the boxes refer to. */
  frame: { width: number; height: number };
  /** `performance.now()` at sampling time. */
  timestamp: number;
  /** How long this inference took, ms. */
  inferenceMs: number;
}

/** Payload of `motion`: one per sampled frame. */
export interface MotionEvent {
  /** Fraction of gate pixels that changed against the reference frame. */
  score: number;
  /** True when the frame goes on to detection. */
  changed: boolean;
  /** Why: `first` frame, `motion`, `heartbeat`, `off` (gate disabled) or `still`. */
  reason: 'first' | 'motion' | 'heartbeat' | 'off' | 'still';
  /** What the gate cost on this frame, ms (draw, read back, grey, compare; 0 when off). */
  ms: number;
}

/** A tracked object, as track events and `overlay.tracks` give it (video pixels, video time in seconds). */
export interface TrackInfo {
  id: number;
  label: string;
  /** Score and box of its latest match. */
  score: number;
  bbox: [number, number, number, number];
  /** Video time (s) of its first and latest match: `video.currentTime`'s clock, except that it does not go back when the video loops or seeks back. */
  firstSeen: number;
  lastSeen: number;
}

/** Payload of `track-enter` (a track is confirmed) and `track-leave` (it ended). */
export interface TrackEvent {
  track: TrackInfo;
  /** Video time (s) of the frame that decided it. */
  videoTime: number;
}

/** Payload of `zone-enter`, `zone-leave` and `dwell`. */
export interface ZoneEvent extends TrackEvent {
  zone: string;
}

/** Payload of `line-cross`: `in` is crossing to the right of the line's arrow (from → to) as seen on screen. */
export interface LineCrossEvent extends TrackEvent {
  line: string;
  direction: 'in' | 'out';
}

/** `overlay.counts`: per zone, who is in it now; per line, the crossings each way (since the start or `resetCounts()`); in all and by class. */
export interface ZoneCounts {
  zones: Record<string, { inside: number; byClass: Record<string, number> }>;
  lines: Record<string, { in: number; out: number; byClass: Record<string, { in: number; out: number }> }>;
}

/** Payload of `source-stalled`: the video plays but no new frame came (a live stream's publisher left, the network dropped). */
export interface SourceStalledEvent {
  /** How long no new frame has come, ms. */
  sinceMs: number;
  /** `video.currentTime` (s) when the stall was noticed. */
  videoTime: number;
}

/** Payload of `source-resumed`: frames come again after a `source-stalled`. */
export interface SourceResumedEvent {
  /** How long no new frame came, ms. */
  stalledMs: number;
  videoTime: number;
}

/** The typed event map of `overlay.on()`. */
export interface DetectOverlayEvents {
  /** A new object is tracked (its track confirmed). With `tracking` on. */
  'track-enter': TrackEvent;
  /** A tracked object is gone (not seen for `maxLostMs`, a new source, stop or destroy). */
  'track-leave': TrackEvent;
  /** A tracked object's anchor came into a zone. */
  'zone-enter': ZoneEvent;
  /** It left the zone (or its track ended). */
  'zone-leave': ZoneEvent;
  /** It has been in the zone for `dwellMs` (once per visit). */
  dwell: ZoneEvent;
  /** It crossed a line. */
  'line-cross': LineCrossEvent;
  ready: ReadyEvent;
  detections: DetectionsEvent;
  motion: MotionEvent;
  stats: DetectOverlayStats;
  /** The TF.js backend changed under a running overlay: after a WebGL context loss it moved on (to WASM, else CPU) and reloaded the model. */
  backendchange: BackendChangeEvent;
  /** The source stopped giving new frames for 2 s while playing: once per stall. Boxes expire after `holdMs` meanwhile; nothing is detected on the last frame. */
  'source-stalled': SourceStalledEvent;
  /** New frames come again after `source-stalled`; detection goes on by itself. */
  'source-resumed': SourceResumedEvent;
  error: DetectOverlayError;
}

/** Lifecycle state of one overlay. */
export type OverlayState = 'loading' | 'running' | 'stopped' | 'destroyed';
