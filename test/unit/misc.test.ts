import { readFileSync } from 'node:fs';
import { expect, test } from '@playwright/test';
import { HAVE_CURRENT_DATA, nextSampleDue, sampleSize, sampleVerdict, type FrameState } from '../../src/core/sampler.js';
import { StatsTracker } from '../../src/core/stats.js';
import { Emitter } from '../../src/emitter.js';
import { backendCandidates, isSoftwareRenderer, keepsPageBackend, placeModel, workerWasmThreads, type PlacementInput } from '../../src/core/backend-choice.js';
import { COCO_CLASSES, classColor, coco80Label, cocoSsdLabel } from '../../src/core/labels.js';
import { DetectOverlayError, describeValue, isDetectOverlayError, toDetectOverlayError } from '../../src/errors.js';
import { version } from '../../src/version.js';

const ok: FrameState = { readyState: 4, paused: false, ended: false, hidden: false, videoWidth: 640, videoHeight: 480 };

test('sampleVerdict: not ready, paused, hidden, then the fps cap', () => {
  const none = Number.NEGATIVE_INFINITY;
  expect(sampleVerdict(ok, 1000, none, 15)).toBe('sample');
  expect(sampleVerdict({ ...ok, readyState: HAVE_CURRENT_DATA - 1 }, 1000, none, 15)).toBe('not-ready');
  expect(sampleVerdict({ ...ok, videoWidth: 0 }, 1000, none, 15)).toBe('not-ready');
  expect(sampleVerdict({ ...ok, paused: true }, 1000, none, 15)).toBe('paused');
  expect(sampleVerdict({ ...ok, ended: true }, 1000, none, 15)).toBe('paused');
  expect(sampleVerdict({ ...ok, hidden: true }, 1000, none, 15)).toBe('hidden');
  expect(sampleVerdict(ok, 1030, 1066.7, 15)).toBe('throttled');
  expect(sampleVerdict(ok, 1061, 1066.7, 15)).toBe('sample'); // up to 10% early
  expect(sampleVerdict(ok, 1001, none, 0)).toBe('sample');
});

/** Frame callback times in, how many of them the cap samples. */
function sampledUnderCap(times: number[], maxFps: number): number[] {
  let due = Number.NEGATIVE_INFINITY;
  const taken: number[] = [];
  for (const t of times) {
    if (sampleVerdict(ok, t, due, maxFps) !== 'sample') continue;
    taken.push(t);
    due = nextSampleDue(due, t, maxFps);
  }
  return taken;
}

test('fps cap: a 15 fps video on a 60 Hz display (frames 83 and 50 ms apart) is sampled every frame at 15', () => {
  // What Chromium delivered here for the 15 fps clips: callbacks on 16.7 ms refreshes, alternating 83/50.
  const times: number[] = [];
  for (let t = 0, i = 0; times.length < 150; t += i++ % 2 === 0 ? 83.33 : 50) times.push(t);
  expect(sampledUnderCap(times, 15)).toHaveLength(150);
});

test('fps cap: keeps the average rate and never samples closer than half an interval', () => {
  // 60 fps frames with jitter, capped at 15: 15 a second, not more.
  const times = Array.from({ length: 600 }, (_, i) => i * 16.67 + ((i * 7) % 5));
  const taken = sampledUnderCap(times, 15);
  expect(taken.length).toBeGreaterThanOrEqual(148);
  expect(taken.length).toBeLessThanOrEqual(151);
  // After a long stall (an inference blocking the page), at most one catch-up sample comes early.
  const stalled = [0, 16.7, 33.3, 250, 266.7, 283.3, 300, 316.7, 333.3, 350];
  const after = sampledUnderCap(stalled, 15);
  expect(after).toEqual([0, 250, 283.3, 350]);
  for (let i = 1; i < after.length; i++) expect(after[i]! - after[i - 1]!).toBeGreaterThanOrEqual(1000 / 15 / 2 - 1000 / 15 * 0.1);
  // No cap: every frame.
  expect(sampledUnderCap(times, 0)).toHaveLength(600);
});

test('sampleSize keeps the aspect and never upscales', () => {
  expect(sampleSize(1280, 720, 640)).toEqual({ width: 640, height: 360 });
  expect(sampleSize(320, 240, 640)).toEqual({ width: 320, height: 240 });
  expect(sampleSize(0, 240, 640)).toEqual({ width: 0, height: 0 });
});

