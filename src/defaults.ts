import type { BackendName, CocoSsdBase, Detector, DetectOverlayOptions, DetectorName, MirrorMode } from './types.js';
import { DetectOverlayError, describeValue } from './errors.js';

/** The options after defaults and aliases are applied. */
export interface ResolvedOptions {
  detector: DetectorName | Detector;
  base: CocoSsdBase;
  modelUrl: string | undefined;
  apiServer: string | undefined;
  requestTimeoutMs: number;
  /** 0: no limit. */
  loadTimeoutMs: number;
  backend: BackendName;
  wasmPaths: string | undefined;
  wasmThreads: boolean | undefined;
  worker: boolean | 'auto';
  workerUrl: string | undefined;
  sampleWidth: number;
  maxFps: number;
  motion: boolean;
  motionThreshold: number;
  pixelThreshold: number;
  maxSkipMs: number;
  /** `undefined` means: the detector's own default. */
  scoreThreshold: number | undefined;
  maxDetections: number;
  classes: string[] | undefined;
  excludeClasses: string[] | undefined;
  mirror: MirrorMode;
  holdMs: number;
  followMotion: boolean;
  overlay: boolean;
  container: HTMLElement | string | undefined;
  showLabels: boolean;
  lineWidth: number;
  signal: AbortSignal | undefined;
  onProgress: ((fraction: number) => void) | undefined;
}

/** The options once the model's place is decided (`worker: 'auto'` settled): what builds a detector. */
export type PlacedOptions = Omit<ResolvedOptions, 'worker'> & { worker: boolean };

/** Score threshold when neither the user nor the detector names one (coco-ssd's own default). */
export const FALLBACK_SCORE_THRESHOLD = 0.5;

/** Every default in one place. `scoreThreshold` defaults to the detector's own (0.5 coco-ssd, 0.3 centernet). */
export const DEFAULTS = {
  detector: 'coco-ssd',
  base: 'lite_mobilenet_v2',
  backend: 'auto',
  sampleWidth: 640,
  maxFps: 15,
  motion: true,
  motionThreshold: 0.0015,
  pixelThreshold: 32,
  maxSkipMs: 2000,
  maxDetections: 20,
  mirror: 'auto',
  holdMs: 3000,
  followMotion: true,
  overlay: true,
  showLabels: true,
  lineWidth: 2,
  requestTimeoutMs: 5000,
  loadTimeoutMs: 60_000,
  worker: 'auto',
} as const satisfies Partial<ResolvedOptions>;

export const DETECTOR_NAMES: readonly DetectorName[] = ['coco-ssd', 'centernet', 'remote'];
export const BASES: readonly CocoSsdBase[] = ['lite_mobilenet_v2', 'mobilenet_v1', 'mobilenet_v2'];
export const BACKENDS: readonly BackendName[] = ['auto', 'webgl', 'wasm', 'cpu'];

/** Options that only `attach()` reads; `update()` refuses them. */
export const RESTART_OPTIONS = [
  'detector', 'base', 'modelUrl', 'apiServer', 'requestTimeoutMs', 'loadTimeoutMs', 'backend', 'wasmPaths', 'wasmThreads', 'worker', 'workerUrl', 'overlay', 'container', 'signal', 'onProgress',
] as const;

const ALIASES = { uploadWidth: 'sampleWidth', changeThreshold: 'motionThreshold' } as const;

const KNOWN_KEYS = new Set<string>([...Object.keys(DEFAULTS), ...Object.keys(ALIASES),
  'modelUrl', 'apiServer', 'wasmPaths', 'wasmThreads', 'workerUrl', 'scoreThreshold', 'classes', 'excludeClasses', 'container', 'signal', 'onProgress']);

/** True when a value looks like a user-supplied Detector. */
function isDetector(value: unknown): value is Detector {
  if (typeof value !== 'object' || value === null) return false;
  const v = value as Partial<Detector>;
  return typeof v.load === 'function' && typeof v.detect === 'function' && typeof v.dispose === 'function';
}

function invalid(key: string, value: unknown, expected: string): DetectOverlayError {
  return new DetectOverlayError('invalid-option', `option "${key}" must be ${expected}, got ${describeValue(value)}`);
}

