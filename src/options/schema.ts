/**
 * The one description of every option: its default, its check, whether a change needs a new
 * `attach()`, and how a script tag's `data-*` attribute spells it. Everything else is derived
 * from this table (see resolve.ts and attributes.ts): the defaults, the known keys, the restart
 * set, attribute parsing, `ResolvedOptions`, the React hook's restart key and the demo's restart
 * list. What each option does for a user is written once, on `DetectOverlayOptions` (types.ts),
 * and in README's options table; test/unit/docs.test.ts keeps both in line with this table.
 *
 * Adding an option: a field on `DetectOverlayOptions`, a row here, a row in README's table, and
 * the part that reads it gets it through its view (views.ts).
 */
import type { BackendName, CocoSsdBase, Detector, DetectOverlayOptions, DetectorName, MirrorMode } from '../types.js';
import * as check from './checks.js';
import { lineList, zoneList } from './zone-checks.js';
import type { LineDef, ZoneDef } from '../core/zone-watcher.js';
import type { Anchor } from '../core/zones.js';

/** How a `data-*` attribute's text is read before the option's check. */
export type AttributeKind = 'number' | 'boolean' | 'boolean-or-auto' | 'string' | 'list' | 'json';

export interface OptionSpec<T> {
  /** The value when the user gives none (`undefined`: a part decides, e.g. the detector's own threshold). */
  readonly default: T;
  readonly check: check.Check<T>;
  /** Only `attach()` reads it; `update()` refuses it. */
  readonly restart: boolean;
  /** How its `data-*` attribute is read; absent: there is none (a function, a signal). */
  readonly attribute?: AttributeKind;
  /** Other names that set it, kept from objDetect.js (also read as attributes). */
  readonly aliases?: readonly string[];
  /** Extra attribute-only spellings. */
  readonly attributeAliases?: readonly string[];
}

type Extra = Pick<OptionSpec<unknown>, 'attribute' | 'aliases' | 'attributeAliases'>;

/** An option `update()` can change. */
function live<T>(fallback: NoInfer<T>, test: check.Check<NonNullable<T>>, extra: Extra = {}): OptionSpec<T> {
  return { default: fallback, check: test as check.Check<T>, restart: false, ...extra };
}

/** An option only `attach()` reads. */
function restart<T>(fallback: NoInfer<T>, test: check.Check<NonNullable<T>>, extra: Extra = {}): OptionSpec<T> {
  return { ...live(fallback, test, extra), restart: true };
}

export const DETECTOR_NAMES: readonly DetectorName[] = ['coco-ssd', 'centernet', 'remote'];
export const BASES: readonly CocoSsdBase[] = ['lite_mobilenet_v2', 'mobilenet_v1', 'mobilenet_v2'];
export const BACKENDS: readonly BackendName[] = ['auto', 'webgl', 'wasm', 'cpu'];

/** The options' canonical names (objDetect.js's names map onto them). */
export type OptionKey = Exclude<keyof DetectOverlayOptions, 'uploadWidth' | 'changeThreshold'>;

const number = 'number';
const boolean = 'boolean';
const string = 'string';

