// The "gate cost by resolution" rows of `npm run bench` (`npm run bench -- --gate-res` runs only
// these, merged into the last results): the main thread's time per gated frame, net of an empty
// frame loop on the same video, at 640x480, 1920x1080 and 3840x2160, on a still and a moving clip,
// with the gate read in the gate worker (the default) and on the main thread (no worker); and the same clips received as a
// stream (the file played into a hidden video, its `captureStream()` the measured video's `srcObject`, as a remote
// track is), whose frames the gate worker reads straight from the track.
//
// Two accounts of the main thread: JavaScript's time from a CPU profile (CDP Profiler, 0.1-ms
// samples: our code, the browser APIs it calls and garbage collection, wherever the time goes,
// which performance.now() around our code would miss), and every task's time (CDP
// Performance.getMetrics TaskDuration), which also holds the browser's own work for each
// presented frame (~1-3 ms here, varying by more than our code costs).
import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync } from 'node:fs';

const SIZES = [[640, 480], [1920, 1080], [3840, 2160]];
const CLIPS = { still: 'static_dog_bicycle_640x480_15fps', moving: 'pedestrians_640x480_10fps' };
const OUT = 'bench/build/gate-res';
const SECONDS = 6;

/** The clip scaled to width x height (VP8, 6 s), made once with ffmpeg under bench/build/. */
function scaledClip(media, clip, [width, height]) {
  const file = `${OUT}/${clip}_${width}x${height}.webm`;
  if (!existsSync(file)) {
    mkdirSync(OUT, { recursive: true });
    execFileSync('ffmpeg', ['-v', 'error', '-y', '-i', new URL(`${clip}.webm`, media).pathname, '-t', String(SECONDS + 2),
      '-vf', `scale=${width}:${height}`, '-c:v', 'libvpx', '-deadline', 'realtime', '-cpu-used', '8', '-b:v', `${Math.round(width * height / 100)}k`,
      '-an', file]);
  }
  return `/${file}`;
}

/**
 * In the page: plays `src`, counts frames with an empty requestVideoFrameCallback loop (the
 * baseline), then attaches an overlay whose detector never answers in time (so after its first
 * frame only the gate runs) and counts the gate's reads. `noWorker`: the page has no Worker, so
 * the gate reads on the main thread. Returns counts; the caller reads TaskDuration around each phase.
 */
const PAGE = {
  play: async function (src, stream) {
    const file = Object.assign(document.createElement('video'), { muted: true, loop: true, playsInline: true, src });
    let v = file;
    if (stream) {
      file.style.cssText = 'width:4px; height:4px';
      document.body.append(file);
      await file.play();
      v = Object.assign(document.createElement('video'), { muted: true, playsInline: true, srcObject: file.captureStream() });
    }
    v.style.width = '320px';
    document.body.append(v);
    await v.play();
    window.__video = v;
    window.__frames = 0;
    const tick = () => { window.__frames++; v.requestVideoFrameCallback(tick); };
    v.requestVideoFrameCallback(tick);
  },
  attach: async function (noWorker, want) {
    if (noWorker) window.Worker = undefined;
    // One quick empty result (the gate worker starts after the overlay's first result), then none in time.
    let calls = 0;
    const idle = { name: 'idle', load: async () => {}, detect: () => (calls++ === 0 ? Promise.resolve([]) : new Promise((r) => setTimeout(() => r([]), 600_000))), dispose() {} };
    const o = await window.DetectOverlay.attach(window.__video, { detector: idle, overlay: false, maxFps: 0, tracking: false });
    window.__overlay = o;
    window.__reads = 0;
    o.on('motion', () => { window.__reads++; });
    // Past the first reads (taken on the main thread while the page is asked about blob: workers).
    for (let i = 0; i < 200 && o.stats.gateReader !== want; i++) await new Promise((r) => setTimeout(r, 50));
    return o.stats.gateReader;
  },
  counts: () => ({ frames: window.__frames, reads: window.__reads ?? 0, reader: window.__overlay?.stats.gateReader ?? '' }),
};

