// The tracking rows of `npm run bench` (bench/run.mjs calls trackingBench; `npm run bench -- --tracking`
// runs only these, merged into the last results): ID stability on the synthetic clip, the long
// pedestrians clip, the near-static dog, the tracker's cost per result (Node), and the main thread's
// time per displayed frame with 20 tracked moving boxes, read from Chromium's own task accounting.
import { trackerCost } from './tracker-cost.mjs';
import { median } from './build/lib.mjs';

const sleep = (ms) => new Promise((r) => setTimeout(r, ms));

/**
 * Main-thread time per displayed frame: Chromium's TaskDuration (all main-thread tasks of the page,
 * from the DevTools protocol) over `seconds` of the pedestrians clip, divided by the frames the
 * video presented. Three set-ups in turn, `rounds` times: the video alone, an overlay whose
 * scripted detector finds nothing, and one that finds 20 walking boxes. The last two differ only
 * in the boxes: what tracking, following and drawing 20 boxes cost. Medians.
 */
async function mainThread(page, call, { rounds = 3, seconds = 8 } = {}) {
  const cdp = await page.context().newCDPSession(page);
  await cdp.send('Performance.enable');
  const metrics = async () => Object.fromEntries((await cdp.send('Performance.getMetrics')).metrics.map((m) => [m.name, m.value]));
  const runs = { bare: [], empty: [], boxes: [] };
  const scripts = { bare: [], empty: [], boxes: [] };
  let tracks = 0;
  for (let i = 0; i < rounds; i++) {
    for (const mode of Object.keys(runs)) {
      await call(page, 'startScripted', mode === 'bare' ? null : mode === 'boxes' ? 20 : 0);
      const m0 = await metrics();
      await sleep(seconds * 1000);
      const m1 = await metrics();
      const r = await call(page, 'stopScripted');
      if (mode === 'boxes') tracks = r.tracks;
      runs[mode].push((1000 * (m1.TaskDuration - m0.TaskDuration)) / Math.max(1, r.frames));
      scripts[mode].push((1000 * (m1.ScriptDuration - m0.ScriptDuration)) / Math.max(1, r.frames));
    }
  }
  await cdp.detach();
  const [bare, empty, boxes] = [runs.bare, runs.empty, runs.boxes].map(median);
  const [scriptEmpty, scriptBoxes] = [scripts.empty, scripts.boxes].map(median);
  return { rounds, seconds, tracks, bareMsPerFrame: bare, emptyMsPerFrame: empty, boxesMsPerFrame: boxes, boxesCostMsPerFrame: boxes - empty, sdkMsPerFrame: boxes - bare,
    scriptEmptyMsPerFrame: scriptEmpty, scriptBoxesMsPerFrame: scriptBoxes, boxesScriptMsPerFrame: scriptBoxes - scriptEmpty, runs, scripts };
}

/** Every tracking measurement; `withCamera(undefined, fn)` gives a browser without a camera. */
export async function trackingBench({ withCamera, withPage, call, withBackend, log }) {
  const out = { date: new Date().toISOString() };
  log('tracking: tracker cost per result (Node)');
  out.cost = trackerCost();
  await withCamera(undefined, async (browser) => {
    await withPage(browser, async (page) => {
      log('tracking: ID stability on the synthetic clip (60 s, the model on every frame), replayed at 10 and 3 results/s');
      out.synthetic = await call(page, 'idStability', 60);
      log('tracking: the long pedestrians clip (40 s), tracking on and off');
      out.longClip = await call(page, 'longClip');
      log('tracking: the near-static dog, 20 s looped');
      out.dog = await call(page, 'nearStaticDog', 20);
      log('tracking: main-thread ms per displayed frame, 20 tracked moving boxes vs the bare video');
      out.mainThread = await mainThread(page, call);
    }, withBackend('auto'));
  });
  return out;
}
