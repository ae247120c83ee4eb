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

/**
 * A fetch for TF.js's loader that honours the abort signal and reports byte-level progress of
 * the weight files (TF.js itself only reports whole files, so a one-shard model jumps 0 → 1).
 */
function progressFetch(signal: AbortSignal | undefined, onProgress: ((fraction: number) => void) | undefined): typeof fetch {
  const files = new Map<string, { loaded: number; total: number }>();
  const report = (): void => {
    let loaded = 0;
    let total = 0;
    for (const f of files.values()) {
      loaded += f.loaded;
      total += f.total;
    }
    if (total > 0) onProgress?.(Math.min(0.99, loaded / total));
  };
  return (async (input: RequestInfo | URL, init?: RequestInit) => {
    const res = await fetch(input, { ...init, signal });
    const url = input instanceof Request ? input.url : String(input);
    const total = Number(res.headers.get('content-length')) || 0;
    if (!onProgress || !res.ok || !res.body || total === 0 || /\.json(\?|$)/.test(url)) return res;
    const file = { loaded: 0, total };
    files.set(url, file);
    const reader = res.body.getReader();
    const body = new ReadableStream<Uint8Array>({
      async pull(controller) {
        const { done, value } = await reader.read();
        if (done) {
          controller.close();
          return;
        }
        file.loaded += value.byteLength;
        report();
        controller.enqueue(value);
      },
      cancel(reason) {
        return reader.cancel(reason);
      },
    });
    return new Response(body, { status: res.status, statusText: res.statusText, headers: res.headers });
  }) as typeof fetch;
}

export async function loadGraph(url: string, options: DetectorLoadOptions & { alone?: boolean }): Promise<GraphModel> {
  const href = absoluteUrl(url);
  throwIfAborted(options.signal, `loading ${href}`);
  let model: GraphModel;
  // TF.js leaks the tensors it already decoded when weights turn out truncated. When nothing
  // else runs TF.js on the page, an engine scope lets us free them; with other overlays running,
  // a scope could free their in-flight tensors too, so it is not used.
  const engine = tf.engine();
  if (options.alone) engine.startScope('detect-overlay:load');
  try {
    model = await loadGraphModel(href, { fetchFunc: progressFetch(options.signal, options.onProgress) });
    if (options.alone) engine.endScope(Object.values(model.weights).flat());
    options.onProgress?.(1);
  } catch (error) {
    if (options.alone) engine.endScope();
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
