/**
 * The defaults a user reads (README's options table, the JSDoc of `DetectOverlayOptions`) are the
 * ones the code applies: each plain default in `DEFAULTS` appears in both.
 */
import { readFileSync } from 'node:fs';
import { expect, test } from '@playwright/test';
import { DEFAULTS } from '../../src/defaults.js';

const readme = readFileSync(new URL('../../README.md', import.meta.url), 'utf8');
const types = readFileSync(new URL('../../src/types.ts', import.meta.url), 'utf8');

/** How a default is written in the docs: `'auto'`, `true`, `3000`. */
function written(value: unknown): string {
  return typeof value === 'string' ? `'${value}'` : String(value);
}

for (const [key, value] of Object.entries(DEFAULTS)) {
  test(`the default of ${key} (${written(value)}) is the one README and the JSDoc state`, () => {
    const row = readme.split('\n').find((line) => line.startsWith(`| \`${key}\``));
    expect(row, `README has no options row for ${key}`).toBeDefined();
    const cell = row!.split('|')[2]!;
    expect(cell, `README's default for ${key}`).toContain(`\`${written(value)}\``);
    // The JSDoc block right above the field: `Default X` (strings in backticks, as `'auto'`).
    const field = types.indexOf(`\n  ${key}?:`);
    expect(field, `DetectOverlayOptions has no field ${key}`).toBeGreaterThan(0);
    const doc = types.slice(types.lastIndexOf('/**', field), field);
    const stated = /Default (`[^`]+`|\d+(?:\.\d+)?)/.exec(doc)?.[1]?.replace(/`/g, '');
    expect(stated, `JSDoc of ${key} states no default`).toBeDefined();
    expect(stated, `JSDoc default of ${key}`).toBe(written(value));
  });
}
