import { expect, test } from '@playwright/test';
import { DRIFT_FACTOR, MotionGate, changedFraction, downsamplePlane, gateSize, rgbaToGray } from '../../src/core/motion.js';

const opts = { enabled: true, pixelThreshold: 20, motionThreshold: 0.05, maxSkipMs: 2000 };

function frame(n: number, fill: number, changed = 0, to = 255): Uint8Array {
  const f = new Uint8Array(n).fill(fill);
  for (let i = 0; i < changed; i++) f[i] = to;
  return f;
}

test('rgbaToGray uses luma weights and fills the output buffer', () => {
  const rgba = new Uint8ClampedArray([255, 0, 0, 255, 0, 255, 0, 255, 0, 0, 255, 255, 255, 255, 255, 255]);
  const gray = rgbaToGray(rgba, new Uint8Array(4));
  expect([...gray]).toEqual([76, 149, 28, 255]);
});

test('changedFraction counts only pixels beyond the threshold', () => {
  const a = frame(100, 100);
  const b = frame(100, 100, 10, 130);
  expect(changedFraction(a, b, 20)).toBeCloseTo(0.1);
  expect(changedFraction(a, b, 30)).toBe(0);
  expect(changedFraction(b, a, 20)).toBeCloseTo(0.1);
  expect(changedFraction(new Uint8Array(0), new Uint8Array(0), 1)).toBe(0);
});

test('gateSize keeps the aspect and never upscales', () => {
  expect(gateSize(640, 480)).toEqual({ width: 160, height: 120 });
  expect(gateSize(640, 360, 80)).toEqual({ width: 80, height: 45 });
  expect(gateSize(100, 50)).toEqual({ width: 100, height: 50 });
  expect(gateSize(0, 0)).toEqual({ width: 0, height: 0 });
});

test('first frame passes, a still picture is held until the heartbeat', () => {
  const gate = new MotionGate(opts);
  expect(gate.check(frame(100, 50), 0)).toMatchObject({ changed: true, reason: 'first' });
  expect(gate.check(frame(100, 50), 100)).toMatchObject({ changed: false, reason: 'still', score: 0 });
  expect(gate.check(frame(100, 50), 1999)).toMatchObject({ changed: false, reason: 'still' });
  expect(gate.check(frame(100, 50), 2000)).toMatchObject({ changed: true, reason: 'heartbeat' });
  expect(gate.check(frame(100, 50), 2100)).toMatchObject({ changed: false });
});

test('motion above the changed-fraction threshold passes; below does not', () => {
  const gate = new MotionGate(opts);
  gate.check(frame(100, 50), 0);
  expect(gate.check(frame(100, 50, 4), 10)).toMatchObject({ changed: false, reason: 'still' });
  // 4 pixels already changed; 6 more (0.06) change now.
  const moved = gate.check(frame(100, 50, 10), 20);
  expect(moved).toMatchObject({ changed: true, reason: 'motion' });
  expect(moved.score).toBeCloseTo(0.06);
});

test('motion is measured against the previous frame, so noise does not add up', () => {
  const gate = new MotionGate(opts);
  gate.check(frame(100, 50), 0);
  // 4% changes back and forth: each step is below 5% against the previous frame.
  expect(gate.check(frame(100, 50, 4), 10).changed).toBe(false);
  expect(gate.check(frame(100, 50), 20).changed).toBe(false);
  expect(gate.check(frame(100, 50, 4), 30).changed).toBe(false);
});

test('slow drift passes once it has built up DRIFT_FACTOR x the threshold since the last pass', () => {
  const gate = new MotionGate({ ...opts, motionThreshold: 0.01 });
  gate.check(frame(1000, 50), 0);
  let passedAt = -1;
  // 5 more pixels (0.5%) change every frame: never 1% per frame, 20% accumulated after 41 frames.
  for (let i = 1; i <= 60 && passedAt < 0; i++) {
    const d = gate.check(frame(1000, 50, i * 5), i);
    if (d.changed) passedAt = i;
  }
  expect(passedAt).toBe(41);
  expect(DRIFT_FACTOR).toBe(20);
});

test('motion off passes every frame; a size change and reset() start over', () => {
  const gate = new MotionGate({ ...opts, enabled: false });
  expect(gate.enabled).toBe(false);
  expect(gate.check(null, 0)).toMatchObject({ changed: true, reason: 'off' });
  gate.update({ enabled: true });
  expect(gate.check(frame(100, 50), 1)).toMatchObject({ reason: 'first' });
  expect(gate.check(frame(50, 50), 2)).toMatchObject({ reason: 'first' });
  gate.reset();
  expect(gate.check(frame(50, 50), 3)).toMatchObject({ reason: 'first' });
});

test('a threshold update applies to the next frame', () => {
  const gate = new MotionGate(opts);
  gate.check(frame(100, 50), 0);
  gate.update({ motionThreshold: 0.01 });
  expect(gate.check(frame(100, 50, 2), 10).changed).toBe(true);
});

