// Turns the bench's raw measurements into bench/results.json's ratios and BENCHMARKS.md.
// `node bench/report.mjs` re-renders BENCHMARKS.md from bench/results.json and bench/long-run.json.
import { existsSync, readFileSync, writeFileSync } from 'node:fs';

const median = (xs) => { const s = [...xs].sort((a, b) => a - b); return s[Math.floor(s.length / 2)]; };

/** What the numbers mean where a bar is missed: measured causes, not excuses (kept in sync with the issue notes). */
function notes(results) {
  const R = results.raw;
  const f = (x) => x.toFixed(2);
  const pipe = R.pipelineNoGate;
  return `
## Where a bar is missed, and why

- **Near-static dog, 80% skipped.** The clip is not still: the dog lifts and turns its head twice per 2.5-s loop (3 frames
  each time change beyond the gate's threshold: 16, 60 and 46 of its 3,600 gate pixels), and its head keeps creeping between
  those moves by less than the per-pixel threshold per frame. The slowest walker frame in the pedestrians clip changes 9 of
  4,800 pixels, so a threshold that lets every walker through lets these head moves through too. Simulated on the clip's own
  luma planes with the shipped settings (\`node bench/gate-sim.mjs\`: the gate's own code on the y4m frames, 6 loops): a gate that sees **every** frame skips at most
  84% with the drift check off and 79% with it on (the drift check fires once after each head move, as the head settles:
  ~3% of the picture then differs from the frame last detected on). Seeing every 2nd frame, the creep over two frames
  crosses the per-pixel threshold and the skip falls to 58%; every 3rd frame, 27%. With \`worker: true\` the page's gate sees
  every frame: ${f(results.nearStaticSkipFractionWorker)} in this run, at that ceiling. With the model on the page, each 150-210 ms
  inference blocks the main thread, so the frame after it is compared across 2-3 frames: ${f(results.nearStaticSkipFraction)}.
  Reaching 80% would mean ignoring movements larger than a walker's step. Until this run the page also sampled the 15 fps
  clips at only ~8 fps under the default 15 fps cap (frame callbacks land on 60 Hz refreshes, 83 and 50 ms apart, and a
  strict minimum gap dropped every 50-ms one); the cap now holds on average, which lifted the skip from 0.63 (page) and 0.67
  (worker) in the run before that fix.
- **Pipeline vs the model alone.** ${f(results.pipelineVsModelRatio)} in this run (earlier runs: 0.95, 0.89, 1.17, 0.91). The
  pipeline's own detect() calls took ${f(pipe.avgInferenceMs)} ms on average vs the model alone's median ${f(R.modelAuto.ms)} ms;
  the rest of each ${f(1000 / pipe.inferencesPerSecond)} ms cycle is reading the frame for the model, drawing, and waiting for the
  next frame callback once the model releases the main thread. Reading the frame was 6-12 ms (drawImage + getImageData
  with no GPU) until this run; the model's input now comes from the decoded frame (\`VideoFrame.copyTo\` as RGBA, ~0.6 ms)
  whenever no scaling is needed, which cut the gap between inferences from a median of ~11.5 to ~7 ms in a separate probe.
  The model-alone median itself moves between runs (142-215 ms here), which is most of the swing in this ratio.
- **Same decisions as the ancestor's gate?** On the static clip both say "unchanged" on every frame, on the pedestrians
  and the cockatoo both say "changed" (our motion share above, ~1.0). On the near-static dog they part: the ancestor's
  full-resolution R+G+B difference counts sensor noise (median ${(100 * R.gate[1].ancestorMedianChanged).toFixed(1)}% of pixels "changed", more than the walkers'
  ${(100 * R.gate[2].ancestorMedianChanged).toFixed(1)}%), so any ancestor threshold that lets the walkers through passes every dog frame; ours passes only the head movements.
- **Gate vs its own floor.** Our gate costs ~0.4 ms: ~0.2 ms to copy the decoded frame (\`VideoFrame.copyTo\`) and ~0.1 ms to
  box-average 640x480 luma to 80x60 (four pixels per 32-bit load) and compare. Against the issue's floor (a bare 80x60 canvas
  readback, ~5-6 ms here) it is ${f(results.gateVsFloorRatio)}x; against the bare copy it is ${f(R.gate[2].oursMs / R.gate[2].lumaFloorMs)}x.
- **Worker throughput.** \`worker: true\` cut long tasks from ${results.longTasksPerMinute.toFixed(0)} to ${results.longTasksPerMinuteWorker.toFixed(0)} per minute, but on these 2 cores it does
  not keep the page's inference rate: ${f(results.workerVsPageThroughputRatio)}x in this run (medians of three alternating 8-s runs each,
  gate off; earlier runs: 0.94x, 0.86x, and 0.67x in a single-window run). With inference on the page, the page's other work (frame readback, drawing, the
  video decoder) waits while the model runs; with a worker both compete for the same two cores. By the issue's rule it is
  therefore not the default: it stays an opt-in for pages that value a smooth main thread over ~10% of inferences (and it
  needs the worker script served beside the bundle, runs only the built-in models, and does not recover from a WebGL
  context loss inside the worker).
- **Noise.** This is a shared 2-core VM: the same model alone measured 142 to 215 ms (median of 15) across this session's
  runs, and WASM threads vs none came out 0.75x to 1.38x. Ratios taken within one run (same page, minutes apart) are
  steadier than absolute numbers, but single 10-s windows still swing by ~15%; rows with a bar close to 1 should be read
  with that in mind.
`;
}

