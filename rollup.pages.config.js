// Builds the pages that need a bundler: the demo's React page, the React / LiveKit test
// harnesses and the benchmark helpers. They take the SDK core from the page's script-tag bundle (window.DetectOverlay), so
// only React / livekit-client and the thin subpath layers are bundled here.
import typescript from '@rollup/plugin-typescript';
import resolve from '@rollup/plugin-node-resolve';
import commonjs from '@rollup/plugin-commonjs';
import replace from '@rollup/plugin-replace';
import terser from '@rollup/plugin-terser';
import { inlineGateWorker } from './scripts/inline-gate-worker.mjs';

/** src/attach.js → the script-tag bundle's global, so the page has one SDK and one TF.js. */
function coreFromGlobal() {
  return {
    name: 'core-from-global',
    resolveId(id, importer) {
      if (importer && importer.includes('/src/') && /\/attach\.js$/.test(id)) return '\0core-global';
      return null;
    },
    load(id) {
      return id === '\0core-global' ? 'export const attach = (...args) => window.DetectOverlay.attach(...args);' : null;
    },
  };
}

const page = (input, file, mode, format = 'iife') => ({
  input,
  output: { file, format, sourcemap: true, plugins: mode === 'production' ? [terser()] : [] },
  plugins: [
    inlineGateWorker(),
    coreFromGlobal(),
    replace({ preventAssignment: true, values: { 'process.env.NODE_ENV': JSON.stringify(mode) } }),
    resolve({ browser: true }),
    commonjs(),
    typescript({ tsconfig: './tsconfig.json', compilerOptions: { declaration: false, types: [], noEmit: false }, include: ['src/**/*.ts', 'demo/**/*.tsx', 'test/pages/**/*.ts', 'test/pages/**/*.tsx', 'bench/**/*.ts'] }),
  ],
  onwarn(warning, warn) {
    if (warning.code === 'THIS_IS_UNDEFINED' || warning.code === 'CIRCULAR_DEPENDENCY' || warning.code === 'MODULE_LEVEL_DIRECTIVE') return;
    warn(warning);
  },
});

export default [
  page('demo/react/app.tsx', 'demo/build/react-app.js', 'production'),
  // Development React: StrictMode's mount–unmount–mount only happens there.
  page('test/pages/react-harness.tsx', 'test/pages/build/react-harness.js', 'development'),
  page('test/pages/livekit-harness.ts', 'test/pages/build/livekit-harness.js', 'development'),
  // The gate's two readers side by side (the worker's and the main thread's), for test/browser/gate-worker.spec.ts.
  page('test/pages/gate-harness.ts', 'test/pages/build/gate-harness.js', 'development', 'es'),
  // The benchmarks: the in-page helpers (an ES module the bench page imports) and what they share
  // with the Node side (bench/gate-sim.mjs, bench/report.mjs), the SDK's motion gate included.
  page('bench/page.ts', 'bench/build/page.js', 'development', 'es'),
  page('bench/tiles.ts', 'bench/build/tiles.js', 'development', 'es'),
  page('bench/lib.ts', 'bench/build/lib.mjs', 'development', 'es'),
];