test('StatsTracker averages and counts; fps over a window', () => {
  const s = new StatsTracker('wasm');
  expect(s.snapshot(0)).toEqual({ framesSampled: 0, framesGated: 0, inferences: 0, avgInferenceMs: 0, avgGateMs: 0, fps: 0, backend: 'wasm', worker: false, threads: 0, gateReader: '', sampleReader: '' });
  for (let i = 0; i < 11; i++) {
    s.sampled();
    s.gated(1, i % 2 === 0);
    if (i % 2 === 1) s.inferred(100 + i, i * 100);
  }
  const snap = s.snapshot(1000);
  expect(snap).toMatchObject({ framesSampled: 11, framesGated: 6, inferences: 5, avgGateMs: 1 });
  expect(snap.avgInferenceMs).toBeCloseTo(105);
  expect(snap.fps).toBeGreaterThan(4);
  expect(s.snapshot(10_000).fps).toBe(0);
});

test('Emitter: typed on/emit, unbind, a throwing listener does not stop the others', () => {
  const errors: unknown[] = [];
  const e = new Emitter<{ a: number; b: string }>((err) => errors.push(err));
  const got: number[] = [];
  const off = e.on('a', (n) => got.push(n));
  e.on('a', () => { throw new Error('boom'); });
  e.on('a', (n) => got.push(n * 10));
  e.emit('a', 1);
  off();
  e.emit('a', 2);
  expect(got).toEqual([1, 10, 20]);
  expect(errors).toHaveLength(2);
  expect(e.count('a')).toBe(2);
  expect(e.count()).toBe(2);
  e.clear();
  expect(e.count()).toBe(0);
});

test('software WebGL renderers are recognised', () => {
  expect(isSoftwareRenderer('ANGLE (Google, Vulkan 1.3.0 (SwiftShader Device (Subzero) (0x0000C0DE)), SwiftShader driver)')).toBe(true);
  expect(isSoftwareRenderer('Google SwiftShader')).toBe(true);
  expect(isSoftwareRenderer('llvmpipe (LLVM 15.0.6, 256 bits)')).toBe(true);
  expect(isSoftwareRenderer('Microsoft Basic Render Driver')).toBe(true);
  expect(isSoftwareRenderer('ANGLE (NVIDIA, NVIDIA GeForce RTX 3060 Direct3D11 vs_5_0 ps_5_0, D3D11)')).toBe(false);
  expect(isSoftwareRenderer('Apple M2')).toBe(false);
  expect(isSoftwareRenderer('Mali-G78')).toBe(false);
});

test('auto picks hardware WebGL first, never software WebGL ahead of WASM', () => {
  expect(backendCandidates('auto', { webglRenderer: 'Apple M2', wasm: true })).toEqual(['webgl', 'wasm', 'cpu']);
  expect(backendCandidates('auto', { webglRenderer: 'Google SwiftShader', wasm: true })).toEqual(['wasm', 'webgl', 'cpu']);
  expect(backendCandidates('auto', { webglRenderer: null, wasm: true })).toEqual(['wasm', 'cpu']);
  expect(backendCandidates('auto', { webglRenderer: 'llvmpipe', wasm: false })).toEqual(['webgl', 'cpu']);
  expect(backendCandidates('webgl', { webglRenderer: 'llvmpipe', wasm: true })).toEqual(['webgl']);
});