function longRunSection(r) {
  const rows = r.series.filter((x) => [0, 1, 5, 10, 15, 20, 25, 30].includes(x.minute) || x.minute === r.minutes);
  const last = r.series.at(-1);
  return `
## Long run (\`npm run bench -- --long ${r.minutes}\`)

Recorded ${r.date ? r.date.slice(0, 10) : '2026-11-24 with an earlier build (before the luma gate and worker mode)'}. The pedestrians clip looping for ${r.minutes} minutes with CenterNet on WASM, gate on: ${last.inferences} inferences, ${r.errors} error events,
${r.tensorsAfterDestroy} tensors after destroy. Heap measured after two full collections.

| minute | tensors | JS heap MB | inferences so far | video playing |
| ---: | ---: | ---: | ---: | --- |
${rows.map((x) => `| ${x.minute} | ${x.tensors} | ${x.heapMB} | ${x.inferences} | ${x.playing} |`).join('\n')}
`;
}

export function summarize(R) {
const g = (clip) => R.gate.find((x) => x.clip.startsWith(clip));
const ped = g('pedestrians');
const results = {
  gateVsAncestorRatio: ped.ancestorMs / ped.oursMs,
  gateVsFloorRatio: ped.oursMs / ped.floorMs,
  gateVsLumaFloorRatio: ped.oursMs / ped.lumaFloorMs,
  pipelineVsModelRatio: R.pipelineNoGate.inferencesPerSecond / (1000 / R.modelAuto.ms),
  staticSkipFraction: R.savings.static_dog_bicycle_640x480_15fps.on.skipFractionBesidesHeartbeat,
  nearStaticSkipFraction: R.savings.dog_nearstatic_640x360_15fps.on.skipFractionBesidesHeartbeat,
  nearStaticSkipFractionWorker: R.savingsWorker.dog_nearstatic_640x360_15fps.skipFractionBesidesHeartbeat,
  autoVsWebglRatio: R.modelWebgl.ms / R.modelAuto.ms,
  threadsVsNoThreadsRatio: R.modelNoThreads.ms / R.modelAuto.ms,
  tensorDelta: R.memory.tensorDelta,
  heapGrowthMB: R.memory.heapGrowthMB,
  longTasksPerMinute: R.longTasks.longTasksPerMinute,
  longTasksPerMinuteWorker: R.longTasksWorker.longTasksPerMinute,
  workerVsPageThroughputRatio: median(R.workerAB.worker) / median(R.workerAB.page),
  raw: R,
};
return results;
}

