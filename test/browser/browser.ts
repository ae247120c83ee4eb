/**
 * Launching Debian's Chromium for the browser tests: never a downloaded browser.
 * A test that needs a camera gets a fake webcam that plays a real clip from ../shared/media.
 */
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { chromium, expect, test, type Browser, type BrowserContextOptions, type Page } from '@playwright/test';
import { TIME_SCALE } from '../time-scale.js';

export { TIME_SCALE, scaled } from '../time-scale.js';

export const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
export const MEDIA = fileURLToPath(new URL('../../../shared/media/', import.meta.url));

const ARGS = [
  '--no-sandbox', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run',
  '--autoplay-policy=no-user-gesture-required',
];

/** The y4m of a shared clip, e.g. `pedestrians_640x480_10fps`. */
export function clipY4m(name: string): string {
  const file = `${MEDIA}video/${name}.y4m`;
  if (!existsSync(file)) throw new Error(`test media missing: ${file} (../shared/media must be beside the repo)`);
  return file;
}

/**
 * Starts Chromium; with `webcam`, the camera plays that clip (looped by Chromium). With
 * `denyCamera`, there is a camera but the permission prompt is refused, as a user would; `args`: more flags.
 */
export function launch(webcam?: string, { denyCamera = false, args: extra = [] as string[] } = {}): Promise<Browser> {
  if (!existsSync(CHROMIUM)) {
    throw new Error(`no Chromium at ${CHROMIUM}: install Debian's (apt-get install chromium) or set CHROMIUM_PATH; never 'npx playwright install'`);
  }
  const args = [...ARGS, ...extra];
  if (webcam) {
    args.push('--use-fake-device-for-media-stream', `--use-file-for-fake-video-capture=${clipY4m(webcam)}`);
    if (!denyCamera) args.push('--use-fake-ui-for-media-stream');
  }
  return chromium.launch({ executablePath: CHROMIUM, args });
}

/** Collects page errors and console errors, so a test can assert there were none. */
export function watchErrors(page: Page): string[] {
  const errors: string[] = [];
  page.on('pageerror', (e) => errors.push(`pageerror: ${e.message}`));
  page.on('console', (m) => {
    if (m.type() === 'error') errors.push(`console.error: ${m.text()}`);
  });
  return errors;
}

export function expectNoErrors(errors: string[]): void {
  expect(errors, errors.join('\n')).toEqual([]);
}

/**
 * One browser per spec file and a fresh context + page per test, opened on the blank test page
 * (which loads the script-tag bundle). Each test ends by checking the page logged no errors.
 */
export function pagePerTest(contextOptions: BrowserContextOptions = {}): { page: Page; errors: string[] } {
  let browser: Browser;
  const state = { page: undefined as unknown as Page, errors: [] as string[] };
  test.beforeAll(async () => {
    browser = await launch();
  });
  test.afterAll(async () => {
    await browser.close();
  });
  test.beforeEach(async () => {
    const context = await browser.newContext(contextOptions);
    // In-page waits (fixtures.js `until`) stretch their caps by the same factor as the test timeouts.
    await context.addInitScript((scale) => { (window as unknown as { __testTimeScale: number }).__testTimeScale = scale; }, TIME_SCALE);
    state.page = await context.newPage();
    state.errors = watchErrors(state.page);
    await state.page.goto('/test/pages/blank.html');
  });
  test.afterEach(async () => {
    expectNoErrors(state.errors);
    await state.page.context().close();
  });
  return state;
}
