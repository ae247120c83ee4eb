/**
 * Fetches a TF.js graph model's files for TF.js, checked: every HTTP status, a size cap on each
 * file, the manifest validated before TF.js decodes anything (core/weights-manifest.ts), the
 * weights' byte count against the manifest, byte-level progress and cancellation. Hands TF.js the
 * result as an IOHandler, so TF.js never fetches on its own.
 */
import type { io } from '@tensorflow/tfjs-core';
import { abortedError, DetectOverlayError, describeThrown, describeValue } from '../errors.js';
import { checkModelJson, checkWeightBytes, MAX_WEIGHT_BYTES } from '../core/weights-manifest.js';
import { deadline } from '../core/deadline.js';
import { readCapped } from '../net/read-capped.js';
import { cachedFile, validatorOf, type Fetched } from '../net/weight-cache.js';
import type { DetectorLoadOptions } from '../types.js';

/** A model.json holds the graph, not the weights: past this it is not one. */
const MAX_MODEL_JSON_BYTES = 64 << 20;

/** GETs `url`; `model-load-failed` naming the URL and the HTTP status, or `aborted`. */
async function get(url: string, signal: AbortSignal | undefined, max: number, onBytes: (n: number) => void = () => {}): Promise<Fetched> {
  let res: Response;
  try {
    res = await fetch(url, { signal });
  } catch (error) {
    if (signal?.aborted) throw abortedError(`loading ${url}`, signal);
    throw new DetectOverlayError('model-load-failed', `could not fetch ${url}: ${describeThrown(error)} (offline, or the host refuses this origin: CORS)`, error);
  }
  if (!res.ok) {
    void res.body?.cancel().catch(() => {});
    throw new DetectOverlayError('model-load-failed', `${url} answered HTTP ${res.status} ${res.statusText}`.trim());
  }
  try {
    const bytes = await readCapped(res, max, () => new DetectOverlayError('model-load-failed', `${url} is larger than the ${max} bytes it may be`), onBytes);
    return { bytes, validator: validatorOf(res.headers) };
  } catch (error) {
    if (signal?.aborted) throw abortedError(`loading ${url}`, signal);
    if (error instanceof DetectOverlayError) throw error;
    throw new DetectOverlayError('model-load-failed', `reading ${url} failed: ${describeThrown(error)}`, error);
  }
}

/** Where a weight file is: TF.js's rule (the model URL's folder + path, the model URL's query kept). */
function weightUrl(modelUrl: string, path: string): string {
  const query = modelUrl.indexOf('?');
  const base = query < 0 ? modelUrl : modelUrl.slice(0, query);
  return new URL(path, base).href + (query < 0 ? '' : modelUrl.slice(query));
}

/**
 * An IOHandler that loads the model at `url` (absolute) with every check above. Its files must have
 * arrived within `timeoutMs` (0: no limit): a host that never finishes fails with
 * `model-load-failed` and its downloads are cancelled. With `cache`, the weight files are kept in
 * the browser's Cache API (net/weight-cache.ts); the model.json is always asked for.
 */
export function checkedModelFiles(url: string, options: DetectorLoadOptions, timeoutMs: number, cache = false): io.IOHandler {
  return {
    async load(): Promise<io.ModelArtifacts> {
      const limit = deadline(timeoutMs, options.signal, `fetching ${url}`);
      try {
        return await Promise.race([fetchModel(url, { ...options, signal: limit.signal }, cache), limit.expired]);
      } catch (error) {
        // Past the deadline, whatever the cancelled fetch says, the deadline is the reason.
        const reason: unknown = limit.signal.reason;
        throw limit.signal.aborted && !options.signal?.aborted && reason instanceof DetectOverlayError ? reason : error;
      } finally {
        limit.dispose();
      }
    },
  };
}

/**
 * The same, started now: the files download (and are checked) while something else runs, e.g. the
 * backend starts; TF.js gets them when it asks. A failure surfaces then, not before.
 */
export function startedModelFiles(url: string, options: DetectorLoadOptions, timeoutMs: number, cache = false): io.IOHandler {
  const artifacts = checkedModelFiles(url, options, timeoutMs, cache).load!() as Promise<io.ModelArtifacts>;
  artifacts.catch(() => undefined);
  return { load: () => artifacts };
}

/** Fetches and checks the model.json and its weight files. */
async function fetchModel(url: string, options: DetectorLoadOptions, cache: boolean): Promise<io.ModelArtifacts> {
  const text = new TextDecoder().decode((await get(url, options.signal, MAX_MODEL_JSON_BYTES)).bytes);
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch {
    throw new DetectOverlayError('model-load-failed', `${url} is not JSON (it starts ${describeValue(text.slice(0, 40))})`);
  }
  const plan = checkModelJson(json, url);
  // All files together may hold what the manifest declares (at most the cap, for strings).
  const max = plan.exact ? plan.bytes : MAX_WEIGHT_BYTES;
  let loaded = 0;
  const report = (n: number): void => {
    loaded += n;
    if (loaded > max) throw new DetectOverlayError('model-load-failed', `the weight files of ${url} hold more than the ${max} bytes its manifest declares (the wrong files?)`);
    if (plan.bytes > 0) options.onProgress?.(Math.min(0.99, loaded / plan.bytes));
  };
  const weight = (u: string): Promise<Uint8Array> => (cache
    ? cachedFile(u, options.signal, max, report, () => get(u, options.signal, max, report))
    : get(u, options.signal, max, report).then((f) => f.bytes));
  const files = await Promise.all(plan.paths.map((p) => weight(weightUrl(url, p))));
  checkWeightBytes(plan, files.reduce((n, f) => n + f.byteLength, 0), url);
  const model = json as unknown as io.ModelJSON;
  const weightSpecs = (model.weightsManifest ?? []).flatMap((g) => g.weights);
  const weightData = files.map((f) => (f.byteOffset === 0 && f.byteLength === f.buffer.byteLength ? f.buffer : f.slice().buffer) as ArrayBuffer);
  return {
    modelTopology: model.modelTopology, weightSpecs, weightData, format: model.format, generatedBy: model.generatedBy,
    convertedBy: model.convertedBy, signature: model.signature, userDefinedMetadata: model.userDefinedMetadata,
    modelInitializer: model.modelInitializer, initializerSignature: model.initializerSignature, trainingConfig: model.trainingConfig,
  };
}
