import { cpus } from 'node:os';
import { defineConfig } from '@playwright/test';
import { scaled } from './test/time-scale.js';
import { JANUS_TEST_PORT } from './test/ports.js';

const PORT = Number(process.env.TEST_PORT ?? 4173);

/**
 * One runner for everything: `unit` runs the pure modules in Node (no browser is started),
 * `browser` drives Debian's Chromium (see test/browser/browser.ts for its launch flags).
 *
 * Sized for a 2-core machine: two workers (one Chromium each; more only queue for the same
 * cores), overridable with TEST_WORKERS. Every timeout scales with TEST_TIME_SCALE (see
 * test/time-scale.ts) for slow or busy machines. No retries, in CI or out: a flaky test must show.
 */
export default defineConfig({
  testDir: 'test',
  outputDir: 'test/output/results',
  timeout: scaled(120_000),
  expect: { timeout: scaled(30_000) },
  fullyParallel: false,
  workers: Number(process.env.TEST_WORKERS ?? Math.max(1, Math.min(2, cpus().length))),
  forbidOnly: !!process.env.CI,
  retries: 0,
  reporter: [['list']],
  use: { baseURL: `http://127.0.0.1:${PORT}` },
  projects: [
    { name: 'unit', testDir: 'test/unit' },
    { name: 'browser', testDir: 'test/browser' },
  ],
  webServer: {
    command: `node scripts/serve.mjs --port ${PORT}`,
    url: `http://127.0.0.1:${PORT}/dist/index.mjs`,
    reuseExistingServer: !process.env.CI,
    env: { JANUS_API: `http://127.0.0.1:${JANUS_TEST_PORT}/janus` },
    timeout: scaled(30_000),
  },
});
