// The npm section of BENCHMARKS.md (bench/report.mjs renders it from results.raw.npm; bench/npm-run.mjs measures).
const kB = (n) => `${(n / 1000).toFixed(1)} kB`;
const ms = (n) => `${Math.round(n)} ms`;

export function npmSection(n) {
  const { sizes: s, pageBytes: p, starts: t } = n;
  const rows = [
    ['first chunk an app gets from `import { attach } from \'detect-overlay\'` (gzip)', kB(s.core.initialGzip), '<= 40 kB',
      `${s.core.initialFiles.length} file(s); loaded later, on first use (TF.js, the models' code, each backend): ${kB(s.core.lazyGzip)} gzip in ${s.core.lazyFiles.length} chunks`],
    ['first chunk an app gets from `import { useDetectOverlay } from \'detect-overlay/react\'` (gzip, React itself not counted)', kB(s.react.initialGzip), '<= 40 kB', ''],
    ['first chunk an app gets from `import { attachToRoom } from \'detect-overlay/livekit\'` (gzip, livekit-client not counted)', kB(s.livekit.initialGzip), '<= 40 kB', ''],
    ['page JS loaded before attach() (the timing page, gzip)', kB(p.beforeAttach.pageJs), 'report', 'the page\'s own module and the SDK\'s first chunk'],
    ['page JS loaded by the first box, model in the worker (the default here)', kB(p.afterFirstBox.pageJs), 'report',
      `no TF.js on the page; the worker script ${kB(p.afterFirstBox.workerJs)} and the .wasm ${kB(p.afterFirstBox.wasm)} (gzip) load off the page`],
    ['page JS loaded by the first box, model on the page (`worker: false`)', kB(p.afterFirstBoxOnPage.pageJs), 'report',
      `TF.js's chunks loaded on demand (backend ${p.onPageBackend}); .wasm ${kB(p.afterFirstBoxOnPage.wasm)}`],
    ['attach() to first box, cold (a fresh browser profile), median of 3', ms(t.cold.firstBoxMs), 'report', `${t.cold.all.join(' / ')} ms; ready after ${ms(t.cold.readyMs)}; weight files downloaded ${t.cold.weightsFetched.join(' / ')}`],
    ['attach() to first box, warm (the same profile again), median of 3', ms(t.warm.firstBoxMs), '<= 1500 ms', `${t.warm.all.join(' / ')} ms; ready after ${ms(t.warm.readyMs)}; weight files downloaded ${t.warm.weightsFetched.join(' / ')} (read from the Cache API)`],
    ['attach() to the first result with a box, warm, tracking off (no wait for a second result to confirm it)', ms(t.warmFirstResult.firstBoxMs), 'report', `${t.warmFirstResult.all.join(' / ')} ms; ready after ${ms(t.warmFirstResult.readyMs)}`],
    ['warm / cold first box', (t.warm.firstBoxMs / t.cold.firstBoxMs).toFixed(2), 'report', `warm with \`cacheModels: false\`: ${ms(t.warmNoCache.firstBoxMs)} (${t.warmNoCache.all.join(' / ')} ms)`],
    ...(t.warmPreloaded ? [['attach() to first box, warm, after the app\'s `preload()` at start resolved (the camera prompt, a room joining meanwhile)', ms(t.warmPreloaded.firstBoxMs), 'report',
      `${t.warmPreloaded.all.join(' / ')} ms; ready after ${ms(t.warmPreloaded.readyMs)}: what is left is the model's first run (its one-time set-up) and the second, which confirms the box`]] : []),
  ];
  return `
## npm: what an app built with Vite gets (${n.date.slice(0, 10)})

A fresh app (test/bundlers/) installs the packed tarball and builds with Vite ${n.vite}; its production build is served by a bare
static host (Last-Modified, no COOP/COEP: WASM without threads) and opened in Chromium with the pedestrians clip as a fake
webcam. CenterNet, the model placed as \`worker: 'auto'\` places it (the worker here). \`npm run bench -- --npm\` runs only these.

| measure | value | bar | detail |
| --- | ---: | --- | --- |
${rows.map((r) => `| ${r.join(' | ')} |`).join('\n')}

- **Warm start: under the bar (1.5 s) in this run, over it in most before: it moves with the machine.** This run
  (session 10) gave ${ms(t.warm.firstBoxMs)} warm, with \`attach()\` resolved after ${ms(t.warm.readyMs)}; session 9's gave 2103 ms (ready after
  868 ms). Nothing this session changed the start (the tracker's label votes, the weight cache's pruning, which runs only
  after a download): the TF.js start and the first run took half the time, as the shared machine's load allows. With
  \`preload()\` called by the app at start, the first box comes ${ms(t.warmPreloaded?.firstBoxMs ?? NaN)} after \`attach()\`. Runs before:
  three runs of this bench on 2026-12-03 (session 7) gave warm medians of
  1524, 1551 and 1664 ms (the machine's load drifts between runs by more than the changes below). In session 8 the machine
  was slower: the commit before the gate worker gave 1766 and 1911 ms warm, back to back with this one's 1902 and 2176 ms, so
  the gate worker's start (a one-line probe worker, then the gate worker, while the first inference runs) may add up to
  ~0.1-0.2 s to the first box, within this bench's noise. Since session 9 it starts after the overlay's first result (the
  model's start and first inference no longer share the CPU with it; the second inference, which confirms the first box,
  still does). Session 9's run above was on a slower machine again (one tile's inference 174 ms against 149 ms in session 8's
  tiles run, 1.17x): its warm median, 2103 ms, is 1.1x session 8's 1902 ms, so no gain can be read from it either way. Since the last
  session (1893 ms): the test hosts answer conditional requests with 304 as real hosts do (before, every file came
  again in full, and Chromium cannot reuse its compiled code for a .wasm that is downloaded again); CenterNet skips its
  warm-up inference on WASM and the CPU (the first run's set-up, XNNPACK packing the weights, costs the same on a real
  frame, which then gives a result); the frame loop takes the frame on screen at start instead of waiting for the
  next one; and the worker script has no WebGL code (657 kB instead of 990 kB; \`detect-overlay.worker-webgl.js\` is
  started only where the worker computes on WebGL). Timed by hand with console marks (cross-origin isolated page, 2
  WASM threads, warm): the page places the model and creates the worker 30-70 ms after \`attach()\`; the worker script
  arrives and compiles in 150-250 ms and evaluates in 230-300 ms; the WASM backend starts in 250-450 ms (the .wasm
  file's check and fetch are 304s, then instantiation and threads); the graph is built in 100-170 ms (weights read
  from the Cache API meanwhile); \`attach()\` resolves at ~750-800 ms. Then the first inference takes ~550 ms (the
  one-time set-up) and the second ~160 ms: the person's box is drawn after the second result (its score is under
  \`trackHighScore\`, so the tracker confirms it then); with tracking off, after the first (1412-1510 ms). What is left
  is TF.js's own start and its first run; the next step would be starting the worker before \`attach()\` (a
  \`preload()\` an app calls at start), which this bar's definition would not count.
`;
}
