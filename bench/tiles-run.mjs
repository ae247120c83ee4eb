// The many-tiles rows of `npm run bench` (`npm run bench -- --tiles` runs only these, merged into
// the last results): a grid of videos of the pedestrians clip on one page, each with its own
// overlay (CenterNet in the worker, the default here), sharing the page's turns (bench/tiles.ts).

/** Jain's fairness index of `xs`: 1 when all are equal, 1/n when one gets everything. */
export const jain = (xs) => {
  const sum = xs.reduce((a, b) => a + b, 0);
  const squares = xs.reduce((a, b) => a + b * b, 0);
  return squares === 0 ? 1 : (sum * sum) / (xs.length * squares);
};

export async function tilesBench({ launch, base, log }) {
  const browser = await launch();
  const page = await browser.newPage({ viewport: { width: 1280, height: 720 } });
  page.on('pageerror', (e) => console.error('page error:', e.message));
  const run = async (n, visible, seconds) => {
    await page.goto(`${base}/bench/bench.html`);
    await page.evaluate(() => import('/bench/build/tiles.js').then((m) => { window.tilesBench = m; }));
    log(`tiles: ${n} tiles, ${visible} in view, ${seconds} s`);
    return page.evaluate(([a, b, c]) => window.tilesBench.tiles(a, b, c), [n, visible, seconds]);
  };
  try {
    return { date: new Date().toISOString(), one: await run(1, 1, 20), all: await run(16, 16, 60), fourInView: await run(16, 4, 40) };
  } finally {
    await browser.close();
  }
}
