// Tracking benchmarks (in the bench page; bench/run.mjs calls them): ID stability on a synthetic clip
// whose truth is known, the real long pedestrians clip (ids, confirmed share, flicker with tracking
// on and off), the near-static dog, and a scripted scene of 20 moving tracked boxes for the main
// thread's cost. The SDK's own ShownBoxes (what an overlay runs per result) replays the model's
// results where both settings must see the same results.
/* eslint-disable @typescript-eslint/no-explicit-any */
import type { DetectOverlay } from '../src/detect-overlay.js';
import type { Detection, DetectOverlayOptions, Detector } from '../src/types.js';
import { ShownBoxes, iou, resolveOptions, shownOptions } from './lib.js';
import { HEIGHT, WIDTH, background, drawScene, truth, type Crops, type Truth } from './scene.js';

const DO: any = (window as any).DetectOverlay;
const MODEL = '/models/centernet/centernet.json';
const THRESHOLD = 0.3;
/** The SDK's default `maxLostMs`. */
const MAX_LOST_MS = 3000;
/** Results per second of video on the long clip: about what CenterNet gets on this machine's page (5-7/s), fixed so that runs compare. */
const LONG_CLIP_RATE = 5;
const sleep = (ms: number): Promise<void> => new Promise((r) => setTimeout(r, ms));

interface Result { mediaAt: number; detections: Detection[] }

/** The SDK's shown boxes with its defaults (and `options`): what an overlay shows per result. */
function shownBoxes(options: DetectOverlayOptions = {}): ShownBoxes {
  return new ShownBoxes(shownOptions(resolveOptions({ detector: 'centernet', ...options }), THRESHOLD));
}

async function image(path: string): Promise<ImageBitmap> {
  const blob = await (await fetch(path)).blob();
  return createImageBitmap(blob);
}

function pixels(source: CanvasImageSource, w: number, h: number): ImageData {
  const ctx = new OffscreenCanvas(w, h).getContext('2d', { willReadFrequently: true })!;
  ctx.drawImage(source, 0, 0, w, h);
  return ctx.getImageData(0, 0, w, h);
}

/** The model's best box of `label` in a photo, cut out (the crops the synthetic scene moves). */
async function crop(detector: any, path: string, label: string): Promise<ImageBitmap> {
  const img = await image(path);
  const found: Detection[] = await detector.detect(pixels(img, img.width, img.height), { minScore: 0.3, scoreThreshold: 0.3, maxDetections: 20 });
  const best = found.filter((d) => d.label === label).sort((a, b) => b.score - a.score)[0];
  if (!best) throw new Error(`no ${label} found in ${path}`);
  const [x, y, w, h] = best.bbox.map(Math.round) as [number, number, number, number];
  return createImageBitmap(img, x, y, w, h);
}

/** Every detection the model makes on the canvas's picture (no score floor: the replays filter as the SDK does). */
async function detectAll(detector: Detector, ctx: OffscreenCanvasRenderingContext2D): Promise<Detection[]> {
  const { width, height } = ctx.canvas;
  return detector.detect(ctx.getImageData(0, 0, width, height), { minScore: 0, scoreThreshold: THRESHOLD, maxDetections: 100 });
}

/**
 * Matches true boxes to shown ones of their class at IoU >= 0.3: true name → shown id. As CLEAR MOT
 * does, a pairing from the result before is kept while it still holds (a partly hidden walker whose
 * head box keeps its id is not switched to a bigger fragment); the rest greedily by IoU.
 */
