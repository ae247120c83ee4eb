// Makes the minimal app of this folder in `out/app`, as an npm user would: the packed tarball of
// this repo (`npm pack`, so only what is published), React, and Vite 8 and webpack 5 from the npm
// registry, installed there (never as this project's dependencies); the CenterNet weights put in
// its public/ folder by the package's own command. Used by test/browser/bundlers.spec.ts and the
// bench (bench/npm-run.mjs). Returns the app's folder.
import { execFileSync } from 'node:child_process';
import { cpSync, mkdirSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

const ROOT = fileURLToPath(new URL('../../', import.meta.url));
const SHARED_MODELS = join(ROOT, '../shared/models');

export function prepareApp(out, { timeoutMs = 240_000 } = {}) {
  const app = join(out, 'app');
  rmSync(out, { recursive: true, force: true });
  mkdirSync(app, { recursive: true });
  execFileSync('npm', ['pack', '--silent', '--pack-destination', out], { cwd: ROOT, stdio: 'ignore' });
  const tarball = readdirSync(out).find((f) => f.endsWith('.tgz'));
  cpSync(fileURLToPath(new URL('.', import.meta.url)), app, { recursive: true });
  writeFileSync(join(app, 'package.json'), JSON.stringify({
    private: true, type: 'module',
    dependencies: { 'detect-overlay': `file:../${tarball}`, react: '^19.0.0', 'react-dom': '^19.0.0', vite: '^8.0.0', webpack: '^5.0.0' },
  }, null, 2));
  const run = (command, args) => execFileSync(command, args, { cwd: app, stdio: ['ignore', 'pipe', 'pipe'], timeout: timeoutMs });
  // The peers (TF.js) come with the package: npm 7+ installs them.
  run('npm', ['install', '--no-audit', '--no-fund', '--prefer-offline', '--loglevel=error']);
  // The README's one command for the weights (offline here: from the shared copy).
  mkdirSync(join(app, 'public'));
  run(join(app, 'node_modules/.bin/detect-overlay'), ['models', 'centernet', '--out', 'public/models', '--from', SHARED_MODELS]);
  return app;
}