/** BENCHMARKS.md from the results (and the long run's, when there is one). */
export function render(results, longRun) {
const R = results.raw;
const g = (clip) => R.gate.find((x) => x.clip.startsWith(clip));
const ped = g('pedestrians');

const f = (n, d = 2) => (Number.isFinite(n) ? n.toFixed(d) : String(n));
const rows = [
  ['gate: ancestor ms / ours ms (pedestrians, median)', f(results.gateVsAncestorRatio, 1), '>= 5', `${f(ped.ancestorMs)} / ${f(ped.oursMs)} ms`],
  ['gate: ours ms / bare 80x60 canvas readback ms (the floor as the issue defines it)', f(results.gateVsFloorRatio), '<= 1.5', `${f(ped.oursMs)} / ${f(ped.floorMs)} ms`],
  ['gate: ours ms / bare VideoFrame.copyTo ms (the floor of our own reader)', f(results.gateVsLumaFloorRatio), 'report', `${f(ped.oursMs)} / ${f(ped.lumaFloorMs)} ms; reader: ${ped.reader}`],
  ['pipeline inferences/s / (1000 / model ms)', f(results.pipelineVsModelRatio), '>= 0.9', `${f(R.pipelineNoGate.inferencesPerSecond)} /s vs model ${f(R.modelAuto.ms, 0)} ms on ${R.modelAuto.backend}`],
  ['static clip: sampled frames skipped (heartbeat aside)', f(results.staticSkipFraction), '>= 0.95', `${f(R.savings.static_dog_bicycle_640x480_15fps.on.inferencesPerMinute, 0)} vs ${f(R.savings.static_dog_bicycle_640x480_15fps.off.inferencesPerMinute, 0)} inferences/min (gate on vs off)`],
  ['near-static dog: sampled frames skipped (heartbeat aside)', f(results.nearStaticSkipFraction), '>= 0.8', `${f(R.savings.dog_nearstatic_640x360_15fps.on.inferencesPerMinute, 0)} vs ${f(R.savings.dog_nearstatic_640x360_15fps.off.inferencesPerMinute, 0)} inferences/min; ${R.savings.dog_nearstatic_640x360_15fps.on.sampled} frames sampled (inference blocks the main thread)`],
  ['near-static dog, worker: true: sampled frames skipped', f(results.nearStaticSkipFractionWorker), '>= 0.8', `${f(R.savingsWorker.dog_nearstatic_640x360_15fps.inferencesPerMinute, 0)} inferences/min; ${R.savingsWorker.dog_nearstatic_640x360_15fps.sampled} frames sampled`],
  ['pedestrians, worker: true: sampled frames skipped', f(R.savingsWorker.pedestrians_640x480_10fps.skipFraction), 'low', `${f(R.savingsWorker.pedestrians_640x480_10fps.inferencesPerMinute, 0)} inferences/min`],
  ['pedestrians: sampled frames skipped', f(R.savings.pedestrians_640x480_10fps.on.skipFraction), 'low', `${f(R.savings.pedestrians_640x480_10fps.on.inferencesPerMinute, 0)} vs ${f(R.savings.pedestrians_640x480_10fps.off.inferencesPerMinute, 0)} inferences/min`],
  ['WebGL (software) ms / auto ms', f(results.autoVsWebglRatio, 1), '>= 10', `${f(R.modelWebgl.ms, 0)} vs ${f(R.modelAuto.ms, 0)} ms (${R.modelAuto.backend})`],
  ['WASM no threads ms / threads ms', f(results.threadsVsNoThreadsRatio), 'report', `${f(R.modelNoThreads.ms, 0)} vs ${f(R.modelAuto.ms, 0)} ms`],
  ['tensor delta over 1,000 frames', String(results.tensorDelta), '0', `${R.memory.inferences} inferences; after destroy: ${R.memory.tensorsAfterDestroy} tensors, ${R.memory.domNodesLeft} DOM nodes left`],
  ['JS heap growth, MB', f(results.heapGrowthMB), '< 5', ''],
  ['long tasks (> 50 ms) per minute, model on the page', f(results.longTasksPerMinute, 0), 'report', `longest ${f(R.longTasks.longestMs, 0)} ms; ${f(R.longTasks.inferencesPerSecond)} inferences/s`],
  ['long tasks (> 50 ms) per minute, worker: true', f(results.longTasksPerMinuteWorker, 0), '5x fewer', `longest ${f(R.longTasksWorker.longestMs, 0)} ms; ${f(R.longTasksWorker.inferencesPerSecond)} inferences/s`],
  ['worker: true inferences/s / page inferences/s (gate off, no cap; medians of 3 alternating runs each)', f(results.workerVsPageThroughputRatio), '>= 1 (no loss)',
    `worker ${R.workerAB.worker.map((x) => f(x)).join(' / ')} vs page ${R.workerAB.page.map((x) => f(x)).join(' / ')} /s`],
];
const table = ['| measure | value | bar | detail |', '| --- | ---: | --- | --- |', ...rows.map((r) => `| ${r.join(' | ')} |`)].join('\n');
const gateTable = ['| clip | ours ms | ancestor ms | canvas floor ms | copyTo floor ms | our motion share | ancestor median changed px |', '| --- | ---: | ---: | ---: | ---: | ---: | ---: |',
  ...R.gate.map((x) => `| ${x.clip} | ${f(x.oursMs, 3)} | ${f(x.ancestorMs, 3)} | ${f(x.floorMs, 3)} | ${f(x.lumaFloorMs, 3)} | ${f(x.ourMotionFraction)} | ${f(x.ancestorMedianChanged, 4)} |`)].join('\n');
const photoTable = ['| photo | found by CenterNet (>= 0.3) | misses | false positives |', '| --- | --- | --- | --- |',
  ...Object.entries(R.photos).map(([file, p]) => `| ${file} | ${p.found.map((d) => `${d.label} ${d.score}`).join(', ') || '—'} | ${p.misses.join(', ') || '—'} | ${p.falsePositives.join(', ') || '—'} |`)].join('\n');
return { table, markdown: `# Benchmarks

Latest run of \`npm run bench\` (${R.machine.date.slice(0, 10)}): ${R.machine.cpus} cores (${R.machine.cpu}), Chromium ${R.machine.chromium} (Debian, headless, no GPU: WebGL is SwiftShader),
CenterNet on the WASM backend (threads on: the bench page is cross-origin isolated) unless said. Every ratio compares numbers measured in the same run.
Reproduce: \`npm run build && npm run bench\` (needs \`../shared\` beside the repo); raw numbers in \`bench/results.json\`.

${table}

## Gate cost per clip (median ms per frame, same frames)

"Ours" is the pipeline's own per-frame gate time (copy the decoded frame's luma plane with \`VideoFrame.copyTo\`, box-average it to
80 px wide, compare), from its \`motion\` events. "Ancestor" draws and reads the whole 640-px frame and compares R+G+B per pixel
(threshold 10). "Canvas floor" is a bare 80x60 drawImage + getImageData; "copyTo floor" a bare \`new VideoFrame(video)\` + \`copyTo\`.
Each is measured in its own pass over the clip: whatever reads a video frame into a canvas first pays for bringing it to the CPU
(here ~5 ms, with no GPU), so measured in the same callback the second reader would look almost free. The luma plane needs no canvas.

${gateTable}

## Detection quality on the shared photos (CenterNet; coco-ssd's weights cannot be fetched here)

${photoTable}
${notes(results)}${longRun ? longRunSection(longRun) : ''}` };
}

/** Reads the long run's results if one was recorded. */
export function readLongRun() {
  return existsSync('bench/long-run.json') ? JSON.parse(readFileSync('bench/long-run.json', 'utf8')) : null;
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const results = JSON.parse(readFileSync('bench/results.json', 'utf8'));
  writeFileSync('BENCHMARKS.md', render(results, readLongRun()).markdown);
  console.error('[bench] re-rendered BENCHMARKS.md from bench/results.json');
}
