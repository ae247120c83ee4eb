#!/usr/bin/env node
// `node bench/gate-sim.mjs`: the shipped motion gate (src/core/motion.ts, transpiled here as is) on every frame of the
// shared clips' y4m files, with no browser and no model: what share of frames it skips when it sees every frame, every
// 2nd or every 3rd (as it does right after an inference blocks the page), and how many gate pixels change per frame.
// Explains the near-static row of BENCHMARKS.md; prints a table, writes nothing.
import { readFileSync } from 'node:fs';
import ts from 'typescript';

const src = readFileSync(new URL('../src/core/motion.ts', import.meta.url), 'utf8');
const js = ts.transpileModule(src, { compilerOptions: { module: ts.ModuleKind.ESNext, target: ts.ScriptTarget.ES2022 } }).outputText;
const { MotionGate, changedFraction, downsamplePlane, gateSize } = await import(`data:text/javascript,${encodeURIComponent(js)}`);
const defaults = { enabled: true, pixelThreshold: 32, motionThreshold: 0.0015, maxSkipMs: Number.POSITIVE_INFINITY };
const MEDIA = new URL('../../shared/media/video/', import.meta.url);
const GATE_WIDTH = 80;
const LOOPS = 6;

/** The luma planes of a 4:2:0 y4m file, each box-filtered to the gate's size as the page does. */
function gateFrames(name) {
  const buf = readFileSync(new URL(`${name}.y4m`, MEDIA));
  const headEnd = buf.indexOf(0x0a);
  const head = buf.subarray(0, headEnd).toString();
  const w = Number(/ W(\d+)/.exec(head)[1]);
  const h = Number(/ H(\d+)/.exec(head)[1]);
  const { width, height } = gateSize(w, h, GATE_WIDTH);
  const frames = [];
  for (let p = headEnd + 1; p < buf.length; p += (w * h * 3) / 2) {
    p = buf.indexOf(0x0a, p) + 1; // FRAME header
    const plane = new Uint8Array(buf.buffer.slice(buf.byteOffset + p, buf.byteOffset + p + w * h));
    frames.push(downsamplePlane(plane, { offset: 0, stride: w }, w, h, new Uint8Array(width * height), width, height));
  }
  return frames;
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

const rows = [];
for (const clip of ['static_dog_bicycle_640x480_15fps', 'dog_nearstatic_640x360_15fps', 'pedestrians_640x480_10fps', 'cockatoo_handheld_640x360_15fps']) {
  const frames = gateFrames(clip);
  const n = frames[0].length;
  const changed = frames.map((f, i) => Math.round(changedFraction(f, frames[(i + 1) % frames.length], defaults.pixelThreshold) * n));
  const overThreshold = changed.filter((c) => c / n > defaults.motionThreshold).length;
  rows.push([clip, `${frames.length}`, `${n}`, `${Math.min(...changed)}-${Math.max(...changed)}`, (1 - overThreshold / frames.length).toFixed(2),
    ...[1, 2, 3].map((s) => skipShare(frames, s).toFixed(2))]);
}
const head = ['clip', 'frames', 'gate px', 'changed px per frame (min-max)', 'skip, frame-to-frame only', 'skip, every frame', 'every 2nd', 'every 3rd'];
console.log([head, head.map(() => '---'), ...rows].map((r) => `| ${r.join(' | ')} |`).join('\n'));
