#!/usr/bin/env node
// `node bench/gate-sim.mjs` (and `simulate()` for bench/run.mjs; after `npm run build`): the shipped motion gate (src/core/motion.ts) on every frame of the
// shared clips' y4m files, with no browser and no model: what share of frames it skips when it sees every frame, every
// 2nd or every 3rd (as it does right after an inference blocks the page), and how many gate pixels change per frame;
// then the ancestor's gate (R+G+B per pixel of the full frame, difference > 10) on the same frames, and how often its
// decisions match ours at the one threshold that matches best over all clips (on average), and at each clip's own best.
// Explains the near-static rows of BENCHMARKS.md; prints two tables, writes nothing.
// The colour conversion is BT.601 (limited range), as Chromium draws a camera frame to a canvas, to within rounding.
import { readFileSync } from 'node:fs';
// Built by `npm run build` (rollup.pages.config.js) from bench/lib.ts: the SDK's own gate code.
import { MotionGate, changedFraction, downsamplePlane, gateSize, median, objDetectChangedShare } from './build/lib.mjs';
const defaults = { enabled: true, pixelThreshold: 32, motionThreshold: 0.0015, maxSkipMs: Number.POSITIVE_INFINITY };
const MEDIA = new URL('../../shared/media/video/', import.meta.url);
const GATE_WIDTH = 80;
const LOOPS = 6;

/** The frames of a 4:2:0 y4m file: size, and each frame's Y, U and V planes. */
function y4m(name) {
  const buf = readFileSync(new URL(`${name}.y4m`, MEDIA));
  const headEnd = buf.indexOf(0x0a);
  const head = buf.subarray(0, headEnd).toString();
  const w = Number(/ W(\d+)/.exec(head)[1]);
  const h = Number(/ H(\d+)/.exec(head)[1]);
  const frames = [];
  for (let p = headEnd + 1; p < buf.length; p += (w * h * 3) / 2) {
    p = buf.indexOf(0x0a, p) + 1; // FRAME header
    const at = (offset, length) => new Uint8Array(buf.buffer.slice(buf.byteOffset + p + offset, buf.byteOffset + p + offset + length));
    frames.push({ y: at(0, w * h), u: at(w * h, (w * h) / 4), v: at((w * h * 5) / 4, (w * h) / 4) });
  }
  return { w, h, frames };
}

/** The luma planes box-filtered to the gate's size, as the page does. */
function gateFrames({ w, h, frames }) {
  const { width, height } = gateSize(w, h, GATE_WIDTH);
  return frames.map((f) => downsamplePlane(f.y, { offset: 0, stride: w }, w, h, new Uint8Array(width * height), width, height));
}

/** R+G+B per pixel of each frame (BT.601 limited range, as a canvas draws a camera frame), for the ancestor's gate. */
function rgbSums({ w, h, frames }) {
  const clamp = (x) => (x < 0 ? 0 : x > 255 ? 255 : Math.round(x));
  return frames.map(({ y, u, v }) => {
    const sums = new Int16Array(w * h);
    for (let row = 0; row < h; row++) {
      for (let col = 0; col < w; col++) {
        const c = (row >> 1) * (w >> 1) + (col >> 1);
        const l = 1.164 * (y[row * w + col] - 16);
        const cb = u[c] - 128;
        const cr = v[c] - 128;
        sums[row * w + col] = clamp(l + 1.596 * cr) + clamp(l - 0.392 * cb - 0.813 * cr) + clamp(l + 2.017 * cb);
      }
    }
    return sums;
  });
}

/** objDetect.js's score per frame transition: the share of pixels whose R+G+B changed by more than 10. */
function ancestorScores(sums) {
  return sums.map((a, i) => objDetectChangedShare(a, sums[(i + 1) % sums.length], 1));
}

/** Our gate's decision per frame transition (changed or not), seeing every frame, in the loop after a warm-up loop. */
function ourDecisions(frames) {
  const gate = new MotionGate(defaults);
  const out = [];
  for (let i = 0; i <= 2 * frames.length; i++) {
    const d = gate.check(frames[i % frames.length], i);
    if (i > frames.length) out.push(d.changed);
  }
  return out; // out[k]: the change from frame k to k + 1
}

