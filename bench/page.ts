// In-page benchmark helpers (built to bench/build/page.js by rollup.pages.config.js, loaded by
// bench/run.mjs into bench/bench.html). Every comparison runs in one page, on the same frames, side by side.
// The SDK is the page's script-tag bundle (window.DetectOverlay): what users load.
/* eslint-disable @typescript-eslint/no-explicit-any */
import type { DetectOverlay } from '../src/detect-overlay.js';
import type { Detection, DetectOverlayOptions } from '../src/types.js';
import { iou, median, objDetectChangedShare } from './lib.js';

const DO: any = (window as any).DetectOverlay;
const MODEL = '/models/centernet/centernet.json';
const sleep = (ms: number): Promise<void> => new Promise((r) => setTimeout(r, ms));

/**
 * The browser's camera, which bench/run.mjs launches as a fake webcam playing the clip's y4m
 * (raw frames at the clip's own rate, looped by Chromium), shown in a 320-px video.
 */
async function cameraVideo(): Promise<HTMLVideoElement> {
  const stream = await navigator.mediaDevices.getUserMedia({ video: true });
  const v = Object.assign(document.createElement('video'), { muted: true, playsInline: true, srcObject: stream });
  v.style.width = '320px';
  document.body.append(v);
  await v.play();
  while (v.videoWidth === 0) await sleep(20);
  return v;
}

function removeVideo(v: HTMLVideoElement): void {
  (v.srcObject as MediaStream | null)?.getTracks().forEach((t) => t.stop());
  v.remove();
}

const instant = { name: 'instant', async load() {}, async detect(): Promise<Detection[]> { return []; }, dispose() {} };

/**
 * The set-up most measurements share: the camera's video, an overlay on it with `options` (CenterNet
 * from the shared weights unless they say otherwise), `fn` run on both, then both removed.
 */
async function withOverlay<T>(options: DetectOverlayOptions, fn: (overlay: DetectOverlay, video: HTMLVideoElement) => Promise<T>): Promise<T> {
  const video = await cameraVideo();
  const overlay: DetectOverlay = await DO.attach(video, { detector: 'centernet', modelUrl: MODEL, ...options });
  try {
    return await fn(overlay, video);
  } finally {
    overlay.destroy();
    removeVideo(video);
  }
}

/** Resolves on the overlay's next `detections` event. */
const nextResult = (overlay: DetectOverlay): Promise<unknown> => new Promise((r) => { const off = overlay.on('detections', (e) => { off(); r(e); }); });

/** Runs `perFrame` on `frames` consecutive video frames, each run the first to touch its frame. */
function onFrames(video: HTMLVideoElement, frames: number, perFrame: () => unknown): Promise<void> {
  return new Promise((resolve) => {
    let n = 0;
    const tick = async () => {
      await perFrame();
      if (++n < frames) video.requestVideoFrameCallback(tick); else resolve();
    };
    video.requestVideoFrameCallback(tick);
  });
}

/** Calls `perFrame(now)` on every frame the video presents for `seconds`, then resolves. */
async function eachFrameFor(video: HTMLVideoElement, seconds: number, perFrame: (now: number) => void): Promise<void> {
  let watching = true;
  const watch = (now: number): void => {
    if (!watching) return;
    perFrame(now);
    video.requestVideoFrameCallback(watch);
  };
  video.requestVideoFrameCallback(watch);
  await sleep(seconds * 1000);
  watching = false;
}

/**
 * Gate cost: ours (the pipeline's own per-frame gate time, from its motion events), the
 * ancestor's full-frame RGB diff, and the floor (a bare 80x60 drawImage + getImageData), each in
 * its own pass over the same clip. Separate passes because whatever reads a video frame first
 * pays for bringing that frame to the CPU; measured together, the second reader looks free.
 */
