/** Loads a TF.js graph model with progress, cancellation and errors that name the URL. */
import { loadGraphModel, type GraphModel } from '@tensorflow/tfjs-converter';
import * as tf from '@tensorflow/tfjs-core';
import { DetectOverlayError } from '../errors.js';
import type { DetectorLoadOptions } from './detector.js';

/** Throws `aborted` when the signal has fired. */
export function throwIfAborted(signal: AbortSignal | undefined, what: string): void {
  if (signal?.aborted) throw new DetectOverlayError('aborted', `${what} was aborted`, signal.reason);
}

/** Resolves a model URL against the page, so errors show where it was really looked for. */
export function absoluteUrl(url: string): string {
  try {
    return new URL(url, typeof document !== 'undefined' ? document.baseURI : undefined).href;
  } catch {
    return url;
  }
}

export async function loadGraph(url: string, options: DetectorLoadOptions): Promise<GraphModel> {
  const href = absoluteUrl(url);
  throwIfAborted(options.signal, `loading ${href}`);
  let model: GraphModel;
  try {
    model = await loadGraphModel(href, {
      onProgress: options.onProgress,
      fetchFunc: ((input: RequestInfo | URL, init?: RequestInit) => fetch(input, { ...init, signal: options.signal })) as typeof fetch,
    });
  } catch (error) {
    throwIfAborted(options.signal, `loading ${href}`);
    const detail = error instanceof Error ? error.message : String(error);
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

/** The pixel size of a detector input. */
export function inputSize(input: { width: number; height: number }): { width: number; height: number } {
  return { width: input.width, height: input.height };
}
