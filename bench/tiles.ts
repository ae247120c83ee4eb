// In-page helper of the many-tiles bench (built to bench/build/tiles.js; bench/tiles-run.mjs runs it):
// a grid of videos of the pedestrians clip, each with its own overlay sharing the page's turns.
/* eslint-disable @typescript-eslint/no-explicit-any */
import { median } from './lib.js';

const DO: any = (window as any).DetectOverlay;
const MODEL = '/models/centernet/centernet.json';
const CLIP = '/media/video/pedestrians_640x480_10fps.webm';
const sleep = (ms: number): Promise<void> => new Promise((r) => setTimeout(r, ms));

/** One tile's numbers over the measured window. */
export interface TileResult {
  visible: boolean;
  inferences: number;
  /** Frames its gate read (sampled). */
  sampled: number;
  /** Of those, frames the gate let pass without inference (no motion). */
  gated: number;
  /** The 95th percentile age of the frame its boxes came from, read every 100 ms (ms). */
  p95AgeMs: number;
}

export interface TilesResult {
  tiles: TileResult[];
  seconds: number;
  /** Mean inference time in the worker over the window (ms). */
  inferenceMs: number;
  /** Long tasks (>= 50 ms) on the page's main thread over the window. */
  longTasks: number;
  /** Long animation frames in which the SDK's own script (detect-overlay.min.js) ran 50 ms or more. */
  sdkLongFrames: number;
  /** The most the SDK's script ran within one animation frame (ms). */
  sdkMaxFrameMs: number;
  /** What ran the SDK's script in those frames: "invoker (ms)" per script entry, the longest first (at most 12). */
  sdkLongFrameScripts: string[];
  /** JS heap per tile (MB): the page's heap with the tiles running, less before, over the count. */
  heapPerTileMB: number;
}

/** A clip's video, playing from `at` s, looped, once it can. */
async function playing(v: HTMLVideoElement, at: number): Promise<void> {
  await new Promise((r) => v.addEventListener('loadedmetadata', r, { once: true }));
  v.currentTime = at % Math.max(1, v.duration - 1);
  await v.play();
}

/**
 * `n` tiles of 236x177 CSS px, the first `visible` of them in view (a 4-column grid) and the rest far
 * below; measured for `seconds`. `remote`: each tile shows the clip received over its own
 * RTCPeerConnection pair in this page (a hidden video plays it, `captureStream()`, VP8 both ways, as
 * the demo's grid does), else the tile plays the file itself.
 */
