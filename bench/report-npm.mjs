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
  ];
  return `
## npm: what an app built with Vite gets (${n.date.slice(0, 10)})

A fresh app (test/bundlers/) installs the packed tarball and builds with Vite ${n.vite}; its production build is served by a bare
static host (Last-Modified, no COOP/COEP: WASM without threads) and opened in Chromium with the pedestrians clip as a fake
webcam. CenterNet, the model placed as \`worker: 'auto'\` places it (the worker here). \`npm run bench -- --npm\` runs only these.

| measure | value | bar | detail |
| --- | ---: | --- | --- |
${rows.map((r) => `| ${r.join(' | ')} |`).join('\n')}

- **Warm start: the bar (1.5 s) is missed.** Keeping the weights saves their download (0 weight files fetched warm), which on
  this machine's loopback costs little: the rest is work done on every start. Timed once by hand (2026-12-02, console marks in
  the worker, a warm start of ~2.2 s to the first confirmed box): the worker script's import and evaluation ~400 ms (1 MB of
  TF.js with three backends; measured alone: 350-460 ms on every page load, no code cache for a classic worker), the WASM
  backend's start ~470 ms (fetch, streaming compile, instantiate), the graph model's build from the cached files ~600 ms
  (TF.js decodes the float16 weights and maps ~1,000 nodes), the warm-up inference ~150 ms, then two inferences (~500 ms: a
  person scores under \`trackHighScore\` here, so its box is drawn once a second result confirms it; tracking off shows it
  after one). Since then the worker downloads CenterNet's files while its backend starts (no gain measurable on loopback,
  where the files take ~0.1 s; on a real network a cold start saves up to the backend's start). Next step, not done: a module
  worker built by the app's bundler, so the worker parses only the chosen backend instead of all three.
`;
}
