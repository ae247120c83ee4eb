/**
 * The script tag's `data-*` attributes → options. Pure: a name → value map in (as
 * `element.attributes` gives it; HTML lower-cases names), options out.
 * An attribute is the option's name in kebab-case or in objDetect.js's camelCase
 * (data-sample-width, data-sampleWidth, data-uploadWidth): dashes and case do not matter.
 */
import type { DetectOverlayOptions } from '../types.js';
import { DetectOverlayError } from '../errors.js';
import { OPTIONS, type AttributeKind, type OptionKey } from './schema.js';
import { OPTION_KEYS } from './resolve.js';

/**
 * Attribute key (after `data-`, dashes removed, lower case) → option. A Map: a page's
 * `data-constructor` or `data-__proto__` must not find Object.prototype's members.
 */
const ATTRIBUTES: ReadonlyMap<string, OptionKey> = new Map<string, OptionKey>(OPTION_KEYS.flatMap((key) => {
  const spec = OPTIONS[key];
  if (spec.attribute === undefined) return [];
  const names = [key, ...(spec.aliases ?? []), ...(spec.attributeAliases ?? [])];
  return names.map((name) => [name.toLowerCase(), key] as const);
}));

/** What a script tag asks for. */
export interface ScriptConfig {
  /** `data-source`: the id of the video element; undefined means: do not auto-attach. */
  source: string | undefined;
  options: DetectOverlayOptions;
}

function bad(attribute: string, value: string, expected: string): DetectOverlayError {
  return new DetectOverlayError('invalid-option', `attribute ${attribute} must be ${expected}, got ${JSON.stringify(value)}`);
}

function readBoolean(attribute: string, value: string): boolean {
  const v = value.trim().toLowerCase();
  if (v === '' || v === 'true' || v === '1' || v === 'yes' || v === 'on') return true;
  if (v === 'false' || v === '0' || v === 'no' || v === 'off') return false;
  throw bad(attribute, value, 'true or false');
}

/** Longest JSON an attribute may hold (a page's typo must not make us parse megabytes). */
const MAX_JSON_CHARS = 100_000;

function readJson(attribute: string, value: string): unknown {
  if (value.length > MAX_JSON_CHARS) throw bad(attribute, value.slice(0, 40), `JSON of at most ${MAX_JSON_CHARS} characters`);
  try {
    return JSON.parse(value) as unknown;
  } catch {
    throw bad(attribute, value, 'JSON');
  }
}

function readValue(attribute: string, value: string, kind: AttributeKind): unknown {
  switch (kind) {
    case 'number': {
      const n = value.trim() === '' ? Number.NaN : Number(value);
      if (!Number.isFinite(n)) throw bad(attribute, value, 'a number');
      return n;
    }
    case 'boolean':
      return readBoolean(attribute, value);
    case 'boolean-or-auto':
      return value.trim().toLowerCase() === 'auto' ? 'auto' : readBoolean(attribute, value);
    case 'string':
      return value.trim();
    case 'list':
      return value.split(',').map((s) => s.trim()).filter(Boolean);
    case 'json':
      return readJson(attribute, value);
  }
}

/**
 * Reads `data-*` attributes. Throws `invalid-option` naming the attribute and its value.
 * Unknown `data-*` attributes go to `warn`.
 */
export function parseAttributes(attributes: Record<string, string>, warn: (message: string) => void = () => {}): ScriptConfig {
  const options: Record<string, unknown> = Object.create(null) as Record<string, unknown>;
  let source: string | undefined;
  for (const [name, value] of Object.entries(attributes)) {
    const lower = name.toLowerCase();
    if (!lower.startsWith('data-')) continue;
    const key = lower.slice(5).replace(/-/g, '');
    if (key === 'source') {
      source = value.trim().replace(/^#/, '') || undefined;
      continue;
    }
    const option = ATTRIBUTES.get(key);
    if (option === undefined) {
      warn(`unknown attribute ${name} ignored`);
      continue;
    }
    const spec = OPTIONS[option];
    const verdict = spec.check(readValue(name, value, spec.attribute!));
    if (!verdict.ok) throw bad(name, value, verdict.expected);
    options[option] = verdict.value;
  }
  return { source, options: { ...options } as DetectOverlayOptions };
}

/** Collects an element's attributes into the map `parseAttributes` reads. */
export function attributeMap(element: { attributes: ArrayLike<{ name: string; value: string }> }): Record<string, string> {
  const map: Record<string, string> = Object.create(null) as Record<string, string>;
  for (let i = 0; i < element.attributes.length; i++) {
    const a = element.attributes[i]!;
    map[a.name] = a.value;
  }
  return map;
}