export async function gate(clip: string, frames = 120) {
  const video = await cameraVideo();
  const aspect = video.videoHeight / video.videoWidth;
  // 1. Ours: the real pipeline, gate on, nothing else reading the frames.
  const overlay = await DO.attach(video, { detector: instant, backend: 'cpu', maxFps: 0 });
  const ours: number[] = [];
  const reasons: Record<string, number> = {};
  await new Promise<void>((resolve) => overlay.on('motion', (m: { ms: number; reason: string }) => {
    ours.push(m.ms);
    reasons[m.reason] = (reasons[m.reason] ?? 0) + 1;
    if (ours.length >= frames) resolve();
  }));
  const reader = overlay.stats.gateReader;
  overlay.destroy();
  // 2. The floor.
  const small = Object.assign(document.createElement('canvas'), { width: 80, height: Math.round(80 * aspect) });
  const sctx = small.getContext('2d', { willReadFrequently: true })!;
  const floor: number[] = [];
  await onFrames(video, frames, () => {
    const t0 = performance.now();
    sctx.drawImage(video, 0, 0, small.width, small.height);
    sctx.getImageData(0, 0, small.width, small.height);
    floor.push(performance.now() - t0);
  });
  // 2b. The floor of our own reader: a bare VideoFrame + copyTo of the decoded frame (no downscale, no compare).
  const lumaFloor: number[] = [];
  let buffer = new Uint8Array(0);
  await onFrames(video, frames, async () => {
    const t0 = performance.now();
    const f = new VideoFrame(video);
    if (buffer.length < f.allocationSize()) buffer = new Uint8Array(f.allocationSize());
    await f.copyTo(buffer);
    f.close();
    lumaFloor.push(performance.now() - t0);
  });
  // 3. objDetect.js's gate: the whole 640-px frame, R+G+B per pixel against the previous frame.
  const big = Object.assign(document.createElement('canvas'), { width: 640, height: Math.round(640 * aspect) });
  const bctx = big.getContext('2d', { willReadFrequently: true })!;
  const ancestor: number[] = [];
  const ancestorChanged: number[] = [];
  let prev: Uint8ClampedArray | null = null;
  await onFrames(video, frames, () => {
    const t0 = performance.now();
    bctx.drawImage(video, 0, 0, big.width, big.height);
    const px = bctx.getImageData(0, 0, big.width, big.height).data;
    const changed = prev ? objDetectChangedShare(px, prev, 4) : 0;
    prev = px;
    ancestor.push(performance.now() - t0);
    ancestorChanged.push(changed);
  });
  removeVideo(video);
  return { clip, frames, oursMs: median(ours.slice(2)), ancestorMs: median(ancestor.slice(2)), floorMs: median(floor.slice(2)), lumaFloorMs: median(lumaFloor.slice(2)), reader,
    ourMotionFraction: (reasons.motion ?? 0) / ours.length, reasons, ancestorMedianChanged: median(ancestorChanged.slice(1)) };
}

/** The model alone: median ms of detect() on one 640-wide frame, same backend as the page. */
export async function model(n = 15) {
  const video = await cameraVideo();
  await sleep(300);
  const canvas = Object.assign(document.createElement('canvas'), { width: 640, height: 480 });
  const ctx = canvas.getContext('2d', { willReadFrequently: true })!;
  ctx.drawImage(video, 0, 0, 640, 480);
  const input = DO.tf.getBackend() === 'webgl' ? canvas : ctx.getImageData(0, 0, 640, 480);
  const d = new DO.CenterNetDetector(MODEL);
  await d.load({});
  const times: number[] = [];
  for (let i = 0; i < n; i++) {
    const t0 = performance.now();
    await d.detect(input, { minScore: 0, scoreThreshold: 0.3, maxDetections: 100 });
    times.push(performance.now() - t0);
  }
  d.dispose();
  removeVideo(video);
  // The threads the backend computes on, as the SDK reports them (an overlay shares the running backend).
  const probe = await DO.attach(document.createElement('video'), { detector: instant, backend: DO.tf.getBackend() });
  const { threads } = probe.stats;
  probe.destroy();
  return { backend: DO.tf.getBackend(), ms: median(times), runs: n, threads };
}

/** A pipeline run on a clip: inference rate and gate savings. */
export async function pipeline(clip: string, seconds: number, options: DetectOverlayOptions = {}) {
  return withOverlay(options, async (overlay) => {
    await sleep(500);
    let heartbeats = 0;
    overlay.on('motion', (m) => { if (m.reason === 'heartbeat') heartbeats++; });
    // Where the largest box's top edge went (video px): does the picture's motion move what is detected?
    const tops: number[] = [];
    overlay.on('detections', (e) => {
      const big = e.detections.reduce<Detection | null>((a, d) => (!a || d.bbox[2] * d.bbox[3] > a.bbox[2] * a.bbox[3] ? d : a), null);
      if (big) tops.push(Math.round(big.bbox[1]));
    });
    const s0 = overlay.stats;
    const t0 = performance.now();
    await sleep(seconds * 1000);
    return { s0, s1: overlay.stats, elapsed: (performance.now() - t0) / 1000, heartbeats, tops };
  }).then(({ s0, s1, elapsed, heartbeats, tops }) => pipelineFigures(clip, s0, s1, elapsed, heartbeats, tops));
}

