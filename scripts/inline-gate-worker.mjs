// A rollup plugin: puts the gate worker's script (src/worker/gate-main.ts, bundled and minified)
// into src/worker/gate-source.ts as a string, so every bundle carries it and the page starts it
// from a blob URL, with no file for an app's build to find. Built once per rollup run.
import { fileURLToPath } from 'node:url';
import { rollup } from 'rollup';
import typescript from '@rollup/plugin-typescript';
import terser from '@rollup/plugin-terser';

const target = fileURLToPath(new URL('../src/worker/gate-source.ts', import.meta.url));
const entry = fileURLToPath(new URL('../src/worker/gate-main.ts', import.meta.url));
let built = null;

async function build() {
  const bundle = await rollup({
    input: entry,
    plugins: [typescript({ tsconfig: './tsconfig.json', compilerOptions: { declaration: false, types: [], noEmit: false }, include: ['src/**/*.ts'] })],
  });
  const { output } = await bundle.generate({ format: 'iife', plugins: [terser()] });
  await bundle.close();
  return output[0].code;
}

export function inlineGateWorker() {
  return {
    name: 'inline-gate-worker',
    async load(id) {
      if (id !== target) return null;
      built ??= build();
      return `export const GATE_WORKER_SOURCE = ${JSON.stringify(await built)};`;
    },
  };
}
