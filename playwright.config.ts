import { defineConfig } from '@playwright/test';

const PORT = Number(process.env.TEST_PORT ?? 4173);

/**
 * One runner for everything: `unit` runs the pure modules in Node (no browser is started),
 * `browser` drives Debian's Chromium (see test/browser/browser.ts for its launch flags).
 */
export default defineConfig({
  testDir: 'test',
  outputDir: 'test/output/results',
  timeout: 120_000,
  expect: { timeout: 30_000 },
  fullyParallel: false,
  workers: 2,
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
    timeout: 30_000,
  },
});