function num(key: string, value: unknown, min: number, max: number, integer = false): number {
  if (typeof value !== 'number' || Number.isNaN(value) || value < min || value > max || (integer && !Number.isInteger(value))) {
    throw invalid(key, value, `${integer ? 'an integer' : 'a number'} from ${min} to ${max}`);
  }
  return value;
}

function bool(key: string, value: unknown): boolean {
  if (typeof value !== 'boolean') throw invalid(key, value, 'true or false');
  return value;
}

function oneOf<T extends string>(key: string, value: unknown, allowed: readonly T[]): T {
  if (typeof value !== 'string' || !(allowed as readonly string[]).includes(value)) {
    throw invalid(key, value, `one of ${allowed.map((a) => `"${a}"`).join(', ')}`);
  }
  return value as T;
}

function str(key: string, value: unknown): string {
  if (typeof value !== 'string' || value.trim() === '') throw invalid(key, value, 'a non-empty string');
  return value;
}

/** An http(s) URL, absolute or relative to the page: what a detection server is reached at. */
function httpUrl(key: string, value: unknown): string {
  const text = str(key, value);
  let protocol: string;
  try {
    // Resolved against a stand-in http base: a relative URL stays http, a `javascript:` or `data:` one does not.
    protocol = new URL(text, 'http://relative.invalid/').protocol;
  } catch {
    throw invalid(key, value, 'an http(s) URL or a path relative to the page');
  }
  if (protocol !== 'http:' && protocol !== 'https:') throw invalid(key, value, 'an http(s) URL or a path relative to the page');
  return text;
}

function list(key: string, value: unknown): string[] {
  if (!Array.isArray(value) || value.some((v) => typeof v !== 'string' || v.trim() === '')) {
    throw invalid(key, value, 'an array of class names');
  }
  return value.map((v: string) => v.trim());
}

/**
 * Checks one partial options object and returns only the keys it sets, aliases folded in.
 * Throws `invalid-option` naming the first bad key and value. Unknown keys go to `warn`.
 */