function pipelineFigures(clip: string, s0: DetectOverlay['stats'], s1: DetectOverlay['stats'], elapsed: number, heartbeats: number, tops: number[]) {
  const sampled = s1.framesSampled - s0.framesSampled;
  const gated = s1.framesGated - s0.framesGated;
  return { clip, seconds: elapsed, inferencesPerSecond: (s1.inferences - s0.inferences) / elapsed, inferencesPerMinute: 60 * (s1.inferences - s0.inferences) / elapsed,
    sampled, gated, heartbeats, skipFraction: sampled ? gated / sampled : 0,
    // The heartbeat's own inferences aside, as the target is stated.
    skipFractionBesidesHeartbeat: sampled - heartbeats > 0 ? gated / (sampled - heartbeats) : 0,
    avgInferenceMs: s1.avgInferenceMs, backend: s1.backend, threads: s1.threads, sampleReader: s1.sampleReader,
    largestBoxTop: tops.length ? [Math.min(...tops), Math.max(...tops)] : null };
}

/**
 * 1,000 sampled frames with the real model: tensors (of the TF.js engine running the model: the
 * page's, or the worker's via overlay.memory()), the page's heap and DOM before and after.
 */
export async function memory(frames = 1000, options: DetectOverlayOptions = { worker: false }) {
  const nodes = (): number => document.getElementsByTagName('*').length;
  const w = window as any;
  // Two full collections: one gc() can leave collectable garbage behind and read as growth.
  const heap = (): number => { w.gc?.(); w.gc?.(); return (performance as any).memory?.usedJSHeapSize ?? NaN; };
  const video = await cameraVideo();
  const nodesBefore = nodes();
  const overlay: DetectOverlay = await DO.attach(video, { detector: 'centernet', modelUrl: MODEL, maxFps: 0, ...options });
  await nextResult(overlay);
  // Baseline after a short warm-up (JIT, kernel caches), then 1,000 more sampled frames.
  while (overlay.stats.framesSampled < 50) await sleep(200);
  const tensorsStart = (await overlay.memory()).numTensors;
  const heapStart = heap();
  const startSampled = overlay.stats.framesSampled;
  while (overlay.stats.framesSampled - startSampled < frames) await sleep(500);
  await sleep(300);
  const tensorsEnd = (await overlay.memory()).numTensors;
  const heapEnd = heap();
  const { inferences, worker } = overlay.stats;
  overlay.destroy();
  await sleep(300);
  removeVideo(video);
  return { frames, worker, inferences, tensorsStart, tensorsEnd, tensorDelta: tensorsEnd - tensorsStart, heapGrowthMB: (heapEnd - heapStart) / 2 ** 20,
    tensorsAfterDestroy: DO.tf.memory().numTensors, domNodesLeft: nodes() - (nodesBefore - 1) };
}

/** Long tasks (> 50 ms) on the main thread while detecting. */
export async function longTasks(seconds = 20, options: DetectOverlayOptions = {}) {
  const entries: PerformanceEntry[] = [];
  const po = new PerformanceObserver((list) => entries.push(...list.getEntries()));
  po.observe({ type: 'longtask', buffered: false });
  const r = await pipeline('pedestrians_640x480_10fps', seconds, options);
  po.disconnect();
  return { seconds: r.seconds, longTasks: entries.length, longTasksPerMinute: 60 * entries.length / r.seconds, longestMs: Math.max(0, ...entries.map((e) => e.duration)), inferencesPerSecond: r.inferencesPerSecond };
}

/**
 * One detector on each photo, at its own default score threshold: labels found. `detector` is
 * 'centernet' (the shared weights) or 'coco-ssd' (self-hosted weights at `modelUrl`).
 */
export async function photos(files: string[], detector = 'centernet', modelUrl = MODEL) {
  const d = detector === 'coco-ssd' ? new DO.CocoSsdDetector('lite_mobilenet_v2', modelUrl) : new DO.CenterNetDetector(modelUrl);
  await d.load({});
  const threshold = d.defaultScoreThreshold;
  const out: Record<string, Array<{ label: string; score: number }>> = {};
  for (const f of files) {
    const img = new Image();
    img.src = `/media/photos/${f}`;
    await img.decode();
    const canvas = Object.assign(document.createElement('canvas'), { width: img.naturalWidth, height: img.naturalHeight });
    const ctx = canvas.getContext('2d', { willReadFrequently: true })!;
    ctx.drawImage(img, 0, 0);
    const found: Detection[] = await d.detect(ctx.getImageData(0, 0, canvas.width, canvas.height), { minScore: threshold, scoreThreshold: threshold, maxDetections: 50 });
    out[f] = found.map((x) => ({ label: x.label, score: +x.score.toFixed(2) }));
  }
  d.dispose();
  return { detector, threshold, found: out };
}