/** Every option, in the order options are checked (the first bad one is reported). */
export const OPTIONS = {
  detector: restart<DetectorName | Detector>('coco-ssd', check.detectorChoice(DETECTOR_NAMES), { attribute: string }),
  base: restart<CocoSsdBase>('lite_mobilenet_v2', check.oneOf(BASES), { attribute: string }),
  modelUrl: restart<string | undefined>(undefined, check.text, { attribute: string }),
  apiServer: restart<string | undefined>(undefined, check.httpUrl, { attribute: string }),
  requestTimeoutMs: restart(5000, check.number(100, 600_000), { attribute: number }),
  /** 0: no limit. */
  loadTimeoutMs: restart(60_000, check.number(0, 3_600_000), { attribute: number }),
  cacheModels: restart(true, check.boolean, { attribute: boolean }),
  backend: restart<BackendName>('auto', check.oneOf(BACKENDS), { attribute: string }),
  wasmPaths: restart<string | undefined>(undefined, check.text, { attribute: string, attributeAliases: ['wasmpath'] }),
  wasmThreads: restart<boolean | undefined>(undefined, check.boolean, { attribute: boolean }),
  worker: restart<boolean | 'auto'>('auto', check.booleanOrAuto, { attribute: 'boolean-or-auto' }),
  workerUrl: restart<string | undefined>(undefined, check.text, { attribute: string }),
  sampleWidth: live(640, check.number(32, 4096, true), { attribute: number, aliases: ['uploadWidth'] }),
  maxFps: live(15, check.number(0, 240), { attribute: number }),
  priority: live(1, check.number(0.01, 100), { attribute: number }),
  pauseOffscreen: live(true, check.boolean, { attribute: boolean }),
  motion: live(true, check.boolean, { attribute: boolean }),
  motionThreshold: live(0.0015, check.number(0, 1), { attribute: number, aliases: ['changeThreshold'] }),
  pixelThreshold: live(32, check.number(1, 255), { attribute: number }),
  maxSkipMs: live(2000, check.number(0, 3_600_000), { attribute: number }),
  scoreThreshold: live<number | undefined>(undefined, check.number(0, 1), { attribute: number }),
  maxDetections: live(20, check.number(1, 500, true), { attribute: number }),
  scoreThresholds: live<Record<string, number> | undefined>(undefined, check.classScores, { attribute: 'json' }),
  tracking: live(true, check.boolean, { attribute: boolean }),
  minHits: live(2, check.number(1, 100, true), { attribute: number }),
  maxLostMs: live(3000, check.number(0, 3_600_000), { attribute: number }),
  trackHighScore: live(0.75, check.number(0, 1), { attribute: number }),
  trackLowScore: live(0.1, check.number(0, 1), { attribute: number }),
  zones: live<ZoneDef[] | undefined>(undefined, zoneList, { attribute: 'json' }),
  lines: live<LineDef[] | undefined>(undefined, lineList, { attribute: 'json' }),
  anchor: live<Anchor>('bottom', check.oneOf(['bottom', 'center'] as const), { attribute: string }),
  dwellMs: live(5000, check.number(0, 3_600_000), { attribute: number }),
  classes: live<string[] | undefined>(undefined, check.classList, { attribute: 'list' }),
  excludeClasses: live<string[] | undefined>(undefined, check.classList, { attribute: 'list' }),
  mirror: live<MirrorMode>('auto', check.booleanOrAuto, { attribute: 'boolean-or-auto' }),
  holdMs: live(3000, check.number(0, 3_600_000), { attribute: number }),
  followMotion: live(true, check.boolean, { attribute: boolean }),
  overlay: restart(true, check.boolean, { attribute: boolean }),
  container: restart<HTMLElement | string | undefined>(undefined, check.elementOrSelector, { attribute: string }),
  showLabels: live(true, check.boolean, { attribute: boolean }),
  lineWidth: live(2, check.number(0.5, 20), { attribute: number }),
  signal: restart<AbortSignal | undefined>(undefined, check.abortSignal),
  onProgress: restart<((fraction: number) => void) | undefined>(undefined, check.progressCallback),
} satisfies { readonly [K in OptionKey]: OptionSpec<DetectOverlayOptions[K]> };

type Schema = typeof OPTIONS;

/** The options after defaults and aliases are applied: each option's type as its row says. */
export type ResolvedOptions = { -readonly [K in keyof Schema]: Schema[K] extends OptionSpec<infer T> ? T : never };

/** The options that always have a value (a default that is not `undefined`). */
export type DefaultedKey = { [K in OptionKey]: undefined extends ResolvedOptions[K] ? never : K }[OptionKey];
