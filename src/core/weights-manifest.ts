/**
 * Checks a TF.js `model.json` before TF.js decodes anything. TF.js trusts the file: a weight
 * declared with shape [1e12] makes its decoder loop for minutes (a frozen page), and truncated or
 * missing weight files surface as "byte length of Int32Array should be a multiple of 4". Here the
 * manifest is read as hostile data: known dtypes only, sane shapes, an element and a byte cap, and
 * weight file paths relative to the model. Pure.
 */
import { DetectOverlayError, describeValue } from '../errors.js';

/** Bytes per value of each dtype TF.js can decode (strings: at least their 4-byte length). */
const BYTES_PER_VALUE: Readonly<Record<string, number>> = { float32: 4, int32: 4, bool: 1, complex64: 8, string: 4 };
/** Quantised storage types and their bytes per value. */
const QUANTIZED_BYTES: Readonly<Record<string, number>> = { uint8: 1, uint16: 2, float16: 2 };

/** One weight holds at most this many values (2^28: a 1 GB float32 tensor). */
export const MAX_WEIGHT_VALUES = 2 ** 28;
/** A model's weight files hold at most this many bytes together. */
export const MAX_WEIGHT_BYTES = 2 ** 30;
const MAX_RANK = 8;
const MAX_PATHS = 1000;
const MAX_WEIGHTS = 100_000;

/** A weight as the loader needs it: its name and the bytes it takes (`exact` false for strings: at least). */
export interface WeightEntry {
  name: string;
  bytes: number;
  exact: boolean;
}

/** What the checked manifest asks to fetch. */
export interface WeightsPlan {
  /** Weight file paths as written in the manifest, in order. */
  paths: string[];
  weights: WeightEntry[];
  /** Bytes the weight files must hold together (at least, when `exact` is false). */
  bytes: number;
  exact: boolean;
}

const isObject = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);

/** Checks a parsed `model.json` (fetched from `url`); `model-load-failed` naming the bad part. */
export function checkModelJson(json: unknown, url: string): WeightsPlan {
  const fail = (what: string): DetectOverlayError => new DetectOverlayError('model-load-failed', `${url} is not a usable TF.js model: ${what}`);
  if (!isObject(json) || !isObject(json.modelTopology)) throw fail('no "modelTopology" object');
  const manifest = json.weightsManifest ?? [];
  if (!Array.isArray(manifest)) throw fail(`"weightsManifest" is ${describeValue(manifest)}, not an array`);
  const plan: WeightsPlan = { paths: [], weights: [], bytes: 0, exact: true };
  for (const group of manifest) {
    if (!isObject(group) || !Array.isArray(group.paths) || !Array.isArray(group.weights)) throw fail(`a manifest group is not { paths, weights }: ${describeValue(group)}`);
    for (const path of group.paths) {
      if (typeof path !== 'string' || path === '' || /^[a-z][a-z0-9+.-]*:|^[/\\]/i.test(path)) {
        throw fail(`weight file path ${describeValue(path)} is not a path relative to the model`);
      }
      plan.paths.push(path);
    }
    for (const weight of group.weights) plan.weights.push(checkWeight(weight, fail));
    if (plan.paths.length > MAX_PATHS || plan.weights.length > MAX_WEIGHTS) throw fail(`more than ${MAX_PATHS} weight files or ${MAX_WEIGHTS} weights`);
  }
  for (const w of plan.weights) {
    plan.bytes += w.bytes;
    plan.exact &&= w.exact;
    if (plan.bytes > MAX_WEIGHT_BYTES) throw fail(`its weights declare more than ${MAX_WEIGHT_BYTES} bytes (at weight ${describeValue(w.name)})`);
  }
  if (plan.weights.length > 0 && plan.paths.length === 0) throw fail('weights are declared but no weight file');
  return plan;
}

function checkWeight(weight: unknown, fail: (what: string) => DetectOverlayError): WeightEntry {
  if (!isObject(weight) || typeof weight.name !== 'string') throw fail(`a weight without a name: ${describeValue(weight)}`);
  const { name, shape, dtype, quantization } = weight;
  const which = `weight ${describeValue(name)}`;
  if (!Array.isArray(shape) || shape.length > MAX_RANK || !shape.every((d) => Number.isSafeInteger(d) && (d as number) >= 0)) {
    throw fail(`${which} has shape ${describeValue(shape)}; expected up to ${MAX_RANK} non-negative integers`);
  }
  const values = (shape as number[]).reduce((n, d) => n * d, 1);
  if (values > MAX_WEIGHT_VALUES) throw fail(`${which} declares ${values} values (shape ${describeValue(shape)}), more than the ${MAX_WEIGHT_VALUES} allowed`);
  if (typeof dtype !== 'string' || !(dtype in BYTES_PER_VALUE)) {
    throw fail(`${which} has dtype ${describeValue(dtype)}; known: ${Object.keys(BYTES_PER_VALUE).join(', ')}`);
  }
  if (quantization !== undefined) {
    const q = isObject(quantization) ? quantization.dtype : undefined;
    if (typeof q !== 'string' || !(q in QUANTIZED_BYTES) || (dtype !== 'float32' && dtype !== 'int32')) {
      throw fail(`${which} has quantization ${describeValue(quantization)}; known: uint8, uint16, float16 of float32 or int32 weights`);
    }
    return { name, bytes: values * QUANTIZED_BYTES[q]!, exact: true };
  }
  return { name, bytes: values * BYTES_PER_VALUE[dtype]!, exact: dtype !== 'string' };
}

/**
 * Compares what the weight files held with what the manifest declares. Names the first weight
 * the bytes run out in, or says by how much the files are too long.
 */
export function checkWeightBytes(plan: WeightsPlan, received: number, url: string): void {
  const fail = (what: string): DetectOverlayError => new DetectOverlayError('model-load-failed', `the weight files of ${url} ${what}`);
  if (received < plan.bytes) {
    let end = 0;
    const short = plan.weights.find((w) => (end += w.bytes) > received);
    throw fail(`hold ${received} bytes, but its manifest declares ${plan.exact ? '' : 'at least '}${plan.bytes}: they end inside weight ${describeValue(short?.name)} (truncated, or the wrong files)`);
  }
  if (plan.exact && received > plan.bytes) throw fail(`hold ${received} bytes, more than the ${plan.bytes} its manifest declares (the wrong files?)`);
}
