import { copyFileSync, mkdirSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { inlineGateWorker } from './scripts/inline-gate-worker.mjs';
import typescript from '@rollup/plugin-typescript';
import resolve from '@rollup/plugin-node-resolve';
import commonjs from '@rollup/plugin-commonjs';
import terser from '@rollup/plugin-terser';

const pkg = JSON.parse(readFileSync(new URL('./package.json', import.meta.url), 'utf8'));
const banner = `/*! detect-overlay v${pkg.version} | MIT | bundles TensorFlow.js (Apache-2.0) */`;
const peers = Object.keys(pkg.peerDependencies ?? {});
const isPeer = (id) => peers.some((p) => id === p || id.startsWith(`${p}/`));

/** Copies TF.js's .wasm files next to the bundles: the default `wasmPaths`. */
function copyWasm() {
  return {
    name: 'copy-wasm',
    writeBundle() {
      mkdirSync('dist', { recursive: true });
      for (const f of ['tfjs-backend-wasm.wasm', 'tfjs-backend-wasm-simd.wasm', 'tfjs-backend-wasm-threaded-simd.wasm']) {
        copyFileSync(`node_modules/@tensorflow/tfjs-backend-wasm/dist/${f}`, `dist/${f}`);
      }
    },
  };
}

/** TF.js's own bundles use `this` at top level and have circular imports: harmless. */
function quiet(warning, warn) {
  if (warning.code === 'THIS_IS_UNDEFINED' || warning.code === 'CIRCULAR_DEPENDENCY') return;
  warn(warning);
}

const ts = () => typescript({ tsconfig: './tsconfig.json', compilerOptions: { declaration: false, types: [] }, include: ['src/**/*.ts'] });

/** Builds the worker without TF.js's WebGL backend: src/worker/webgl-absent.ts stands in for src/tfjs/webgl-package.ts. */
function withoutWebgl() {
  const absent = fileURLToPath(new URL('./src/worker/webgl-absent.ts', import.meta.url));
  return {
    name: 'without-webgl',
    resolveId(source, importer) {
      return source === './webgl-package.js' && importer?.endsWith('backend-manager.ts') ? absent : null;
    },
  };
}

/** One detection worker script (IIFE: TF.js, loaded with import() by the npm build, inlined). */
function worker(file, { webgl }) {
  return {
    input: 'src/worker/entry.ts',
    output: { file, format: 'iife', banner, sourcemap: true, inlineDynamicImports: true,
      plugins: [terser({ format: { comments: /^!/ }, compress: { typeofs: false } })] },
    plugins: [...(webgl ? [] : [withoutWebgl()]), resolve({ browser: true, preferBuiltins: false }), commonjs(), ts()],
    onwarn: quiet,
  };
}

export default [
  {
    // The library: one ESM file per entry, shared code in chunks beside them (in dist/ itself, so
    // that `new URL('./file', import.meta.url)` there names the .wasm files and the worker, see
    // src/net/assets.ts). TF.js is imported with import() (src/tfjs/model-runtime.ts): the entries' static
    // graph holds none of it. Peers stay external.
    input: { index: 'src/index.ts', react: 'src/react.ts', livekit: 'src/livekit.ts' },
    external: isPeer,
    output: { dir: 'dist', format: 'es', banner, sourcemap: true, entryFileNames: '[name].mjs', chunkFileNames: '[name]-[hash].mjs' },
    plugins: [inlineGateWorker(), ts()],
  },
  // The detection worker: a classic script with TF.js and the built-in models, in two builds. The
  // lean one (no GPU: WASM and CPU) is what runs nearly always and starts faster; the page starts
  // the one with WebGL only when the worker would compute on it (see src/tfjs/webgl-package.ts).
  worker('dist/detect-overlay.worker.js', { webgl: false }),
  worker('dist/detect-overlay.worker-webgl.js', { webgl: true }),
  {
    input: 'src/global.ts',
    output: {
      file: 'dist/detect-overlay.min.js', format: 'iife', name: 'DetectOverlay', banner, sourcemap: true, inlineDynamicImports: true,
      // Another tag of this bundle on the page (one per video) hands its tag to the copy already
      // running and returns that copy as the global: one TF.js, one model, no kernels registered twice.
      intro: "if (typeof window !== 'undefined' && window.DetectOverlay && typeof window.DetectOverlay.attachTag === 'function') {"
        + ' if (document.currentScript) window.DetectOverlay.attachTag(document.currentScript); return window.DetectOverlay; }',
      // typeofs: false keeps emscripten's `typeof _scriptDir !== "undefined"` guard, which the
      // WASM backend's pthread workers need (they run that function's source on its own).
      plugins: [terser({ format: { comments: /^!/ }, compress: { typeofs: false } })],
    },
    plugins: [inlineGateWorker(), resolve({ browser: true, preferBuiltins: false }), commonjs(), ts(), copyWasm()],
    onwarn: quiet,
  },
];