function match(truths: Truth[], shown: readonly Detection[], before: ReadonlyMap<string, number>): Map<string, number> {
  const out = new Map<string, number>();
  const used = new Set<number>();
  const visible = truths.filter((t) => !t.occluded);
  for (const t of visible) {
    const id = before.get(t.name);
    const d = shown.find((x) => x.id === id && x.label === t.label);
    if (id !== undefined && d && iou(t.bbox, d.bbox) >= 0.3) { out.set(t.name, id); used.add(id); }
  }
  const pairs: Array<{ name: string; id: number; v: number }> = [];
  for (const t of visible) if (!out.has(t.name)) for (const d of shown) if (d.label === t.label && d.id !== undefined && !used.has(d.id)) pairs.push({ name: t.name, id: d.id, v: iou(t.bbox, d.bbox) });
  pairs.sort((a, b) => b.v - a.v);
  for (const p of pairs) if (p.v >= 0.3 && !out.has(p.name) && !used.has(p.id)) { out.set(p.name, p.id); used.add(p.id); }
  return out;
}

/** True objects whose boxes touch at `t` (a crossing), as pairs of names. */
function touching(t: number, crops: Crops): Array<{ pair: string; same: boolean }> {
  const ts = truth(t, crops);
  const out: Array<{ pair: string; same: boolean }> = [];
  for (let i = 0; i < ts.length; i++) for (let j = i + 1; j < ts.length; j++) {
    if (iou(ts[i]!.bbox, ts[j]!.bbox) > 0) out.push({ pair: `${ts[i]!.name}${ts[j]!.name}`, same: ts[i]!.label === ts[j]!.label });
  }
  return out;
}

/** Scores one replay of the synthetic clip's results at `perSecond` results a second of video. */
function scoreReplay(results: Result[], perSecond: number, crops: Crops) {
  const boxes = shownBoxes();
  const last = new Map<string, number>();
  const gap = new Map<string, boolean>();
  const ids = new Map<string, Set<number>>();
  const switches = { sameClass: 0, otherClass: 0, noCrossing: 0 };
  const switchLog: Array<{ at: number; name: string; from: number; to: number; near: string[] }> = [];
  const inFrameAt = new Map<string, number>();
  let fragmentations = 0;
  let returns = 0;
  let matched = 0;
  let truths = 0;
  let next = 0;
  for (const r of results) {
    if (r.mediaAt < next) continue;
    next += 1000 / perSecond;
    const { shown } = boxes.accept({ detections: r.detections, input: { width: WIDTH, height: HEIGHT }, frame: { width: WIDTH, height: HEIGHT }, at: r.mediaAt, mediaAt: r.mediaAt });
    const ts = truth(r.mediaAt / 1000, crops);
    for (const tr of ts) {
      // Back in the picture after longer than maxLostMs away: a new id is expected, not a switch.
      const away = r.mediaAt - (inFrameAt.get(tr.name) ?? r.mediaAt);
      if (away > MAX_LOST_MS && last.delete(tr.name)) { returns++; gap.set(tr.name, false); }
      inFrameAt.set(tr.name, r.mediaAt);
    }
    const m = match(ts, shown, last);
    truths += ts.filter((x) => !x.occluded).length;
    matched += m.size;
    for (const tr of ts) {
      const id = m.get(tr.name);
      // Hidden behind another: no match asked; its id when it shows again is judged against the one before.
      if (tr.occluded) continue;
      if (id === undefined) { if (last.has(tr.name)) gap.set(tr.name, true); continue; }
      (ids.get(tr.name) ?? ids.set(tr.name, new Set()).get(tr.name)!).add(id);
      const before = last.get(tr.name);
      if (gap.get(tr.name)) fragmentations++;
      gap.set(tr.name, false);
      if (before !== undefined && before !== id) {
        // Blamed on a crossing when this object touched another within 1.5 s before.
        const near = [0, 0.5, 1, 1.5].flatMap((back) => touching(r.mediaAt / 1000 - back, crops)).filter((c) => c.pair.includes(tr.name));
        if (near.some((c) => c.same)) switches.sameClass++;
        else if (near.length) switches.otherClass++;
        else switches.noCrossing++;
        switchLog.push({ at: r.mediaAt, name: tr.name, from: before, to: id, near: [...new Set(near.map((c) => c.pair))] });
      }
      last.set(tr.name, id);
    }
  }
  return { perSecond, switches, switchLog, fragmentations, returns, idsPerObject: Object.fromEntries([...ids].map(([k, v]) => [k, v.size])), matchedShare: matched / truths };
}

