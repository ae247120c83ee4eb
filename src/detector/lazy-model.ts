/**
 * A built-in model as the page sees it: its TF.js code (tfjs/model-runtime.ts) is imported when it is
 * first loaded, so importing the SDK, or constructing a detector, pulls no TF.js into the page.
 */
import type { Detection, DetectOptions, Detector, DetectorInput, DetectorLoadOptions } from '../types.js';
import { abortedError, DetectOverlayError } from '../errors.js';
import { registry, type Runtime } from '../registry.js';

export abstract class LazyModel implements Detector {
  abstract readonly name: string;
  abstract readonly defaultScoreThreshold: number;
  private model: Detector | null = null;

  /** The TF.js model, made once the runtime is loaded. */
  protected abstract create(runtime: Runtime): Detector;

  async load(options: DetectorLoadOptions): Promise<void> {
    const runtime = await registry.runtime();
    if (options.signal?.aborted) throw abortedError(`loading ${this.name}`, options.signal);
    const model = this.create(runtime);
    await model.load(options);
    this.model?.dispose();
    this.model = model;
  }

  detect(input: DetectorInput, options: DetectOptions): Promise<Detection[]> {
    if (!this.model) return Promise.reject(new DetectOverlayError('detection-failed', `${this.name} detect() called before load()`));
    return this.model.detect(input, options);
  }

  dispose(): void {
    this.model?.dispose();
    this.model = null;
  }
}