/**
 * The long run: the pedestrians clip looping for `minutes`, tensors, heap and the live tracks
 * sampled every minute; with `options` (bench/run.mjs: tracking on, two zones and a line).
 */
export async function long(minutes: number, options: DetectOverlayOptions = {}) {
  const w = window as any;
  const heap = (): number => { w.gc?.(); w.gc?.(); return +(((performance as any).memory?.usedJSHeapSize ?? NaN) / 2 ** 20).toFixed(2); };
  const video = await cameraVideo();
  // Default options: the model runs where `worker: 'auto'` puts it (the worker here); tensors are
  // counted in that engine (overlay.memory()), the heap is the page's.
  const overlay: DetectOverlay = await DO.attach(video, { detector: 'centernet', modelUrl: MODEL, ...options });
  const { worker } = overlay.stats;
  let errors = 0;
  let events = 0;
  overlay.on('error', () => errors++);
  for (const name of ['track-enter', 'track-leave', 'zone-enter', 'zone-leave', 'dwell', 'line-cross'] as const) overlay.on(name, () => events++);
  await nextResult(overlay);
  const series: unknown[] = [];
  const t0 = performance.now();
  for (let m = 0; m <= minutes; m++) {
    while (performance.now() - t0 < m * 60_000) await sleep(1000);
    const s = overlay.stats;
    series.push({ minute: m, tensors: (await overlay.memory()).numTensors, heapMB: heap(), inferences: s.inferences, sampled: s.framesSampled, playing: !video.paused, tracks: overlay.tracks.length, events });
  }
  const counts = overlay.counts;
  overlay.destroy();
  await sleep(500);
  return { minutes, worker, errors, series, counts, options: JSON.parse(JSON.stringify(options)), tensorsAfterDestroy: DO.tf.memory().numTensors };
}

/**
 * Pipeline vs the model alone, interleaved finely so that the machine's drifting speed cancels:
 * one overlay (gate off, no fps cap) and the bare model on the page take turns, `rounds` times:
 * the overlay is stopped and its last inference allowed to land, the model alone runs 3 times,
 * then the overlay runs `seconds` (its rate taken between its first and last result). Each round gives the pipeline's rate times that round's model
 * ms, and the share of the window the pipeline's own detect() calls took (the rest is what the
 * pipeline adds: reading frames, drawing, events, waiting for the next frame).
 */
export async function interleaved(clip: string, rounds: number, seconds: number, options: DetectOverlayOptions = {}) {
  const bare = new DO.CenterNetDetector(MODEL);
  await bare.load({});
  try {
    return await withOverlay({ motion: false, maxFps: 0, ...options }, (overlay, video) => interleave(clip, overlay, video, bare, rounds, seconds));
  } finally {
    bare.dispose();
  }
}

async function interleave(clip: string, overlay: DetectOverlay, video: HTMLVideoElement, bare: any, rounds: number, seconds: number) {
  const canvas = Object.assign(document.createElement('canvas'), { width: video.videoWidth, height: video.videoHeight });
  const ctx = canvas.getContext('2d', { willReadFrequently: true })!;
  await sleep(1000);
  const out = { clip, worker: overlay.stats.worker, modelMs: [] as number[], inferencesPerSecond: [] as number[], ratio: [] as number[], detectShare: [] as number[] };
  for (let r = 0; r < rounds; r++) {
    overlay.stop();
    for (let n = -1; n !== overlay.stats.inferences;) { n = overlay.stats.inferences; await sleep(450); }
    ctx.drawImage(video, 0, 0);
    const times: number[] = [];
    for (let i = 0; i < 3; i++) {
      const frame = ctx.getImageData(0, 0, canvas.width, canvas.height);
      const t0 = performance.now();
      await bare.detect(frame, { minScore: 0, scoreThreshold: 0.3, maxDetections: 100 });
      times.push(performance.now() - t0);
    }
    // The rate from the first to the last result in the window (no partial inference at either end).
    const done: Array<{ at: number; ms: number }> = [];
    const off = overlay.on('detections', (e) => done.push({ at: performance.now(), ms: e.inferenceMs }));
    overlay.start();
    await sleep(seconds * 1000);
    off();
    const span = done.at(-1)!.at - done[0]!.at;
    const n = done.length - 1;
    const detectMs = done.slice(1).reduce((s, d) => s + d.ms, 0);
    const ms = median(times);
    out.modelMs.push(ms);
    out.inferencesPerSecond.push((1000 * n) / span);
    out.ratio.push((n * ms) / span);
    out.detectShare.push(detectMs / span);
  }
  return out;
}

