/**
 * Smoke test of the built outputs (npm test builds first): the ESM entry imports in Node with no
 * window (SSR-safe) and has the public API; the IIFE is what a <script> tag needs; package.json
 * points at real files with `types` first.
 */
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { expect, test } from '@playwright/test';

const root = new URL('../../', import.meta.url);
const pkg = JSON.parse(readFileSync(new URL('package.json', root), 'utf8'));

test('the ESM build imports without a window and exports the API', async () => {
  expect(typeof (globalThis as { window?: unknown }).window).toBe('undefined');
  const mod = await import(new URL('dist/index.mjs', root).href);
  expect(typeof mod.attach).toBe('function');
  expect(typeof mod.DetectOverlay).toBe('function');
  expect(typeof mod.DetectOverlayError).toBe('function');
  expect(mod.version).toBe(pkg.version);
  expect(mod.COCO_CLASSES).toHaveLength(80);
  // attach() outside a browser fails with a clear error, not a ReferenceError.
  expect(() => mod.attach('video')).toThrow(/source-not-found: attach\(\) needs a browser document/);
});

test('the ESM build keeps peers external; the IIFE bundles them with a banner', () => {
  const files = readdirSync(new URL('dist/', root)).filter((f) => f.endsWith('.mjs'));
  const esm = files.map((f) => readFileSync(new URL(`dist/${f}`, root), 'utf8')).join('\n');
  // Code that finds the .wasm files (and the worker) by `import.meta.url` sits in dist/ beside them.
  expect(esm).toMatch(/import\.meta\.url/);
  expect(existsSync(new URL('dist/chunks/', root))).toBe(false);
  expect(esm).toMatch(/from '@tensorflow\/tfjs-core'/);
  expect(esm).toMatch(/from '@tensorflow-models\/coco-ssd'/);
  const iife = readFileSync(new URL('dist/detect-overlay.min.js', root), 'utf8');
  expect(iife.startsWith(`/*! detect-overlay v${pkg.version}`)).toBe(true);
  expect(iife).toMatch(/var DetectOverlay=function/);
  expect(iife).not.toMatch(/^import |require\("@tensorflow/m);
  for (const f of ['tfjs-backend-wasm.wasm', 'tfjs-backend-wasm-simd.wasm', 'tfjs-backend-wasm-threaded-simd.wasm']) {
    expect(existsSync(new URL(`dist/${f}`, root))).toBe(true);
  }
});

test('package.json exports point at built files, types first', () => {
  const dot = pkg.exports['.'];
  expect(Object.keys(dot)[0]).toBe('types');
  for (const file of [dot.types, dot.import, pkg.exports['./detect-overlay.min.js'], pkg.exports['./detect-overlay.worker.js'], pkg.exports['./detect-overlay.worker-webgl.js']]) {
    expect(existsSync(new URL(file, root)), file).toBe(true);
  }
  const dts = readFileSync(new URL(dot.types, root), 'utf8');
  expect(dts).toMatch(/attach/);
  expect(pkg.files).toEqual(['dist', 'bin']);
  expect(existsSync(new URL(pkg.bin['detect-overlay'], root))).toBe(true);
  expect(pkg.type).toBe('module');
});

/** Every chunk a dist/ file imports statically (not with import()), itself included, following chunks in dist/. */
function staticGraph(file: string, seen = new Set<string>()): Set<string> {
  if (seen.has(file)) return seen;
  seen.add(file);
  const code = readFileSync(new URL(`dist/${file}`, root), 'utf8');
  for (const m of code.matchAll(/^(?:import|export)\b[^;'"]*?(?:from\s*)?'\.\/([^']+\.mjs)'/gm)) staticGraph(m[1]!, seen);
  return seen;
}

test('no entry pulls TF.js in statically: it is one import() away (the model-runtime chunk), and the shipped files are named by literal URLs', () => {
  for (const entry of ['index.mjs', 'react.mjs', 'livekit.mjs']) {
    const graph = [...staticGraph(entry)];
    expect(graph.length).toBeGreaterThan(1);
    for (const f of graph) expect(readFileSync(new URL(`dist/${f}`, root), 'utf8'), `${entry} -> ${f}`).not.toMatch(/['"]@tensorflow/);
  }
  const all = readdirSync(new URL('dist/', root)).filter((f) => f.endsWith('.mjs')).map((f) => readFileSync(new URL(`dist/${f}`, root), 'utf8')).join('\n');
  expect(all).toMatch(/import\('\.\/model-runtime-[\w-]+\.mjs'\)/);
  for (const f of ['detect-overlay.worker.js', 'detect-overlay.worker-webgl.js', 'tfjs-backend-wasm.wasm', 'tfjs-backend-wasm-simd.wasm', 'tfjs-backend-wasm-threaded-simd.wasm']) {
    expect(all).toContain(`new URL('./${f}', import.meta.url)`);
  }
});

test('the lean worker script has no WebGL kernels (a third less to parse on every start); the WebGL one has them', () => {
  const kernels = (file: string) => readFileSync(new URL(`dist/${file}`, root), 'utf8').split('backendName:"webgl"').length - 1;
  expect(kernels('detect-overlay.worker.js')).toBe(0);
  expect(kernels('detect-overlay.worker-webgl.js')).toBeGreaterThan(100);
  expect(statSync(new URL('dist/detect-overlay.worker.js', root)).size).toBeLessThan(0.75 * statSync(new URL('dist/detect-overlay.worker-webgl.js', root)).size);
});

test('the subpath entries exist; the core entry pulls in neither React nor livekit-client', () => {
  for (const f of ['dist/react.mjs', 'dist/react.d.ts', 'dist/livekit.mjs', 'dist/livekit.d.ts']) {
    expect(existsSync(new URL(f, root)), f).toBe(true);
  }
  const core = readFileSync(new URL('dist/index.mjs', root), 'utf8');
  expect(core).not.toMatch(/from 'react'|livekit-client/);
  expect(readFileSync(new URL('dist/react.mjs', root), 'utf8')).toMatch(/from 'react'/);
  expect(readFileSync(new URL('dist/detect-overlay.min.js', root), 'utf8')).not.toMatch(/livekit|useEffect/);
});

test('the React hook renders on a server (SSR): no window touched during render', async () => {
  const { createElement, useRef } = await import('react');
  const { renderToString } = await import('react-dom/server');
  const { useDetectOverlay } = await import(new URL('dist/react.mjs', root).href);
  function Tile() {
    const ref = useRef(null);
    const { state, detections } = useDetectOverlay(ref, { detector: 'centernet' });
    return createElement('video', { ref, 'data-state': state, 'data-n': detections.length });
  }
  expect(renderToString(createElement(Tile))).toBe('<video data-state="idle" data-n="0"></video>');
});
