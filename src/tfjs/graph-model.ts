/** Loads a TF.js graph model with progress, cancellation and errors that name the URL (files fetched and checked by model-files.ts). */
import { loadGraphModel, type GraphModel } from '@tensorflow/tfjs-converter';
import * as tf from '@tensorflow/tfjs-core';
import type { io } from '@tensorflow/tfjs-core';
import { abortedError, DetectOverlayError, describeThrown } from '../errors.js';
import type { DetectorLoadOptions } from '../types.js';
import { checkedModelFiles } from './model-files.js';
import { absoluteUrl } from '../net/urls.js';
import { inLoadScope } from './internals.js';

/** Throws `aborted` when the signal has fired. */
export function throwIfAborted(signal: AbortSignal | undefined, what: string): void {
  if (signal?.aborted) throw abortedError(what, signal);
}

/**
 * How a model's files are fetched: `timeoutMs` for all of them (0: no limit); `cache`: weights kept
 * in the Cache API; `started`: their fetch already under way (model-files.ts `startedModelFiles`).
 */
export interface FileOptions {
  timeoutMs: number;
  cache: boolean;
  started?: io.IOHandler;
}

export async function loadGraph(url: string, options: DetectorLoadOptions & FileOptions & { alone?: boolean }): Promise<GraphModel> {
  const href = absoluteUrl(url);
  throwIfAborted(options.signal, `loading ${href}`);
  let model: GraphModel;
  try {
    // TF.js leaks the tensors it already decoded when weights turn out truncated (see inLoadScope).
    model = await inLoadScope(options.alone === true, () => loadGraphModel(options.started ?? checkedModelFiles(href, options, options.timeoutMs, options.cache)),
      (loaded) => Object.values(loaded.weights).flat());
    options.onProgress?.(1);
  } catch (error) {
    throwIfAborted(options.signal, `loading ${href}`);
    const detail = describeThrown(error);
    throw new DetectOverlayError('model-load-failed', `could not load the model from ${href}: ${detail}`, error);
  }
  if (options.signal?.aborted) {
    model.dispose();
    throwIfAborted(options.signal, `loading ${href}`);
  }
  return model;
}

/** Disposes every tensor in a model output, whatever its shape. */
export function disposeOutput(output: tf.Tensor | tf.Tensor[] | tf.NamedTensorMap | null | undefined): void {
  if (!output) return;
  if (output instanceof tf.Tensor) output.dispose();
  else tf.dispose(Array.isArray(output) ? output : Object.values(output));
}