test('worker: "auto" puts a built-in model in the worker unless hardware WebGL would run it; true and false are obeyed', () => {
  const gpu = { webglRenderer: 'ANGLE (NVIDIA, NVIDIA GeForce RTX 3060 Direct3D11 vs_5_0 ps_5_0, D3D11)', wasm: true };
  const swiftshader = { webglRenderer: 'Google SwiftShader', wasm: true };
  const noWebgl = { webglRenderer: null, wasm: true };
  const auto: PlacementInput = { worker: 'auto', detector: 'centernet', backend: 'auto', workers: true };
  expect(placeModel(auto, () => swiftshader)).toBe('worker');
  expect(placeModel(auto, () => noWebgl)).toBe('worker');
  expect(placeModel({ ...auto, detector: 'coco-ssd' }, () => ({ webglRenderer: null, wasm: false }))).toBe('worker'); // plain JS blocks too
  expect(placeModel(auto, () => gpu)).toBe('page');
  expect(placeModel({ ...auto, backend: 'wasm' }, () => gpu)).toBe('worker');
  expect(placeModel({ ...auto, backend: 'webgl' }, () => swiftshader)).toBe('page');
  expect(placeModel({ ...auto, detector: 'remote' }, () => swiftshader)).toBe('page');
  expect(placeModel({ ...auto, detector: { name: 'mine' } }, () => swiftshader)).toBe('page');
  expect(placeModel({ ...auto, workers: false }, () => swiftshader)).toBe('page');
  expect(placeModel({ ...auto, worker: false }, () => swiftshader)).toBe('page');
  expect(placeModel({ ...auto, worker: true }, () => gpu)).toBe('worker');
  // The renderer is probed (a WebGL context made) only when it decides.
  let probes = 0;
  const counted = () => { probes++; return gpu; };
  placeModel({ ...auto, worker: false }, counted);
  placeModel({ ...auto, backend: 'wasm' }, counted);
  placeModel({ ...auto, detector: 'remote' }, counted);
  expect(probes).toBe(0);
});

test('the detection worker takes at least two WASM threads where there are two cores; TF.js\'s half of the cores above that', () => {
  expect([1, 2, 3, 4, 6, 8, 16, 32].map(workerWasmThreads)).toEqual([1, 2, 2, 2, 3, 4, 8, 8]);
  expect(workerWasmThreads(0)).toBe(1);
  expect(workerWasmThreads(Number.NaN)).toBe(1); // hardwareConcurrency unknown
});

test('auto keeps a backend the page already runs, except software WebGL', () => {
  expect(keepsPageBackend('webgl', { webglRenderer: 'Apple M2', wasm: true })).toBe(true);
  expect(keepsPageBackend('webgl', { webglRenderer: 'Google SwiftShader', wasm: true })).toBe(false);
  expect(keepsPageBackend('cpu', { webglRenderer: 'Google SwiftShader', wasm: true })).toBe(true);
  expect(keepsPageBackend('wasm', { webglRenderer: null, wasm: true })).toBe(true);
});

test('labels: COCO-80 order, coco-ssd ids, stable colours', () => {
  expect(COCO_CLASSES).toHaveLength(80);
  expect(coco80Label(0)).toBe('person');
  expect(coco80Label(16)).toBe('dog');
  expect(coco80Label(60)).toBe('dining table');
  expect(coco80Label(79)).toBe('toothbrush');
  expect(coco80Label(80)).toBe('class 80');
  expect(cocoSsdLabel(1)).toBe('person');
  expect(cocoSsdLabel(18)).toBe('dog');
  expect(cocoSsdLabel(90)).toBe('toothbrush');
  expect(cocoSsdLabel(12)).toBeUndefined();
  expect(classColor('person')).toBe(classColor('person'));
  expect(classColor('person')).not.toBe(classColor('bicycle'));
  expect(classColor('my-widget')).toMatch(/^hsl\(\d+, 90%, 55%\)$/);
});

test('errors carry a code, a cause and a readable value', () => {
  const cause = new Error('inner');
  const e = new DetectOverlayError('model-load-failed', 'x', cause);
  expect(e).toBeInstanceOf(Error);
  expect(e.name).toBe('DetectOverlayError');
  expect(e.cause).toBe(cause);
  expect(e.message).toBe('[detect-overlay] model-load-failed: x');
  expect(isDetectOverlayError(e, 'model-load-failed')).toBe(true);
  expect(isDetectOverlayError(e, 'destroyed')).toBe(false);
  expect(toDetectOverlayError('str', 'detection-failed', 'ctx').message).toMatch(/ctx: str/);
  expect(toDetectOverlayError(e, 'destroyed', 'ctx')).toBe(e);
  expect(describeValue('a')).toBe('"a"');
  expect(describeValue(Number.NaN)).toBe('NaN');
  expect(describeValue({ a: 1 })).toBe('{"a":1}');
  expect(describeValue(() => 1)).toBe('a function');
});

test('version matches package.json', () => {
  const pkg = JSON.parse(readFileSync(new URL('../../package.json', import.meta.url), 'utf8'));
  expect(version).toBe(pkg.version);
});
