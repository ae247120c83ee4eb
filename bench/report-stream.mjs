// The media-server section of BENCHMARKS.md (bench/report.mjs renders it from results.raw.stream; bench/stream-run.mjs measures).
const ms = (x) => `${Math.round(x)} ms`;

export function streamSection(s) {
  const rows = [
    ['glass to glass: a frame sent by the publisher until the page presents it (median / p95)', `${ms(s.glassMs.median)} / ${ms(s.glassMs.p95)}`, 'report',
      'ffmpeg (x264 zerolatency) → RTMP → nginx → relay (copy) → RTP → Janus → WebRTC → H.264 decode → the video element'],
    ['glass to box: the age of the frame a drawn box came from, when it is drawn (median / p95)', `${ms(s.boxMs.median)} / ${ms(s.boxMs.p95)}`, 'report',
      `the above, plus the wait for the next sample and one inference (${ms(s.inferenceMs)} on ${s.backend}, in the worker)`],
    ['frames read back / misread', `${s.frames} / ${s.misreads}`, 'report', `${s.results} results over ${s.seconds} s`],
  ];
  return `
## Through a media server (${s.date.slice(0, 10)})

The long pedestrians clip (640x480, ${s.fps} fps) published over RTMP by ffmpeg with a frame counter burned into its top-left corner
(16 blocks of 16x16 px, one bit each), through \`npm run media-server\` (nginx-rtmp → relay → Janus) to \`/demo/stream.html\` with the
defaults (CenterNet in the worker, motion gate on). The page reads the counter back from the pixels of every received frame; when
each frame left ffmpeg comes from its progress reports (\`-progress\`, every 0.1 s; the send times are upper bounds, so the
ages are lower bounds by at most about one report period). Same machine, loopback: no network delay. \`npm run bench -- --stream\` runs only these.

| measure | value | bar | detail |
| --- | ---: | --- | --- |
${rows.map((r) => `| ${r.join(' | ')} |`).join('\n')}
`;
}