/** Share of checked frames the gate skips, seeing every `stride`-th frame of `LOOPS` loops. */
function skipShare(frames, stride) {
  const gate = new MotionGate(defaults);
  let checked = 0;
  let skipped = 0;
  for (let i = 0; i < frames.length * LOOPS; i += stride) {
    const d = gate.check(frames[i % frames.length], i);
    if (d.reason === 'first') continue;
    checked++;
    if (!d.changed) skipped++;
  }
  return skipped / checked;
}

const CLIPS = ['static_dog_bicycle_640x480_15fps', 'dog_nearstatic_640x360_15fps', 'pedestrians_640x480_10fps', 'cockatoo_handheld_640x360_15fps'];
/** Thresholds on the ancestor's score (changed when score > T) swept for the best match with ours: 0..40% in 0.1% steps. */
const THRESHOLDS = Array.from({ length: 401 }, (_, i) => i / 1000);

/**
 * Per clip: what our gate skips seeing every 1st, 2nd and 3rd frame, and how often the ancestor's decisions match ours
 * per frame transition, at the one threshold that matches best over all clips (mean agreement) and at the clip's own best.
 * Thresholds are ranges [from, to] of equally good values; agreement is taken at `from`.
 */
export function simulate() {
  const clips = CLIPS.map((clip) => {
    const video = y4m(clip);
    const frames = gateFrames(video);
    const n = frames[0].length;
    const changed = frames.map((f, i) => Math.round(changedFraction(f, frames[(i + 1) % frames.length], defaults.pixelThreshold) * n));
    const ours = ourDecisions(frames);
    const ancestor = ancestorScores(rgbSums(video));
    return { clip, frames: frames.length, gatePixels: n, changedPixels: [Math.min(...changed), Math.max(...changed)],
      skipFrameToFrame: 1 - changed.filter((c) => c / n > defaults.motionThreshold).length / frames.length,
      skip: [1, 2, 3].map((stride) => skipShare(frames, stride)),
      ourChangedShare: ours.filter(Boolean).length / ours.length, ancestorScore: [Math.min(...ancestor), Math.max(...ancestor)],
      ancestorMedian: median(ancestor), ours, ancestor };
  });
  const agreement = ({ ours, ancestor }, t) => ours.filter((changed, k) => changed === ancestor[k] > t).length / ours.length;
  // The thresholds that match best, as a range (ties are the rule: any T between two scores decides alike).
  const best = (score) => {
    const scores = THRESHOLDS.map(score);
    const top = THRESHOLDS.filter((_, i) => scores[i] === Math.max(...scores));
    return [top[0], top.at(-1)];
  };
  const mean = (xs) => xs.reduce((a, b) => a + b, 0) / xs.length;
  const threshold = best((t) => mean(clips.map((c) => agreement(c, t))));
  return { threshold, clips: clips.map(({ ours, ancestor, ...c }) => {
    const own = best((t) => agreement({ ours, ancestor }, t));
    return { ...c, agreement: agreement({ ours, ancestor }, threshold[0]), ownThreshold: own, ownAgreement: agreement({ ours, ancestor }, own[0]) };
  }) };
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const { threshold, clips } = simulate();
  const table = (h, r) => [h, h.map(() => '---'), ...r].map((x) => `| ${x.join(' | ')} |`).join('\n');
  const pct = (x) => `${(100 * x).toFixed(1)}%`;
  console.log(table(['clip', 'frames', 'gate px', 'changed px per frame (min-max)', 'skip, frame-to-frame only', 'skip, every frame', 'every 2nd', 'every 3rd'],
    clips.map((c) => [c.clip, c.frames, c.gatePixels, c.changedPixels.join('-'), c.skipFrameToFrame.toFixed(2), ...c.skip.map((x) => x.toFixed(2))])));
  const range = ([from, to]) => (from === to ? pct(from) : `${pct(from)}-${pct(to)}`);
  console.log(`\nAncestor's decisions vs ours, per frame transition (one threshold for all clips, best on average: T = ${range(threshold)})`);
  console.log(table(['clip', 'our changed share', 'ancestor score (min-max)', `same decisions at T = ${range(threshold)}`, "clip's own best T", 'same decisions there'],
    clips.map((c) => [c.clip, c.ourChangedShare.toFixed(2), c.ancestorScore.map(pct).join('-'), c.agreement.toFixed(2), range(c.ownThreshold), c.ownAgreement.toFixed(2)])));
}
