/**
 * The script tag's `data-*` attributes → options. Pure: a name → value map in (as
 * `element.attributes` gives it; HTML lower-cases names), options out.
 * Both the kebab-case names and the ancestor's camelCase ones (data-uploadWidth,
 * data-scoreThreshold) are read.
 */
import type { DetectOverlayOptions } from '../types.js';
import { validateOptions } from '../defaults.js';
import { DetectOverlayError, isDetectOverlayError } from '../errors.js';

type Kind = 'number' | 'boolean' | 'auto-boolean' | 'string' | 'list';

/**
 * Attribute key (after `data-`, dashes removed, lower case) → option and how to read it. A Map:
 * a page's `data-constructor` or `data-__proto__` must not find Object.prototype's members.
 */
const ATTRIBUTES = new Map<string, [keyof DetectOverlayOptions, Kind]>(Object.entries({
  scorethreshold: ['scoreThreshold', 'number'],
  samplewidth: ['sampleWidth', 'number'],
  uploadwidth: ['sampleWidth', 'number'],
  mirror: ['mirror', 'auto-boolean'],
  maxfps: ['maxFps', 'number'],
  motion: ['motion', 'boolean'],
  motionthreshold: ['motionThreshold', 'number'],
  changethreshold: ['motionThreshold', 'number'],
  pixelthreshold: ['pixelThreshold', 'number'],
  maxskipms: ['maxSkipMs', 'number'],
  holdms: ['holdMs', 'number'],
  followmotion: ['followMotion', 'boolean'],
  detector: ['detector', 'string'],
  modelurl: ['modelUrl', 'string'],
  apiserver: ['apiServer', 'string'],
  requesttimeoutms: ['requestTimeoutMs', 'number'],
  loadtimeoutms: ['loadTimeoutMs', 'number'],
  base: ['base', 'string'],
  backend: ['backend', 'string'],
  wasmpath: ['wasmPaths', 'string'],
  wasmpaths: ['wasmPaths', 'string'],
  wasmthreads: ['wasmThreads', 'boolean'],
  worker: ['worker', 'auto-boolean'],
  workerurl: ['workerUrl', 'string'],
  classes: ['classes', 'list'],
  excludeclasses: ['excludeClasses', 'list'],
  maxdetections: ['maxDetections', 'number'],
  showlabels: ['showLabels', 'boolean'],
  container: ['container', 'string'],
} satisfies Record<string, [keyof DetectOverlayOptions, Kind]>) as Array<[string, [keyof DetectOverlayOptions, Kind]]>);

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

function readValue(attribute: string, value: string, kind: Kind): unknown {
  switch (kind) {
    case 'number': {
      const n = value.trim() === '' ? Number.NaN : Number(value);
      if (!Number.isFinite(n)) throw bad(attribute, value, 'a number');
      return n;
    }
    case 'boolean':
      return readBoolean(attribute, value);
    case 'auto-boolean':
      return value.trim().toLowerCase() === 'auto' ? 'auto' : readBoolean(attribute, value);
    case 'string':
      return value.trim();
    case 'list':
      return value.split(',').map((s) => s.trim()).filter(Boolean);
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
    const entry = ATTRIBUTES.get(key);
    if (!entry) {
      warn(`unknown attribute ${name} ignored`);
      continue;
    }
    const [option, kind] = entry;
    const parsed = readValue(name, value, kind);
    try {
      validateOptions({ [option]: parsed });
    } catch (error) {
      if (isDetectOverlayError(error)) {
        const expected = error.message.replace(/^.*must be (.*), got .*$/, '$1');
        throw bad(name, value, expected);
      }
      throw error;
    }
    options[option] = parsed;
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
