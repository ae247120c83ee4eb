// The many-tiles rows of `npm run bench` (`npm run bench -- --tiles` runs only these, merged into
// the last results): a grid of videos of the pedestrians clip on one page, each with its own
// overlay (CenterNet in the worker, the default here), sharing the page's turns (bench/tiles.ts).

import { longTasks } from './trace-tasks.mjs';

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
  const run = async (n, visible, seconds, trace = false, remote = false) => {
    await page.goto(`${base}/bench/bench.html`);
    await page.evaluate(() => import('/bench/build/tiles.js').then((m) => { window.tilesBench = m; }));
    log(`tiles: ${n} tiles, ${visible} in view, ${seconds} s${trace ? ', traced' : ''}${remote ? ', received over WebRTC' : ''}`);
    // Traced: the page's main-thread tasks, to tell the SDK's work from the thread's waits for a core.
    if (trace) await browser.startTracing(page, { categories: ['toplevel', 'devtools.timeline'] });
    const result = await page.evaluate(([a, b, c, d]) => window.tilesBench.tiles(a, b, c, d), [n, visible, seconds, remote]);
    if (!trace) return result;
    const tasks = longTasks((await browser.stopTracing()).toString('utf8'), { from: 'detect-overlay-bench:start', to: 'detect-overlay-bench:end' });
    // A trace that saw none of the SDK's script would make the row 0 whatever the SDK did.
    if (tasks.sdkCalls === 0) throw new Error('tiles: the trace holds no call into the SDK\'s script (its URL pattern no longer matches?)');
    return { seconds: tasks.seconds, sdkCalls: tasks.sdkCalls, maxSdkCallCpuMs: tasks.maxSdkCallCpuMs, sdkTasks: tasks.sdkTasks, sdkCpuLong: tasks.sdkCpuLong, maxSdkCpuMs: tasks.maxSdkCpuMs, sdkLongFrames: result.sdkLongFrames };
  };
  try {
    // The traced run is apart: tracing costs the machine time, which the rates above must not pay.
    return { date: new Date().toISOString(), one: await run(1, 1, 20), all: await run(16, 16, 60), fourInView: await run(16, 4, 40), traced: await run(16, 16, 30, true),
      // The same grid with every tile received over its own RTCPeerConnection (16 encoders and decoders on this machine too).
      remoteOne: await run(1, 1, 20, false, true), remote: await run(16, 16, 60, false, true) };
  } finally {
    await browser.close();
  }
}
