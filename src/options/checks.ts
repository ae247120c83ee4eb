/**
 * Value checks for options, one per kind of value. A check returns data: the value it accepts
 * (trimmed class names, ...) or, for anything else, what it expected. The caller words the error
 * (an option's or an attribute's), so nothing re-parses a message.
 */
import type { Detector } from '../types.js';

/** A check's verdict. */
export type Verdict<T> = { readonly ok: true; readonly value: T } | { readonly ok: false; readonly expected: string };
/** Checks one value from outside. */
export type Check<T> = (value: unknown) => Verdict<T>;

const accept = <T>(value: T): Verdict<T> => ({ ok: true, value });
const refuse = (expected: string): Verdict<never> => ({ ok: false, expected });

/** A number from `min` to `max` (NaN never passes); an integer where `integer`. */
export function number(min: number, max: number, integer = false): Check<number> {
  const expected = `${integer ? 'an integer' : 'a number'} from ${min} to ${max}`;
  return (v) => (typeof v === 'number' && v >= min && v <= max && (!integer || Number.isInteger(v)) ? accept(v) : refuse(expected));
}

export const boolean: Check<boolean> = (v) => (typeof v === 'boolean' ? accept(v) : refuse('true or false'));

/** `true`, `false` or `'auto'`. */
export const booleanOrAuto: Check<boolean | 'auto'> = (v) =>
  (v === 'auto' || typeof v === 'boolean' ? accept(v) : refuse('true, false or "auto"'));

/** One of a few names. */
export function oneOf<T extends string>(allowed: readonly T[]): Check<T> {
  const expected = `one of ${allowed.map((a) => `"${a}"`).join(', ')}`;
  return (v) => (typeof v === 'string' && (allowed as readonly string[]).includes(v) ? accept(v as T) : refuse(expected));
}

export const text: Check<string> = (v) => (typeof v === 'string' && v.trim() !== '' ? accept(v) : refuse('a non-empty string'));

/** An http(s) URL, absolute or relative to the page: what a detection server is reached at. */
export const httpUrl: Check<string> = (v) => {
  const expected = 'an http(s) URL or a path relative to the page';
  if (!text(v).ok) return refuse(expected);
  try {
    // Resolved against a stand-in http base: a relative URL stays http, a `javascript:` or `data:` one does not.
    const { protocol } = new URL(v as string, 'http://relative.invalid/');
    return protocol === 'http:' || protocol === 'https:' ? accept(v as string) : refuse(expected);
  } catch {
    return refuse(expected);
  }
};

/** Class names; each is trimmed. */
export const classList: Check<string[]> = (v) =>
  (Array.isArray(v) && v.every((s) => typeof s === 'string' && s.trim() !== '')
    ? accept(v.map((s: string) => s.trim()))
    : refuse('an array of class names'));

/** True when a value looks like a user-supplied Detector. */
export function isDetector(value: unknown): value is Detector {
  if (typeof value !== 'object' || value === null) return false;
  const v = value as Partial<Detector>;
  return typeof v.load === 'function' && typeof v.detect === 'function' && typeof v.dispose === 'function';
}

/** A built-in detector's name, or a detector object. */
export function detectorChoice<T extends string>(names: readonly T[]): Check<T | Detector> {
  const byName = oneOf(names);
  return (v) => (isDetector(v) ? accept(v) : byName(v));
}

/** An element, or an id / CSS selector to look one up by later. */
export const elementOrSelector: Check<HTMLElement | string> = (v) => {
  const isElement = typeof HTMLElement !== 'undefined' && v instanceof HTMLElement;
  return isElement || typeof v === 'string' ? accept(v as HTMLElement | string) : refuse('an element, an id or a CSS selector');
};

export const abortSignal: Check<AbortSignal> = (v) =>
  (typeof v === 'object' && v !== null && typeof (v as AbortSignal).aborted === 'boolean' ? accept(v as AbortSignal) : refuse('an AbortSignal'));

export const progressCallback: Check<(fraction: number) => void> = (v) =>
  (typeof v === 'function' ? accept(v as (fraction: number) => void) : refuse('a function'));

/** Most classes `scoreThresholds` may name. */
export const MAX_CLASS_SCORES = 200;

/** `{ className: score 0..1 }`, copied into an object without a prototype (a class named `constructor` is just a class). */
export const classScores: Check<Record<string, number>> = (v) => {
  const expected = `an object of class names to scores from 0 to 1 (at most ${MAX_CLASS_SCORES})`;
  if (typeof v !== 'object' || v === null || Array.isArray(v)) return refuse(expected);
  const entries = Object.entries(v);
  if (entries.length > MAX_CLASS_SCORES) return refuse(expected);
  const out = Object.create(null) as Record<string, number>;
  for (const [label, score] of entries) {
    if (label.trim() === '' || label.length > 100 || typeof score !== 'number' || !(score >= 0 && score <= 1)) return refuse(expected);
    out[label.trim()] = score;
  }
  return accept(out);
};
