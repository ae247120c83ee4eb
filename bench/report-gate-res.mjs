// The "gate cost by resolution" section of BENCHMARKS.md (bench/report.mjs renders it from results.raw.gateRes;
// bench/gate-res-run.mjs measures).
const f = (x, d = 3) => Number(x).toFixed(d);

export function gateResSection(g) {
  const label = {
    worker: 'file, in the gate worker (default)',
    stream: 'received stream, in the gate worker from its track (default)',
    main: 'file, on the main thread (no worker: a CSP without blob: workers)',
  };
  const judged = (r) => r.reader === 'worker' || r.reader === 'stream';
  const rows = g.rows.map((r) => {
    const bar = judged(r) ? '<= 0.3' : 'report';
    const detail = `${r.gated.reads} gate reads in ${g.seconds} s (reader: ${r.got}); JS per read ${f(r.gated.js / Math.max(1, r.gated.reads))} ms gross, `
      + `the empty loop's ${f(r.empty.js / Math.max(1, r.empty.frames))} ms; all tasks: ${f(r.netTaskMs, 2)} ms net`;
    return `| ${r.size.join('x')}, ${r.motion}, ${label[r.reader]} | ${f(r.netJsMs)} ms | ${bar} | ${detail} |`;
  });
  const of = (reader) => g.rows.filter((r) => r.reader === reader).map((r) => r.netJsMs);
  const range = (xs) => (xs.length ? `${f(Math.min(...xs), 2)}-${f(Math.max(...xs), 2)} ms` : 'not run');
  const over = (xs) => xs.filter((x) => x > 0.3).length;
  const main4k = g.rows.filter((r) => r.reader === 'main' && r.size[0] === 3840).map((r) => r.netJsMs);
  return `
## Gate cost by resolution (${g.date.slice(0, 10)})

The main thread's time per gated frame, net of an empty \`requestVideoFrameCallback\` loop on the same video, at three sizes:
the still (parked dog and bicycle) and moving (pedestrians) clips scaled to each size (VP8), one overlay with the gate on, its
detector held on its first frame so that only the gate runs, no overlay canvas; played from the file, and received as a stream
(the file played into a hidden video whose \`captureStream()\` is the measured video's \`srcObject\`, as a remote track or a
webcam is). The overlay is stopped and started in four interleaved rounds of 2.5 s, so a busy spell of the machine hits both
phases. The value is JavaScript's time on the main thread from a CPU profile (0.1-ms samples): our code, the browser APIs it
calls (\`new VideoFrame\`, \`copyTo\`, \`postMessage\`, the frame callback) and garbage collection. "All tasks" (Chromium's
TaskDuration) adds the browser's own work for each presented frame, 1-3 ms here and varying from phase to phase by more than
the gate costs, so it is shown but not judged. \`npm run bench -- --gate-res\` runs only these.

| size, source, where the gate reads | main-thread JS ms per frame | bar | detail |
| --- | ---: | --- | --- |
${rows.join('\n')}

- **Flat in the resolution.** Received streams: ${range(of('stream'))} per frame (${over(of('stream'))} of ${of('stream').length} rows over
  0.3 ms); files: ${range(of('worker'))} (${over(of('worker'))} of ${of('worker').length} over); the main thread reading the plane itself:
  ${range(of('main'))}, ${main4k.length ? `${f(Math.max(...main4k), 1)} ms at 4K` : ''}. For a stream the worker reads the frames
  from the track itself (a \`MediaStreamTrackProcessor\` of a clone, its readable transferred once), and each gate read is one
  small message each way; for a file the page wraps the frame on screen in a \`VideoFrame\` and transfers it. What is left is
  fixed per frame: a CPU profile of the 640x480 still rows (2026-12-03, session 13, 10 s, 0.05-ms samples) gave 0.27 ms
  gross per read for the stream (\`postMessage\` of the request 0.033, the frame callback 0.043, the reply's dispatch 0.025,
  the \`motion\` event 0.036 as a typed event and a bubbling DOM CustomEvent, the gate's comparison of two 80x60 frames 0.015,
  the frame loop's bookkeeping) against 0.42 ms for the file, whose \`postMessage\` of the frame alone took 0.06-0.14 ms.
- **Where the bar is missed** it is by these fixed costs on this small shared machine, and the rows move by about 0.1 ms
  from run to run (this session's three runs of the file rows: 0.19-0.52 ms); at 4K the machine also decodes a 4K video in software, which
  slows every script on the page (see "all tasks").
- **Without the worker** (a CSP that forbids \`blob:\` workers, a browser without \`VideoFrame\` transfer) the main thread copies
  the frame and averages its luma plane, and the cost grows with the pixel count, as before.
`;
}
