import { expect, test } from '@playwright/test';
import { backendCandidates, isSoftwareRenderer, keepsPageBackend, placeModel, workerRunsWebgl, workerWasmThreads, type PlacementInput } from '../../src/core/backend-choice.js';

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

test('the worker script with WebGL is started only where the worker would compute on WebGL (hardware, or asked for)', () => {
  const gpu = () => ({ webglRenderer: 'Apple M2', wasm: true });
  const swiftshader = () => ({ webglRenderer: 'Google SwiftShader', wasm: true });
  expect(workerRunsWebgl('auto', swiftshader)).toBe(false);
  expect(workerRunsWebgl('auto', () => ({ webglRenderer: null, wasm: true }))).toBe(false);
  expect(workerRunsWebgl('wasm', gpu)).toBe(false);
  expect(workerRunsWebgl('cpu', gpu)).toBe(false);
  expect(workerRunsWebgl('auto', gpu)).toBe(true);
  expect(workerRunsWebgl('webgl', swiftshader)).toBe(true);
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
