/**
 * Options in, checked options out, all from the table in schema.ts. Pure.
 */
import type { DetectOverlayOptions } from '../types.js';
import { DetectOverlayError, describeValue } from '../errors.js';
import { OPTIONS, type DefaultedKey, type OptionKey, type ResolvedOptions } from './schema.js';

/** Score threshold when neither the user nor the detector names one (coco-ssd's own default). */
export const FALLBACK_SCORE_THRESHOLD = 0.5;

/** The canonical option names, in checking order. */
export const OPTION_KEYS = Object.keys(OPTIONS) as OptionKey[];

/** Every default that is a value. `scoreThreshold` defaults to the detector's own (0.5 coco-ssd, 0.3 centernet). */
export const DEFAULTS = Object.freeze(Object.fromEntries(
  OPTION_KEYS.filter((k) => OPTIONS[k].default !== undefined).map((k) => [k, OPTIONS[k].default]),
)) as { readonly [K in DefaultedKey]: ResolvedOptions[K] };

/** Options that only `attach()` reads; `update()` refuses them. */
export const RESTART_OPTIONS: readonly OptionKey[] = OPTION_KEYS.filter((k) => OPTIONS[k].restart);

/** objDetect.js's names → the option they set. */
const ALIASES: ReadonlyMap<string, OptionKey> = new Map<string, OptionKey>(OPTION_KEYS.flatMap((k) => (OPTIONS[k].aliases ?? []).map((a) => [a, k] as const)));

const KNOWN_KEYS: ReadonlySet<string> = new Set<string>([...OPTION_KEYS, ...ALIASES.keys()]);

export function invalidOption(key: string, value: unknown, expected: string): DetectOverlayError {
  return new DetectOverlayError('invalid-option', `option "${key}" must be ${expected}, got ${describeValue(value)}`);
}

/** The value given for `key`, under its own name or (when that is absent) an alias. */
function given(raw: Record<string, unknown>, key: OptionKey): unknown {
  if (raw[key] !== undefined) return raw[key];
  for (const alias of OPTIONS[key].aliases ?? []) if (raw[alias] !== undefined) return raw[alias];
  return undefined;
}

/**
 * Checks one partial options object and returns only the keys it sets, aliases folded in.
 * Throws `invalid-option` naming the first bad key and value. Unknown keys go to `warn`.
 */
export function validateOptions(input: unknown, warn: (message: string) => void = () => {}): Partial<ResolvedOptions> {
  if (input === undefined || input === null) return {};
  if (typeof input !== 'object' || Array.isArray(input)) throw invalidOption('options', input, 'an object');
  const raw = input as Record<string, unknown>;
  for (const key of Object.keys(raw)) {
    if (!KNOWN_KEYS.has(key)) warn(`unknown option "${key}" ignored`);
  }
  const out: Record<string, unknown> = {};
  for (const key of OPTION_KEYS) {
    const value = given(raw, key);
    if (value === undefined) continue;
    const verdict = OPTIONS[key].check(value);
    if (!verdict.ok) throw invalidOption(key, value, verdict.expected);
    out[key] = verdict.value;
  }
  return out as Partial<ResolvedOptions>;
}

/** Full options for `attach()`: defaults, then the user's (validated) values. Pure. */
export function resolveOptions(input?: DetectOverlayOptions, warn?: (message: string) => void): ResolvedOptions {
  const chosen = validateOptions(input, warn);
  if (chosen.apiServer !== undefined && chosen.detector === undefined) chosen.detector = 'remote';
  if (chosen.detector === 'remote' && chosen.apiServer === undefined) {
    throw new DetectOverlayError('invalid-option', 'option "detector" is "remote" but no "apiServer" URL is given');
  }
  if (chosen.worker === true && chosen.detector !== undefined && typeof chosen.detector !== 'string') {
    throw new DetectOverlayError('invalid-option', `option "worker" runs the built-in models only; a detector object ("${chosen.detector.name}") cannot be sent to a worker`);
  }
  const defaults = Object.fromEntries(OPTION_KEYS.map((k) => [k, OPTIONS[k].default])) as ResolvedOptions;
  return checkTogether({ ...defaults, ...chosen });
}

/** Rules between options, for attach() and update() alike. */
function checkTogether(o: ResolvedOptions): ResolvedOptions {
  if (!o.tracking && ((o.zones?.length ?? 0) > 0 || (o.lines?.length ?? 0) > 0)) {
    throw new DetectOverlayError('invalid-option', 'options "zones" and "lines" follow tracked objects: they need "tracking" on, and it is false');
  }
  return o;
}

/** Checks a partial update: valid values, and no option that needs a new `attach()`. Pure. */
export function resolveUpdate(current: ResolvedOptions, patch: unknown, warn?: (message: string) => void): ResolvedOptions {
  const chosen = validateOptions(patch, warn);
  for (const key of RESTART_OPTIONS) {
    if (key in chosen) {
      throw new DetectOverlayError('invalid-option',
        `option "${key}" cannot change with update(); destroy() and attach() again (got ${describeValue(chosen[key])})`);
    }
  }
  return checkTogether({ ...current, ...chosen });
}