/** Crossings in the clip: episodes of two true boxes touching, same class or not. */
function crossings(seconds: number, crops: Crops) {
  const out = { sameClass: 0, otherClass: 0 };
  let before = new Set<string>();
  for (let i = 0; i < seconds * 10; i++) {
    const now = touching(i / 10, crops);
    for (const c of now) if (!before.has(c.pair)) out[c.same ? 'sameClass' : 'otherClass']++;
    before = new Set(now.map((c) => c.pair));
  }
  return out;
}

/**
 * ID stability on the synthetic clip: the model runs on every frame (10 a second of video time) of
 * `seconds`, then the SDK's shown boxes take every result (10/s) or every third (3/s). Per true
 * object: its ids, ID switches (blamed on a crossing of the same class, another class, or none)
 * and fragmentations (matched again after a result without a match).
 */
export async function idStability(seconds = 60) {
  const detector = new DO.CenterNetDetector(MODEL);
  await detector.load({});
  const crops: Crops = {
    person: await crop(detector, '/media/photos/person_dog_horse.jpg', 'person'),
    dog: await crop(detector, '/media/photos/person_dog_horse.jpg', 'dog'),
  };
  const bg = background();
  const canvas = new OffscreenCanvas(WIDTH, HEIGHT);
  const ctx = canvas.getContext('2d', { willReadFrequently: true })!;
  const results: Result[] = [];
  for (let i = 0; i < seconds * 10; i++) {
    drawScene(ctx, i / 10, bg, crops);
    results.push({ mediaAt: i * 100, detections: await detectAll(detector, ctx) });
  }
  detector.dispose();
  return { seconds, crossings: crossings(seconds, crops), rates: [10, 3].map((n) => scoreReplay(results, n, crops)) };
}

/**
 * Per result, the boxes shown: one-result flicker = a box with no box of its class in the results
 * before and after whose centre is within the box's size of its own (walkers move; a box that
 * moved with its object is not flicker). The same rule for tracking on and off.
 */
function flicker(shown: Detection[][]): number {
  let n = 0;
  const centre = (b: Detection['bbox']): [number, number] => [b[0] + b[2] / 2, b[1] + b[3] / 2];
  const near = (d: Detection, others: Detection[] | undefined) => !!others?.some((o) => {
    const [x, y] = centre(d.bbox);
    const [ox, oy] = centre(o.bbox);
    return o.label === d.label && Math.hypot(x - ox, y - oy) <= Math.max(d.bbox[2], d.bbox[3]);
  });
  for (let i = 1; i < shown.length - 1; i++) for (const d of shown[i]!) if (!near(d, shown[i - 1]) && !near(d, shown[i + 1])) n++;
  return n;
}

/** The long clip's truth (bench/pedestrians-long-truth.json): the persons counted by eye, and still things the model takes for persons. */
interface LongClipTruth {
  persons: Array<{ who: string }>;
  notPersons: Array<{ what: string; at: [number, number] }>;
}

/** Box anchors (bottom centre) within this many pixels of a still thing's are on it. */
const SPOT_PX = 15;

/** Did a track stay on one of the still things (at least 90% of its boxes' anchors within SPOT_PX of it)? */
function onSpot(anchors: ReadonlyArray<[number, number]>, spots: LongClipTruth['notPersons']): boolean {
  return anchors.length > 0 && spots.some(({ at }) => anchors.filter(([x, y]) => Math.hypot(x - at[0], y - at[1]) <= SPOT_PX).length >= 0.9 * anchors.length);
}

