import type { DetectOverlayError } from './errors.js';

/** One detected object: plain, serialisable data in the video's intrinsic pixels. */
export interface Detection {
  /** Class name, coco-ssd's spelling (`person`, `dining table`, ...). */
  label: string;
  /** Confidence, 0..1. */
  score: number;
  /** `[x, y, width, height]` in the video's intrinsic pixels (videoWidth x videoHeight). */
  bbox: [number, number, number, number];
}

// The detector contract: what every detector, built-in or your own, implements.

/** What a detector is given to look at: the sampled frame, already scaled to `sampleWidth`. */
export type DetectorInput = HTMLCanvasElement | ImageData;

/** Options passed to `Detector.load`. */
export interface DetectorLoadOptions {
  /** Cancels loading; the load then rejects with an `aborted` error. */
  signal?: AbortSignal;
  /** Called with 0..1 while weights download, where the model format reports it. */
  onProgress?: (fraction: number) => void;
}

/** Hints passed to every `Detector.detect` call. A detector may return more; the pipeline filters. */
export interface DetectOptions {
  /** Candidates under this score may be dropped early (0: the pipeline filters, so threshold changes apply at once). */
  minScore: number;
  /** The score threshold in force, e.g. to send to a detection server. */
  scoreThreshold: number;
  /** At most this many candidates are needed. */
  maxDetections: number;
}

/**
 * The one interface every detector implements, built-in or your own.
 * `detect` returns boxes in the input's pixels: `[x, y, width, height]`.
 */
export interface Detector {
  /** A short name for logs and the `ready` event, e.g. `'centernet'`. */
  readonly name: string;
  /** Score threshold this model works well with, used when the user sets none. */
  readonly defaultScoreThreshold?: number;
  /** `'canvas'`: always give me the sampled canvas; `'pixels'`: always ImageData (default: ImageData off WebGL, as TF.js reads pixels anyway). */
  readonly input?: 'canvas' | 'pixels';
  /** False when no TF.js backend is needed (a remote detector). Default true. */
  readonly needsBackend?: boolean;
  /** Loads weights and warms up. Called once before any `detect`; again after `dispose()` when the WebGL context was lost (re-create your model there). */
  load(options: DetectorLoadOptions): Promise<void>;
  /** Finds objects in one frame. Must not leak tensors. */
  detect(input: DetectorInput, options: DetectOptions): Promise<Detection[]>;
  /** Frees the model. Safe to call twice. */
  dispose(): void;
}

/** Names of the built-in detectors. */
export type DetectorName = 'coco-ssd' | 'centernet' | 'remote';
/** coco-ssd's three published bases. */
export type CocoSsdBase = 'lite_mobilenet_v2' | 'mobilenet_v1' | 'mobilenet_v2';
/** TF.js backend choice. `auto` avoids software-rendered WebGL. */
export type BackendName = 'auto' | 'webgl' | 'wasm' | 'cpu';
/** The backend actually in use. */
export type ActiveBackend = Exclude<BackendName, 'auto'>;
/** `auto` follows the video's own CSS mirroring (`scaleX(-1)`, `rotateY(180deg)`, `scale: -1 1`); a mirrored wrapper needs no flip (the canvas is inside it). */
export type MirrorMode = boolean | 'auto';

/**
 * Everything `attach()` and `update()` accept. Every field is optional; defaults are listed on each.
 * Fields marked "restart" are only read by `attach()`; `update()` rejects them.
 */