/** The obvious box filter, pixel by pixel: what downsamplePlane must equal on every path. */
function naiveBox(plane: Uint8Array, offset: number, stride: number, sw: number, sh: number, w: number, h: number): number[] {
  const out: number[] = [];
  for (let oy = 0; oy < h; oy++) {
    for (let ox = 0; ox < w; ox++) {
      const x0 = Math.floor((ox * sw) / w), x1 = Math.floor(((ox + 1) * sw) / w);
      const y0 = Math.floor((oy * sh) / h), y1 = Math.floor(((oy + 1) * sh) / h);
      let s = 0;
      for (let y = y0; y < y1; y++) for (let x = x0; x < x1; x++) s += plane[offset + y * stride + x]!;
      out.push(Math.round(s / ((x1 - x0) * (y1 - y0))));
    }
  }
  return out;
}

function randomPlane(bytes: number, seed: number): Uint8Array {
  const p = new Uint8Array(bytes);
  let x = seed;
  for (let i = 0; i < bytes; i++) p[i] = (x = (x * 1103515245 + 12345) >>> 0) >>> 24;
  return p;
}

test('downsamplePlane box-filters a luma plane: word-aligned fast path, odd sizes, offsets and padded rows', () => {
  const cases = [
    { sw: 640, sh: 480, w: 80, h: 60, offset: 0, stride: 640 }, // 8-pixel blocks: the word path
    { sw: 640, sh: 360, w: 80, h: 45, offset: 64, stride: 704 }, // padded rows (coded width 704), aligned
    { sw: 1280, sh: 720, w: 80, h: 45, offset: 0, stride: 1280 }, // 16-pixel blocks
    { sw: 1920, sh: 1080, w: 80, h: 45, offset: 0, stride: 1920 }, // 24x24 blocks: lanes split every 21 rows
    { sw: 2560, sh: 1440, w: 80, h: 45, offset: 0, stride: 2560 }, // 32x32 blocks: every 16 rows
    { sw: 480, sh: 270, w: 80, h: 45, offset: 0, stride: 480 }, // 6-pixel blocks: byte path
    { sw: 641, sh: 481, w: 80, h: 60, offset: 3, stride: 645 }, // uneven blocks, unaligned
    { sw: 80, sh: 60, w: 80, h: 60, offset: 0, stride: 80 }, // 1:1
  ];
  for (const c of cases) {
    const plane = randomPlane(c.offset + c.stride * c.sh, c.sw + c.sh);
    const out = downsamplePlane(plane, { offset: c.offset, stride: c.stride }, c.sw, c.sh, new Uint8Array(c.w * c.h), c.w, c.h);
    expect([...out], JSON.stringify(c)).toEqual(naiveBox(plane, c.offset, c.stride, c.sw, c.sh, c.w, c.h));
  }
  // Same values through a view that starts off a word boundary: the byte path, same answer.
  const backing = randomPlane(640 * 480 + 1, 7);
  const view = backing.subarray(1);
  const out = downsamplePlane(view, { offset: 0, stride: 640 }, 640, 480, new Uint8Array(80 * 60), 80, 60);
  expect([...out]).toEqual(naiveBox(view, 0, 640, 640, 480, 80, 60));
  // A flat plane stays flat (no rounding drift, no lane overflow), at both ends of the range.
  for (const [sw, sh, h] of [[640, 480, 60], [1920, 1080, 45], [2560, 1440, 45]] as const) {
    for (const v of [0, 255]) {
      const flat = new Uint8Array(sw * sh).fill(v);
      expect(new Set(downsamplePlane(flat, { offset: 0, stride: sw }, sw, sh, new Uint8Array(80 * h), 80, h)), `${sw}x${sh} of ${v}`).toEqual(new Set([v]));
    }
  }
  expect(() => downsamplePlane(new Uint8Array(10), { offset: 0, stride: 10 }, 10, 1, new Uint8Array(20), 20, 1)).toThrow(/10x1 down to 20x1/);
});

test('decoded H.264 frames as copyTo lays them out, I420 (three planes) and NV12 (Y, then interleaved UV), padded rows: the grey frame is the luma plane only', () => {
  // 1920x1080 visible; rows padded to 2048 as hardware decoders do; chroma full of 255s, so any read past the
  // luma plane would show. Each layout is what VideoFrame.copyTo returns for that format.
  const [w, h, stride] = [1920, 1080, 2048];
  const luma = randomPlane(stride * h, 7);
  const chromaBytes = { I420: 2 * (stride / 2) * (h / 2), NV12: stride * (h / 2) };
  for (const format of ['I420', 'NV12'] as const) {
    const frame = new Uint8Array(stride * h + chromaBytes[format]).fill(255);
    frame.set(luma, 0);
    const { width, height } = gateSize(w, h, 80);
    const out = downsamplePlane(frame, { offset: 0, stride }, w, h, new Uint8Array(width * height), width, height);
    expect([...out], format).toEqual(naiveBox(luma, 0, stride, w, h, width, height));
    expect(Math.max(...out), format).toBeLessThan(200); // the random luma averages near 128; chroma (255) never enters
  }
});