export async function tiles(n: number, visible: number, seconds: number, remote = false): Promise<TilesResult> {
  document.body.style.margin = '0';
  const heapBefore = (performance as any).memory?.usedJSHeapSize ?? 0;
  const grid = document.createElement('div');
  grid.style.cssText = 'display:grid;grid-template-columns:repeat(4,236px);gap:0';
  const below = document.createElement('div');
  below.style.cssText = 'display:grid;grid-template-columns:repeat(4,236px);gap:0;margin-top:4000px';
  document.body.append(grid, below);
  const videos: HTMLVideoElement[] = [];
  const senders: Array<{ video: HTMLVideoElement; close(): void }> = [];
  const { sendOverPeerConnection } = remote ? await import('/demo/loopback.js' as string) : { sendOverPeerConnection: null };
  for (let i = 0; i < n; i++) {
    const v = Object.assign(document.createElement('video'), { muted: true, loop: !remote, playsInline: true, autoplay: remote });
    v.style.cssText = 'width:236px;height:177px;display:block';
    (i < visible ? grid : below).append(v);
    videos.push(v);
  }
  // Each tile at its own point of the clip: different pictures, the same amount of motion.
  await Promise.all(videos.map(async (v, i) => {
    if (!remote) {
      v.src = CLIP;
      await playing(v, i * 0.77);
      return;
    }
    const source = Object.assign(document.createElement('video'), { muted: true, loop: true, playsInline: true, src: CLIP });
    await playing(source, i * 0.77);
    const link = await sendOverPeerConnection((source as any).captureStream());
    senders.push({ video: source, close: () => link.close() });
    v.srcObject = link.stream;
    await new Promise((r) => v.addEventListener('loadeddata', r, { once: true }));
    await v.play();
  }));
  const overlays: any[] = await Promise.all(videos.map((v) => DO.attach(v, { detector: 'centernet', modelUrl: MODEL })));
  // The age of the frame each tile's boxes came from, read every 100 ms: from its last result's
  // frame (read when its turn came) to now, so the wait for the next turn counts.
  const ages: number[][] = overlays.map(() => []);
  const frameAt: number[] = overlays.map(() => Number.NaN);
  overlays.forEach((o, i) => o.on('detections', (e: any) => { frameAt[i] = e.timestamp; }));
  const readAges = (): void => frameAt.forEach((t, i) => { if (!Number.isNaN(t)) ages[i]!.push(performance.now() - t); });
  // Warm: every visible tile has had a result, then one more (a full round of turns after the
  // first results, which came in attach order).
  const shown = overlays.slice(0, visible);
  while (shown.some((o) => o.stats.inferences < 1)) await sleep(100);
  const firsts = shown.map((o) => o.stats.inferences);
  while (shown.some((o, i) => o.stats.inferences <= firsts[i]!)) await sleep(100);
  let longTasks = 0;
  const observer = new PerformanceObserver((list) => { longTasks += list.getEntries().length; });
  observer.observe({ type: 'longtask' });
  // Long animation frames say which scripts ran in them: the SDK's own share of each.
  let sdkLongFrames = 0;
  let sdkMaxFrameMs = 0;
  const sdkLongFrameScripts: Array<[number, string]> = [];
  const frames = new PerformanceObserver((list) => {
    for (const entry of list.getEntries() as any[]) {
      const sdkMs = (entry.scripts ?? []).filter((x: any) => /detect-overlay/.test(x.sourceURL ?? '')).reduce((n: number, x: any) => n + x.duration, 0);
      sdkMaxFrameMs = Math.max(sdkMaxFrameMs, sdkMs);
      if (sdkMs >= 50) {
        sdkLongFrames++;
        for (const x of entry.scripts ?? []) if (/detect-overlay/.test(x.sourceURL ?? '')) sdkLongFrameScripts.push([x.duration, `${x.invoker} ${x.sourceFunctionName ?? ''} (${Math.round(x.duration)} ms)`]);
      }
    }
  });
  frames.observe({ type: 'long-animation-frame' });
  const start = overlays.map((o) => ({ inferences: o.stats.inferences, sampled: o.stats.framesSampled, gated: o.stats.framesGated }));
  const ageTimer = setInterval(readAges, 100);
  // The window's bounds in a trace, where the runner records one (bench/trace-tasks.mjs).
  console.timeStamp('detect-overlay-bench:start');
  await sleep(seconds * 1000);
  console.timeStamp('detect-overlay-bench:end');
  clearInterval(ageTimer);
  observer.disconnect();
  frames.disconnect();
  const heapWith = (performance as any).memory?.usedJSHeapSize ?? 0;
  const result: TilesResult = {
    seconds,
    tiles: overlays.map((o, i) => {
      const a = [...ages[i]!].sort((x, y) => x - y);
      return { visible: i < visible, inferences: o.stats.inferences - start[i]!.inferences, sampled: o.stats.framesSampled - start[i]!.sampled, gated: o.stats.framesGated - start[i]!.gated,
        p95AgeMs: a.length ? a[Math.min(a.length - 1, Math.floor(a.length * 0.95))]! : 0 };
    }),
    inferenceMs: median(overlays.slice(0, visible).map((o) => o.stats.avgInferenceMs)),
    longTasks,
    sdkLongFrames,
    sdkMaxFrameMs,
    sdkLongFrameScripts: sdkLongFrameScripts.sort((x, y) => y[0] - x[0]).slice(0, 12).map((x) => x[1]),
    heapPerTileMB: (heapWith - heapBefore) / n / 1e6,
  };
  for (const o of overlays) o.destroy();
  for (const v of videos) v.remove();
  for (const sender of senders) {
    sender.close();
    sender.video.pause();
    sender.video.removeAttribute('src');
  }
  grid.remove();
  below.remove();
  return result;
}
