/**
 * What a user reads (README's options table, the JSDoc of `DetectOverlayOptions`) says what the
 * option table (src/options/schema.ts) does: every option has a README row, each plain default
 * appears in both, and exactly the restart options are marked so in both.
 */
import { readFileSync } from 'node:fs';
import { expect, test } from '@playwright/test';
import { DEFAULTS, OPTION_KEYS } from '../../src/options/resolve.js';
import { OPTIONS } from '../../src/options/schema.js';

const readme = readFileSync(new URL('../../README.md', import.meta.url), 'utf8');
const typesFile = readFileSync(new URL('../../src/types.ts', import.meta.url), 'utf8');
/** From `DetectOverlayOptions` on (other interfaces above it have fields of the same names). */
const types = typesFile.slice(typesFile.indexOf('export interface DetectOverlayOptions'));

/** How a default is written in the docs: `'auto'`, `true`, `3000`. */
function written(value: unknown): string {
  return typeof value === 'string' ? `'${value}'` : String(value);
}

function readmeRow(key: string): string {
  const row = readme.split('\n').find((line) => line.startsWith(`| \`${key}\``));
  expect(row, `README has no options row for ${key}`).toBeDefined();
  return row!;
}

/** The JSDoc block right above the field in DetectOverlayOptions. */
function jsdoc(key: string): string {
  const field = types.indexOf(`\n  ${key}?:`);
  expect(field, `DetectOverlayOptions has no field ${key}`).toBeGreaterThan(0);
  const end = types.lastIndexOf('*/', field);
  expect(types.slice(end + 2, field).trim(), `${key} has a JSDoc block of its own`).toBe('');
  return types.slice(types.lastIndexOf('/**', field), field);
}

for (const [key, value] of Object.entries(DEFAULTS)) {
  test(`the default of ${key} (${written(value)}) is the one README and the JSDoc state`, () => {
    const cell = readmeRow(key).split('|')[2]!;
    expect(cell, `README's default for ${key}`).toContain(`\`${written(value)}\``);
    // `Default X` (strings in backticks, as `'auto'`).
    const stated = /Default (`[^`]+`|\d+(?:\.\d+)?)/.exec(jsdoc(key))?.[1]?.replace(/`/g, '');
    expect(stated, `JSDoc of ${key} states no default`).toBeDefined();
    expect(stated, `JSDoc default of ${key}`).toBe(written(value));
  });
}

test('README and the JSDoc mark exactly the restart options as such', () => {
  for (const key of OPTION_KEYS) {
    const restart = OPTIONS[key].restart;
    expect(readmeRow(key).includes('(restart)'), `README row of ${key} says "(restart)"`).toBe(restart);
    expect(/\bRestart\./.test(jsdoc(key)), `JSDoc of ${key} says "Restart."`).toBe(restart);
  }
});

test('every data-* attribute form is listed in README', () => {
  for (const key of OPTION_KEYS) {
    if (OPTIONS[key].attribute === undefined) continue;
    const kebab = key.replace(/[A-Z]/g, (c) => `-${c.toLowerCase()}`);
    expect(readme, `README names data-${kebab}`).toContain(`data-${kebab}`);
  }
});
