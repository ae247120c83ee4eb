// webpack 5, production, no loaders or plugins: what the test checks is that webpack on its own
// emits detect-overlay's worker and .wasm files and its TF.js chunks.
import { fileURLToPath } from 'node:url';

export default {
  mode: 'production',
  context: fileURLToPath(new URL('.', import.meta.url)),
  entry: './src/main.js',
  output: { path: fileURLToPath(new URL('./dist-webpack/', import.meta.url)), publicPath: 'auto', clean: true },
  performance: { hints: false },
};
