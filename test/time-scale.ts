/**
 * How much slower than a quiet 2-core machine this run may be. Every timeout in the suite (the
 * Playwright config's, a test's own, an in-page wait's cap) is multiplied by it, so a slow or
 * loaded machine gets more time to reach the same outcome; no assertion counts what fits in a
 * time window. `TEST_TIME_SCALE=3 npm test` on a slow machine; `npm run test:loaded` sets 2.
 */
function timeScale(raw: string | undefined): number {
  if (raw === undefined || raw === '') return 1;
  const n = Number(raw);
  if (!Number.isFinite(n) || n < 1 || n > 20) throw new Error(`TEST_TIME_SCALE must be a number from 1 to 20, got ${JSON.stringify(raw)}`);
  return n;
}

export const TIME_SCALE = timeScale(process.env.TEST_TIME_SCALE);

/** A timeout for this run: `ms` on a quiet machine, times TEST_TIME_SCALE. */
export const scaled = (ms: number): number => Math.round(ms * TIME_SCALE);