/**
 * Refresh after stillness. The camera plays a still picture, then the walkers (bench/run.mjs makes
 * that y4m: the pedestrians clip's first frame held, then the clip, looped). An observer apart from
 * the SDK marks each presented frame changed or not (a 64x48 copy, compared byte for byte with the
 * previous frame's); at each start of motion after at least `stillMs` of identical frames, counts
 * the samples from the first one showing motion (sample 0) to the one the gate first passed, the
 * frames from the first moving one (frame 0) to the one the first inference ran on, and the ms
 * until its boxes arrived.
 */
export async function refresh(seconds: number, options: DetectOverlayOptions = {}, stillMs = 2000) {
  const frames: Array<{ t: number; changed: boolean }> = [];
  const samples: Array<{ t: number; changed: boolean; reason: string }> = [];
  const results: Array<{ sampledAt: number; at: number }> = [];
  const worker = await withOverlay(options, async (overlay, video) => {
    await nextResult(overlay);
    overlay.on('motion', (m) => samples.push({ t: performance.now(), changed: m.changed, reason: m.reason }));
    overlay.on('detections', (e) => results.push({ sampledAt: e.timestamp, at: performance.now() }));
    const ctx = new OffscreenCanvas(64, 48).getContext('2d', { willReadFrequently: true })!;
    let previous: Uint8ClampedArray | null = null;
    await eachFrameFor(video, seconds, () => {
      const t = performance.now();
      ctx.drawImage(video, 0, 0, 64, 48);
      const px = ctx.getImageData(0, 0, 64, 48).data;
      const before = previous;
      frames.push({ t, changed: before !== null && px.some((v, i) => v !== before[i]) });
      previous = px;
    });
    return overlay.stats.worker;
  });
  // A frame's sample is emitted within a few ms of the frame's own callback, and frames are >= 66 ms apart.
  const SLACK = 30;
  const onsets: number[] = [];
  let stillSince: number | null = null;
  for (const f of frames) {
    if (!f.changed) { stillSince ??= f.t; continue; }
    if (stillSince !== null && f.t - stillSince >= stillMs) onsets.push(f.t);
    stillSince = null;
  }
  const measured = onsets.map((t0) => {
    const result = results.find((r) => r.sampledAt >= t0 - SLACK);
    if (!result) return null;
    // With the gate off no frame is read until the model is free, so there are no samples between; frames are counted either way.
    const after = samples.filter((s) => s.t >= t0 - SLACK);
    const passed = after.findIndex((s) => s.changed);
    return { gateSample: passed, gateReason: after[passed]?.reason ?? null,
      inferenceFrame: frames.filter((f) => f.t >= t0 - SLACK && f.t < result.sampledAt - 1).length, ms: Math.round(result.at - t0) };
  }).filter(Boolean);
  return { seconds, worker, frames: frames.length, stillFrames: frames.filter((f) => !f.changed).length, samples: samples.length, onsets: measured };
}

/**
 * Do the boxes on screen sit on the objects of the frame on screen? The camera plays the clip;
 * each presented frame's drawn boxes (`overlay.detections`: followed along their motion, or left
 * where found) are recorded, and when the model's result for a frame arrives, its boxes are the
 * truth for what was drawn over that frame: per true box, the best IoU with a drawn box of its class.
 */
export async function follow(seconds: number, options: DetectOverlayOptions = {}) {
  const drawn: Array<{ now: number; boxes: Detection[] }> = [];
  const results: Array<{ sampledAt: number; boxes: Detection[] }> = [];
  const { worker, avgInferenceMs } = await withOverlay(options, async (overlay, video) => {
    await nextResult(overlay);
    overlay.on('detections', (e) => results.push({ sampledAt: e.timestamp, boxes: e.detections }));
    await eachFrameFor(video, seconds, (now) => drawn.push({ now, boxes: overlay.detections }));
    return overlay.stats;
  });
  const ious: number[] = [];
  for (const r of results.slice(1)) {
    // What was on screen when that frame was taken: the last frame presented by then.
    const shown = drawn.filter((d) => d.now <= r.sampledAt).at(-1);
    if (!shown) continue;
    for (const t of r.boxes) {
      const same = shown.boxes.filter((d) => d.label === t.label);
      ious.push(same.length ? Math.max(...same.map((d) => iou(d.bbox, t.bbox))) : 0);
    }
  }
  return { seconds, worker, avgInferenceMs, results: results.length, boxes: ious.length,
    meanIoU: ious.reduce((s, v) => s + v, 0) / ious.length, overHalf: ious.filter((v) => v >= 0.5).length / ious.length };
}
export * from './tracking.js';