export function validateOptions(input: unknown, warn: (message: string) => void = () => {}): Partial<ResolvedOptions> {
  if (input === undefined || input === null) return {};
  if (typeof input !== 'object' || Array.isArray(input)) throw invalid('options', input, 'an object');
  const raw: Record<string, unknown> = { ...(input as Record<string, unknown>) };
  const out: Partial<ResolvedOptions> = {};
  for (const key of Object.keys(raw)) {
    if (!KNOWN_KEYS.has(key)) warn(`unknown option "${key}" ignored`);
  }
  for (const [alias, target] of Object.entries(ALIASES)) {
    if (raw[alias] !== undefined && raw[target] === undefined) raw[target] = raw[alias];
  }
  const has = (key: string): boolean => raw[key] !== undefined;
  if (has('detector')) {
    const d = raw.detector;
    out.detector = isDetector(d) ? d : oneOf('detector', d, DETECTOR_NAMES);
  }
  if (has('base')) out.base = oneOf('base', raw.base, BASES);
  if (has('modelUrl')) out.modelUrl = str('modelUrl', raw.modelUrl);
  if (has('apiServer')) out.apiServer = httpUrl('apiServer', raw.apiServer);
  if (has('requestTimeoutMs')) out.requestTimeoutMs = num('requestTimeoutMs', raw.requestTimeoutMs, 100, 600_000);
  if (has('loadTimeoutMs')) out.loadTimeoutMs = num('loadTimeoutMs', raw.loadTimeoutMs, 0, 3_600_000);
  if (has('backend')) out.backend = oneOf('backend', raw.backend, BACKENDS);
  if (has('wasmPaths')) out.wasmPaths = str('wasmPaths', raw.wasmPaths);
  if (has('wasmThreads')) out.wasmThreads = bool('wasmThreads', raw.wasmThreads);
  if (has('worker')) {
    if (raw.worker !== 'auto' && typeof raw.worker !== 'boolean') throw invalid('worker', raw.worker, 'true, false or "auto"');
    out.worker = raw.worker;
  }
  if (has('workerUrl')) out.workerUrl = str('workerUrl', raw.workerUrl);
  if (has('sampleWidth')) out.sampleWidth = num('sampleWidth', raw.sampleWidth, 32, 4096, true);
  if (has('maxFps')) out.maxFps = num('maxFps', raw.maxFps, 0, 240);
  if (has('motion')) out.motion = bool('motion', raw.motion);
  if (has('motionThreshold')) out.motionThreshold = num('motionThreshold', raw.motionThreshold, 0, 1);
  if (has('pixelThreshold')) out.pixelThreshold = num('pixelThreshold', raw.pixelThreshold, 1, 255);
  if (has('maxSkipMs')) out.maxSkipMs = num('maxSkipMs', raw.maxSkipMs, 0, 3_600_000);
  if (has('scoreThreshold')) out.scoreThreshold = num('scoreThreshold', raw.scoreThreshold, 0, 1);
  if (has('maxDetections')) out.maxDetections = num('maxDetections', raw.maxDetections, 1, 500, true);
  if (has('classes')) out.classes = list('classes', raw.classes);
  if (has('excludeClasses')) out.excludeClasses = list('excludeClasses', raw.excludeClasses);
  if (has('mirror')) {
    if (raw.mirror !== 'auto' && typeof raw.mirror !== 'boolean') throw invalid('mirror', raw.mirror, 'true, false or "auto"');
    out.mirror = raw.mirror;
  }
  if (has('holdMs')) out.holdMs = num('holdMs', raw.holdMs, 0, 3_600_000);
  if (has('followMotion')) out.followMotion = bool('followMotion', raw.followMotion);
  if (has('overlay')) out.overlay = bool('overlay', raw.overlay);
  if (has('container')) {
    const c = raw.container;
    const isElement = typeof HTMLElement !== 'undefined' && c instanceof HTMLElement;
    if (!isElement && typeof c !== 'string') throw invalid('container', c, 'an element, an id or a CSS selector');
    out.container = c as HTMLElement | string;
  }
  if (has('showLabels')) out.showLabels = bool('showLabels', raw.showLabels);
  if (has('lineWidth')) out.lineWidth = num('lineWidth', raw.lineWidth, 0.5, 20);
  if (has('signal')) {
    const s = raw.signal as AbortSignal;
    if (typeof s !== 'object' || typeof s.aborted !== 'boolean') throw invalid('signal', s, 'an AbortSignal');
    out.signal = s;
  }
  if (has('onProgress')) {
    if (typeof raw.onProgress !== 'function') throw invalid('onProgress', raw.onProgress, 'a function');
    out.onProgress = raw.onProgress as (fraction: number) => void;
  }
  return out;
}

/** Full options for `attach()`: defaults, then the user's (validated) values. Pure. */
export function resolveOptions(input?: DetectOverlayOptions, warn?: (message: string) => void): ResolvedOptions {
  const given = validateOptions(input, warn);
  if (given.apiServer !== undefined && given.detector === undefined) given.detector = 'remote';
  if (given.detector === 'remote' && given.apiServer === undefined) {
    throw new DetectOverlayError('invalid-option', 'option "detector" is "remote" but no "apiServer" URL is given');
  }
  if (given.worker === true && given.detector !== undefined && typeof given.detector !== 'string') {
    throw new DetectOverlayError('invalid-option', `option "worker" runs the built-in models only; a detector object ("${given.detector.name}") cannot be sent to a worker`);
  }
  return {
    ...DEFAULTS,
    modelUrl: undefined,
    apiServer: undefined,
    wasmPaths: undefined,
    wasmThreads: undefined,
    workerUrl: undefined,
    scoreThreshold: undefined,
    classes: undefined,
    excludeClasses: undefined,
    container: undefined,
    signal: undefined,
    onProgress: undefined,
    ...given,
  };
}

/** Checks a partial update: valid values, and no option that needs a new `attach()`. Pure. */
export function resolveUpdate(current: ResolvedOptions, patch: unknown, warn?: (message: string) => void): ResolvedOptions {
  const given = validateOptions(patch, warn);
  for (const key of RESTART_OPTIONS) {
    if (key in given) {
      throw new DetectOverlayError('invalid-option',
        `option "${key}" cannot change with update(); destroy() and attach() again (got ${describeValue(given[key])})`);
    }
  }
  return { ...current, ...given };
}
