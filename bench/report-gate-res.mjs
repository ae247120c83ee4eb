// The "gate cost by resolution" section of BENCHMARKS.md (bench/report.mjs renders it from results.raw.gateRes;
// bench/gate-res-run.mjs measures).
const f = (x, d = 3) => Number(x).toFixed(d);

export function gateResSection(g) {
  const label = { worker: 'in the gate worker (default)', main: 'on the main thread (no worker: a CSP without blob: workers)' };
  const rows = g.rows.map((r) => {
    const bar = r.reader === 'worker' ? '<= 0.3' : 'report';
    const detail = `${r.gated.reads} gate reads in ${g.seconds} s (reader: ${r.got}); JS per read ${f(r.gated.js / Math.max(1, r.gated.reads))} ms gross, `
      + `the empty loop's ${f(r.empty.js / Math.max(1, r.empty.frames))} ms; all tasks: ${f(r.netTaskMs, 2)} ms net`;
    return `| ${r.size.join('x')}, ${r.motion}, ${label[r.reader]} | ${f(r.netJsMs)} ms | ${bar} | ${detail} |`;
  });
  const worst = Math.max(...g.rows.filter((r) => r.reader === 'worker').map((r) => r.netJsMs));
  return `
## Gate cost by resolution (${g.date.slice(0, 10)})

The main thread's time per gated frame, net of an empty \`requestVideoFrameCallback\` loop on the same video, at three sizes:
the still (parked dog and bicycle) and moving (pedestrians) clips scaled to each size (VP8), one overlay with the gate on, its
detector held on its first frame so that only the gate runs, no overlay canvas. The overlay is stopped and started in four
interleaved rounds of 2.5 s, so a busy spell of the machine hits both phases. The value is JavaScript's time on the main thread
from a CPU profile (0.1-ms samples): our code, the browser APIs it calls (\`new VideoFrame\`, \`copyTo\`, \`postMessage\`, the
frame callback) and garbage collection. "All tasks" (Chromium's TaskDuration) adds the browser's own work for each presented
frame, 1-3 ms here and varying from phase to phase by more than the gate costs, so it is shown but not judged.
\`npm run bench -- --gate-res\` runs only these. Worst with the gate worker: ${f(worst)} ms per frame.

| size, clip, where the gate reads | main-thread JS ms per frame | bar | detail |
| --- | ---: | --- | --- |
${rows.join('\n')}

- **Flat with the worker.** On the main thread the gate now wraps the decoded frame in a \`VideoFrame\`, transfers it to the
  page's gate worker and takes back 4,800 grey bytes: the same work at every size. Most of what is left is the browser's.
  A CPU profile of the 640x480 still row (2026-12-03, session 10, 8 s, 0.05-ms samples; 0.45 ms gross per read that day):
  \`postMessage\` of the frame 0.096 ms, the frame callback 0.027, \`new VideoFrame\` 0.018, the reply's dispatch 0.024, the
  \`motion\` event 0.043 (the typed event, then a bubbling DOM CustomEvent), the frame loop's own bookkeeping ~0.1; the gate's
  comparison of two 80x60 frames is ~0.01 ms.
- **This run's machine.** The main-thread rows of this run are 1.5-2.7x those of the run before (4K still: 8.6 ms against 3.2
  ms), so the machine was that much slower; the worker rows, 0.22-0.45 ms, stay flat in the resolution, and the bar (0.3 ms)
  is missed at 640x480 and 1080p still by up to 1.5x. The run before (2026-12-03, session 8) gave 0.23-0.40 ms. Until session
  10 this bench's detector never returned a result, and since session 9 the gate worker starts after the first result, so
  its "worker" rows would have been read on the main thread (the run before predates that change): it now returns one
  empty result first, and stops if a row reads with another reader than the one it names.
- **Without the worker** (a CSP that forbids \`blob:\` workers, a browser without \`VideoFrame\` transfer) the main thread copies
  the frame and averages its luma plane, and the cost grows with the pixel count, as before.
`;
}