/**
 * The real long clip, CenterNet on its frames at `perSecond` frames a second of video (seeked to,
 * not played, so the results do not depend on the machine's speed); the model's raw results are
 * replayed through the SDK's shown boxes with tracking on and off. Reports
 * confirmed person ids (those on a still thing the truth lists apart, the rest per person the truth counts), the share of drawn boxes whose track was confirmed at least 1 s before,
 * and one-result flicker boxes per minute, on and off.
 */
export async function longClip(perSecond = LONG_CLIP_RATE, withBoxes = false) {
  const video = Object.assign(document.createElement('video'), { muted: true, playsInline: true, preload: 'auto', src: '/media/video/pedestrians_long_640x480_10fps.webm' });
  document.body.append(video);
  await new Promise((resolve, reject) => {
    video.addEventListener('loadeddata', resolve, { once: true });
    video.addEventListener('error', () => reject(new Error('the long clip did not load')), { once: true });
  });
  const size = { width: video.videoWidth, height: video.videoHeight };
  const truth: LongClipTruth = await (await fetch('/bench/pedestrians-long-truth.json')).json();
  const detector = new DO.CenterNetDetector(MODEL);
  await detector.load({});
  const canvas = new OffscreenCanvas(size.width, size.height);
  const ctx = canvas.getContext('2d', { willReadFrequently: true })!;
  const raw: Result[] = [];
  // Frames at a fixed rate of video time (the middle of each sampled frame), so a busy machine gives the same results.
  for (let at = 0.05; at < video.duration; at += 1 / perSecond) {
    await new Promise((resolve) => {
      video.addEventListener('seeked', resolve, { once: true });
      video.currentTime = at;
    });
    ctx.drawImage(video, 0, 0);
    raw.push({ mediaAt: at * 1000, detections: await detectAll(detector, ctx) });
  }
  detector.dispose();
  video.remove();
  const replay = (tracking: boolean) => {
    const boxes = shownBoxes({ tracking, classes: ['person'] });
    const confirmedAt = new Map<number, number>();
    const lastShown = new Map<number, number>();
    const anchors = new Map<number, Array<[number, number]>>();
    const shown: Detection[][] = [];
    const perResult: Array<[number, Array<[number, ...number[]]>]> = [];
    let old = 0;
    for (const r of raw) {
      const a = boxes.accept({ detections: r.detections, input: size, frame: size, at: r.mediaAt, mediaAt: r.mediaAt });
      for (const t of a.entered) confirmedAt.set(t.id, r.mediaAt);
      shown.push(a.shown);
      perResult.push([r.mediaAt, a.shown.map((d) => [d.id ?? -1, ...d.bbox.map(Math.round)])]);
      for (const d of a.shown) {
        if (d.id === undefined) continue;
        lastShown.set(d.id, r.mediaAt);
        const [x, y, w, h] = d.bbox;
        anchors.set(d.id, [...(anchors.get(d.id) ?? []), [x + w / 2, y + h]]);
      }
      old += a.shown.filter((d) => d.id !== undefined && r.mediaAt - confirmedAt.get(d.id)! >= 1000).length;
    }
    const drawn = shown.reduce((s, x) => s + x.length, 0);
    const spans = [...lastShown].map(([id, at]) => (at - confirmedAt.get(id)!) / 1000);
    const still = [...confirmedAt.keys()].filter((id) => onSpot(anchors.get(id) ?? [], truth.notPersons));
    return { ...(withBoxes ? { perResult } : {}), drawn, ids: confirmedAt.size, personIds: confirmedAt.size - still.length, stillIds: still.length, meanTrackSeconds: spans.reduce((x, y) => x + y, 0) / Math.max(1, spans.length), confirmedOneSecondShare: old / drawn, flicker: flicker(shown) };
  };
  const minutes = (raw.at(-1)!.mediaAt - raw[0]!.mediaAt) / 60_000;
  const on = replay(true);
  const off = replay(false);
  return { results: raw.length, minutes, persons: truth.persons.length, on, off, flickerPerMinute: { on: on.flicker / minutes, off: off.flicker / minutes } };
}

