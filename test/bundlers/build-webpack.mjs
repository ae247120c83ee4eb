// Builds the test app with webpack 5's Node API (no webpack-cli needed) and writes its page.
import { readFileSync, writeFileSync } from 'node:fs';
import webpack from 'webpack';
import config from './webpack.config.mjs';

const stats = await new Promise((resolve, reject) => webpack(config, (error, result) => (error ? reject(error) : resolve(result))));
if (stats.hasErrors()) {
  console.error(stats.toString({ all: false, errors: true }));
  process.exit(1);
}
console.log(stats.toString({ all: false, assets: true, warnings: true }));
// webpack emits a classic script; the page loads it as one.
const html = readFileSync('index.html', 'utf8').replace('<script type="module" src="./src/main.js"></script>', '<script src="./main.js"></script>');
writeFileSync(`${config.output.path}/index.html`, html);