/** The main thread's task seconds so far. */
async function taskSeconds(cdp) {
  const { metrics } = await cdp.send('Performance.getMetrics');
  return metrics.find((m) => m.name === 'TaskDuration').value;
}

/** JavaScript's time on the main thread in a CPU profile (ms): every sample that is not idle, native (program) or the profile's root. */
function jsMs(profile) {
  const hits = new Map();
  for (const id of profile.samples) hits.set(id, (hits.get(id) ?? 0) + 1);
  let js = 0;
  for (const node of profile.nodes) {
    if (!/^\((idle|program|root)\)$/.test(node.callFrame.functionName)) js += hits.get(node.id) ?? 0;
  }
  return (js * (profile.endTime - profile.startTime)) / 1000 / profile.samples.length;
}

/** Rounds of the overlay stopped (the empty loop alone) and running: the two phases interleave, so a busy spell hits both. */
const ROUNDS = 4;
const PHASE_MS = 2500;

export async function gateResBench({ launch, base, media, log }) {
  const browser = await launch();
  const rows = [];
  try {
    for (const size of SIZES) {
      for (const [motion, clip] of Object.entries(CLIPS)) {
        const src = scaledClip(media, clip, size);
        for (const reader of (process.env.GATE_RES_READERS?.split(',') ?? ['worker', 'main', 'stream'])) {
          const page = await browser.newPage();
          page.on('pageerror', (e) => console.error('page error:', e.message));
          const cdp = await page.context().newCDPSession(page);
          await cdp.send('Performance.enable');
          await page.goto(`${base}/bench/bench.html`);
          await page.evaluate(`(${PAGE.play})(${JSON.stringify(src)}, ${reader === 'stream'})`);
          await page.waitForTimeout(1000);
          const want = { main: 'luma', worker: 'worker', stream: 'stream' }[reader];
          const got = await page.evaluate(`(${PAGE.attach})(${reader === 'main'}, '${want}')`);
          // A row must measure the reader it names (session 9 started the gate worker after the first result, and this
          // bench's detector gave none: its "worker" rows read on the main thread until this check).
          if (got !== want) throw new Error(`gate by resolution: the gate read with '${got}', not the ${reader} reader this row measures`);
          const sum = { empty: { task: 0, js: 0, frames: 0 }, gated: { task: 0, js: 0, frames: 0, reads: 0 } };
          await cdp.send('Profiler.enable');
          await cdp.send('Profiler.setSamplingInterval', { interval: 100 });
          for (let round = 0; round < ROUNDS; round++) {
            for (const phase of ['empty', 'gated']) {
              await page.evaluate((on) => (on ? window.__overlay.start() : window.__overlay.stop()), phase === 'gated');
              await page.waitForTimeout(300); // the switch settles
              const [t0, c0] = [await taskSeconds(cdp), await page.evaluate(`(${PAGE.counts})()`)];
              await cdp.send('Profiler.start');
              await page.waitForTimeout(PHASE_MS);
              const { profile } = await cdp.send('Profiler.stop');
              const [t1, c1] = [await taskSeconds(cdp), await page.evaluate(`(${PAGE.counts})()`)];
              sum[phase].task += (t1 - t0) * 1000;
              sum[phase].js += jsMs(profile);
              sum[phase].frames += c1.frames - c0.frames;
              if (phase === 'gated') sum.gated.reads += c1.reads - c0.reads;
            }
          }
          const { empty, gated } = sum;
          const per = (x, n) => x / Math.max(1, n);
          const netJs = per(gated.js, gated.reads) - per(empty.js, empty.frames);
          const netTask = per(gated.task, gated.reads) - per(empty.task, empty.frames);
          log(`gate by resolution: ${size.join('x')} ${motion}, ${reader}: ${netJs.toFixed(3)} ms/frame JS net, ${netTask.toFixed(3)} all tasks (${gated.reads} reads, reader ${got})`);
          rows.push({ size, motion, reader, got, empty, gated, netJsMs: netJs, netTaskMs: netTask });
          await page.close();
        }
      }
    }
    return { date: new Date().toISOString(), seconds: (ROUNDS * PHASE_MS) / 1000, rows };
  } finally {
    await browser.close();
  }
}