/**
 * The near-static dog clip looped for `seconds` with a default overlay: the ids the dog gets. The
 * model calls this lying Samoyed a cat at times, so the dog is what the boxes over it are (IoU >= 0.3
 * with its first box, the largest), whatever their label; the labels are reported too.
 */
export async function nearStaticDog(seconds = 20) {
  const video = Object.assign(document.createElement('video'), { muted: true, loop: true, playsInline: true, src: '/media/video/dog_nearstatic_640x360_15fps.webm' });
  document.body.append(video);
  await video.play();
  const overlay: DetectOverlay = await DO.attach(video, { detector: 'centernet', modelUrl: MODEL });
  const ids = new Set<number>();
  const labels: Record<string, number> = {};
  let animal: Detection['bbox'] | null = null;
  let results = 0;
  let withoutIt = 0;
  overlay.on('detections', (e) => {
    results++;
    animal ??= [...e.detections].sort((a, b) => b.bbox[2] * b.bbox[3] - a.bbox[2] * a.bbox[3])[0]?.bbox ?? null;
    const over = animal ? e.detections.filter((d) => iou(d.bbox, animal!) >= 0.3) : [];
    if (over.length === 0) withoutIt++;
    for (const d of over) {
      labels[d.label] = (labels[d.label] ?? 0) + 1;
      if (d.id !== undefined) ids.add(d.id);
    }
  });
  await sleep(seconds * 1000);
  const { inferences, framesSampled } = overlay.stats;
  overlay.destroy();
  video.remove();
  return { seconds, results, inferences, framesSampled, ids: ids.size, resultsWithoutIt: withoutIt, labels };
}

interface Scripted { overlay: DetectOverlay | null; video: HTMLVideoElement; frames: number; watching: boolean }
const scripted: Scripted = { overlay: null, video: document.createElement('video'), frames: 0, watching: false };

/**
 * For the main thread's cost per displayed frame (bench/tracking-run.mjs reads Chromium's task time
 * around it): the pedestrians clip in a 640x480 video; with `boxes` (a number), an overlay whose
 * scripted detector (no model: its cost would hide the SDK's) returns that many boxes walking in a
 * grid, 10 results a second, tracked, followed and drawn with labels; with null, the video alone.
 */
export async function startScripted(boxes: number | null) {
  const video = Object.assign(document.createElement('video'), { muted: true, loop: true, playsInline: true, src: '/media/video/pedestrians_640x480_10fps.webm' });
  video.style.cssText = 'width:640px;height:480px';
  document.body.append(video);
  await video.play();
  Object.assign(scripted, { video, frames: 0, watching: true, overlay: null });
  const count = (): void => {
    if (!scripted.watching) return;
    scripted.frames++;
    video.requestVideoFrameCallback(count);
  };
  video.requestVideoFrameCallback(count);
  if (boxes === null) return;
  const walkers = {
    name: 'walkers', async load() {}, dispose() {},
    async detect() {
      await sleep(100);
      const t = video.currentTime;
      return Array.from({ length: boxes }, (_, i) => ({ label: 'person', score: 0.8, bbox: [((i % 5) * 120 + 30 * t) % 600, Math.floor(i / 5) * 110 + 10, 36, 90] }));
    },
  };
  const overlay: DetectOverlay = await DO.attach(video, { detector: walkers, motion: false, maxFps: 10 });
  scripted.overlay = overlay;
  await new Promise((r) => { const off = overlay.on('detections', () => { off(); r(null); }); });
  if (boxes > 0) while (overlay.tracks.length < boxes) await sleep(100);
}

export function stopScripted() {
  scripted.watching = false;
  const tracks = scripted.overlay?.tracks.length ?? 0;
  const inferences = scripted.overlay?.stats.inferences ?? 0;
  scripted.overlay?.destroy();
  scripted.video.remove();
  return { frames: scripted.frames, tracks, inferences };
}