export interface DetectOverlayOptions {
  /**
   * Which model runs: `'coco-ssd'`, `'centernet'`, `'remote'` (a detection server, see `apiServer`)
   * or your own `Detector`. Default `'coco-ssd'`, or `'remote'` when `apiServer` is set. Restart.
   */
  detector?: DetectorName | Detector;
  /** URL frames are posted to with `detector: 'remote'` (objDetect.js's `data-apiServer`). Restart. */
  apiServer?: string;
  /** A detection server request taking longer than this (ms) is abandoned with an error event. Default 5000. Restart. */
  requestTimeoutMs?: number;
  /**
   * `attach()` fails with `model-load-failed` when the model's files have not all arrived within
   * this many ms (a model host that never finishes cannot leave it pending); the downloads are
   * cancelled. Only the download counts, not the backend's start or the warm-up. 0: no limit.
   * Default 60000. Restart.
   */
  loadTimeoutMs?: number;
  /** coco-ssd base network. Default `'lite_mobilenet_v2'`. Restart. */
  base?: CocoSsdBase;
  /**
   * Where the model's `model.json` is. Default: coco-ssd's public hosting for `'coco-ssd'`;
   * `models/centernet/centernet.json` (relative to the page) for `'centernet'`. Restart.
   */
  modelUrl?: string;
  /** TF.js backend. Default `'auto'`: WebGL when hardware-backed, else WASM, else CPU. Restart. */
  backend?: BackendName;
  /** Folder (URL ending in `/`) holding the `tfjs-backend-wasm*.wasm` files. Default: next to the bundle. Restart. */
  wasmPaths?: string;
  /**
   * Let the WASM backend use threads. Default: when the page is cross-origin isolated (COOP/COEP)
   * and may start workers from `blob:` scripts (a CSP may forbid them: probed once, then no threads). Restart.
   */
  wasmThreads?: boolean;
  /**
   * Run the built-in model in a Web Worker (its own TF.js, WASM or WebGL on an OffscreenCanvas):
   * no inference on the page's main thread. The page keeps sampling, gating and drawing.
   * Default `'auto'`: in the worker when the model would compute on the CPU (WASM or plain JS,
   * i.e. no hardware WebGL), on the page otherwise, and on the page when the worker script cannot
   * start (with a console warning). `true` insists (a missing worker script is an error); `false`
   * keeps the model on the page. Not for your own detector object (it cannot be sent to a worker). Restart.
   */
  worker?: boolean | 'auto';
  /** URL of `detect-overlay.worker.js`. Default: beside the bundle. Restart. */
  workerUrl?: string;
  /** Width in pixels the frame is sampled at before detection (height keeps the aspect). Default 640. */
  sampleWidth?: number;
  /** objDetect.js's name for `sampleWidth`. */
  uploadWidth?: number;
  /** Most frames sampled per second; 0 means no cap (every video frame). Default 15. */
  maxFps?: number;
  /** Motion gate on/off: with it on, still pictures are not re-detected. Default `true`. */
  motion?: boolean;
  /** Fraction (0..1) of gate pixels that must change to count as motion. Default 0.0015. */
  motionThreshold?: number;
  /** objDetect.js's name for `motionThreshold`. */
  changeThreshold?: number;
  /** Grey-level difference (1..255) that marks one gate pixel as changed. Default 32. */
  pixelThreshold?: number;
  /** Heartbeat: run detection at least this often (ms) even without motion. Default 2000. */
  maxSkipMs?: number;
  /** Minimum score (0..1) for a box to be shown. Default 0.5 (0.3 for centernet, whose scores run lower). */
  scoreThreshold?: number;
  /** Most boxes kept per frame, best first. Default 20. */
  maxDetections?: number;
  /** Only these class names are kept. Default: all. */
  classes?: string[];
  /** These class names are dropped. Default: none. */
  excludeClasses?: string[];
  /** Flip box positions horizontally. Default `'auto'` (follow the video's CSS mirroring). */
  mirror?: MirrorMode;
  /** Boxes older than this (ms) are removed while the video plays. Default 3000. */
  holdMs?: number;
  /**
   * Between inferences, move each box along its object's motion (its speed from the last two
   * results, for as long as the motion gate sees the picture moving), so boxes stay on moving
   * objects instead of trailing by the inference time. Only the drawing and `overlay.detections`
   * move; `detections` events carry the model's boxes for the frame it ran on. Default `true`.
   */
  followMotion?: boolean;
  /** Draw the overlay canvas. `false` only emits events. Default `true`. Restart. */
  overlay?: boolean;
  /** Put the overlay canvas in this element (or id / selector) instead of next to the video. Restart. */
  container?: HTMLElement | string;
  /** Draw `"{label} {score}%"` above each box. Default `true`. */
  showLabels?: boolean;
  /** Line width of boxes in CSS pixels. Default 2. */
  lineWidth?: number;
  /** Cancels loading; `attach()` then rejects with an `aborted` error. Restart. */
  signal?: AbortSignal;
  /** Called with 0..1 while the model downloads. Restart. */
  onProgress?: (fraction: number) => void;
}

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
  /** Inferences per second over the last few seconds. */
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
   * How the gate reads frames: `luma` (the decoded frame's Y plane via WebCodecs, ~0.3 ms),
   * `canvas` (drawImage + getImageData: browsers without `VideoFrame`, RGB frames), or `''` before the first read / gate off.
   */
  gateReader: 'luma' | 'canvas' | '';
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

/** The typed event map of `overlay.on()`. */
export interface DetectOverlayEvents {
  ready: ReadyEvent;
  detections: DetectionsEvent;
  motion: MotionEvent;
  stats: DetectOverlayStats;
  /** The TF.js backend changed under a running overlay: after a WebGL context loss it moved on (to WASM, else CPU) and reloaded the model. */
  backendchange: BackendChangeEvent;
  error: DetectOverlayError;
}

/** Lifecycle state of one overlay. */
export type OverlayState = 'loading' | 'running' | 'stopped' | 'destroyed';

/** Anything `attach()` accepts as a target. */
export type AttachTarget = HTMLVideoElement | string | MediaStream | MediaStreamTrack | TrackLike;

/** A LiveKit-style track: `RemoteVideoTrack` or anything with `mediaStreamTrack` and/or `attach()`. */
export interface TrackLike {
  mediaStreamTrack?: MediaStreamTrack;
  attach?: () => HTMLMediaElement;
  detach?: (element: HTMLMediaElement) => unknown;
  attachedElements?: HTMLMediaElement[];
}
