
/** One detected object: plain, serialisable data in the video's intrinsic pixels. */
export interface Detection {
  /** Class name, coco-ssd's spelling (`person`, `dining table`, ...). */
  label: string;
  /** Confidence, 0..1. */
  score: number;
  /** `[x, y, width, height]` in the video's intrinsic pixels (videoWidth x videoHeight). */
  bbox: [number, number, number, number];
  /**
   * The object's track: a small integer, unique within one overlay, the same while it is the same
   * object (see the `tracking` option). Only on shown boxes of confirmed tracks; a detector never sets it.
   */
  id?: number;
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
  /**
   * Keep a built-in model's weight files in the browser's Cache API, so the next visit reads them
   * from disk (each checked with the server by a HEAD request: a changed file is fetched again).
   * Default `true`. Restart.
   */
  cacheModels?: boolean;
  /** coco-ssd base network. Default `'lite_mobilenet_v2'`. Restart. */
  base?: CocoSsdBase;
  /**
   * Where the model's `model.json` is. Default: coco-ssd's public hosting for `'coco-ssd'`;
   * `models/centernet/centernet.json` (relative to the page) for `'centernet'`. Restart.
   */
  modelUrl?: string;
  /** TF.js backend. Default `'auto'`: WebGL when hardware-backed, else WASM, else CPU. Restart. */
  backend?: BackendName;
  /**
   * Folder (URL ending in `/`) holding the `tfjs-backend-wasm*.wasm` files. Default: where the
   * app's build put the package's copies (beside the script-tag bundle for a script tag). Restart.
   */
  wasmPaths?: string;
  /**
   * Let the WASM backend use threads. Default: when the page is cross-origin isolated (COOP/COEP)
   * and may start workers from `blob:` scripts (a CSP may forbid them: probed once, then no threads).
   * Threads that fail to start (a bundler's minifier broke TF.js's thread code) are dropped with a
   * warning; `true` makes that a `backend-unavailable` error. Restart.
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
  /**
   * URL of the worker script: `detect-overlay.worker.js` (WASM and CPU), or `detect-overlay.worker-webgl.js`
   * (WebGL too) for a worker that computes on WebGL. Default: where the app's build put the one
   * needed (beside the script-tag bundle for a script tag). Restart.
   */
  workerUrl?: string;
  /** Width in pixels the frame is sampled at before detection (height keeps the aspect). Default 640. */
  sampleWidth?: number;
  /** objDetect.js's name for `sampleWidth`. */
  uploadWidth?: number;
  /** Most frames sampled per second; 0 means no cap (every video frame). Default 15. */
  maxFps?: number;
  /**
   * This overlay's weight among the overlays of the page that share the machine (one model computes
   * one frame at a time): when they cannot all run at their `maxFps`, each gets inference time in
   * proportion to its priority times its size on screen. E.g. 4 for the active speaker's tile. Default 1.
   */
  priority?: number;
  /**
   * Pause while the video is scrolled out of view (no frames read, no inference, boxes and tracks
   * cleared), resuming at once when it is back. `false` keeps detecting off screen (counting in
   * zones, alerts). Default `true`.
   */
  pauseOffscreen?: boolean;
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
  /**
   * Score thresholds per class, over `scoreThreshold` for those classes, e.g.
   * `{ person: 0.4, 'sports ball': 0.6 }` (the `data-score-thresholds` attribute takes the same
   * as JSON). At most 200 classes. Default: none.
   */
  scoreThresholds?: Record<string, number>;
  /**
   * Track objects across results: each shown box gets a stable `id` while it is the same object,
   * a box is shown once its track is confirmed (`minHits` results, or one over `trackHighScore`),
   * so a one-result false positive never flickers on, and `track-enter` / `track-leave` events
   * fire. `false`: every box over the threshold is shown as found, without ids. Default `true`.
   */
  tracking?: boolean;
  /** Results a new track must be matched in before it is shown (the first result after attach, a restart or a new source shows its boxes at once). Default 2. */
  minHits?: number;
  /** A confirmed track not seen for this long (ms of video) ends (`track-leave`); one that left through an edge of the picture, after 500 ms. Default 3000. */
  maxLostMs?: number;
  /** A new track with a score at or over this is shown at once. Default 0.75. */
  trackHighScore?: number;
  /**
   * Boxes under the score threshold but at or over this keep an existing track alive (a dip in
   * confidence, a partial occlusion); they start none. Default 0.1.
   */
  trackLowScore?: number;
  /**
   * Named polygons in normalised video coordinates (0..1 of the intrinsic frame):
   * `[{ name: 'door', points: [[0.1, 0.5], [0.3, 0.5], [0.3, 0.9]], classes?: ['person'] }]`. A tracked
   * object is in a zone when its `anchor` point is; `zone-enter`, `zone-leave` and `dwell` events
   * follow, and `overlay.counts` says who is in each. At most 50 zones of 3 to 1000 corners, not
   * crossing themselves. Needs `tracking`. Default none.
   */
  zones?: ReadonlyArray<{ name: string; points: ReadonlyArray<readonly [number, number]>; classes?: string[] | undefined }>;
  /**
   * Named segments, normalised: `[{ name: 'road', from: [0, 0.6], to: [1, 0.6] }]`. A tracked object
   * whose anchor passes from one side to the other fires `line-cross` with a direction: `in` to the
   * right of the arrow from `from` to `to` as seen on screen, `out` back. At most 50. Default none.
   */
  lines?: ReadonlyArray<{ name: string; from: readonly [number, number]; to: readonly [number, number]; classes?: string[] | undefined }>;
  /** The point of a box that is in a zone or crosses a line: `'bottom'` (centre of its bottom edge: feet on the ground) or `'center'`. Default `'bottom'`. */
  anchor?: 'bottom' | 'center';
  /** A `dwell` event fires once per visit after this long in a zone (ms of video). Default 5000. */
  dwellMs?: number;
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

/** Anything `attach()` accepts as a target. */
export type AttachTarget = HTMLVideoElement | string | MediaStream | MediaStreamTrack | TrackLike;

/** A LiveKit-style track: `RemoteVideoTrack` or anything with `mediaStreamTrack` and/or `attach()`. */
export interface TrackLike {
  mediaStreamTrack?: MediaStreamTrack;
  attach?: () => HTMLMediaElement;
  detach?: (element: HTMLMediaElement) => unknown;
  attachedElements?: HTMLMediaElement[];
}
