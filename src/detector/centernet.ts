/**
 * CenterNet (MobileNetV3, COCO-80), the model `npm run models` / `npx detect-overlay models`
 * installs. Its TF.js code is tfjs/centernet-model.ts, loaded on first use.
 */
import type { io } from '@tensorflow/tfjs-core';
import { LazyModel } from './lazy-model.js';
import type { Detector, DetectorLoadOptions } from '../types.js';
import { registry, type Runtime } from '../registry.js';
import { absoluteUrl } from '../net/urls.js';

/** Where the models command puts the weights, relative to the page. */
export const CENTERNET_DEFAULT_URL = 'models/centernet/centernet.json';

export class CenterNetDetector extends LazyModel {
  readonly name = 'centernet';
  readonly defaultScoreThreshold = 0.3;

  /**
   * `loadTimeoutMs`: the model's files must have arrived by then (0: no limit); `cache`: keep the
   * weights in the browser's Cache API (the `cacheModels` option).
   */
  constructor(private readonly url: string = CENTERNET_DEFAULT_URL, private readonly loadTimeoutMs = 0, private readonly cache = true) {
    super();
  }

  /** Files whose download `prefetch()` started, for the next `load()`. */
  private started: io.IOHandler | undefined;

  /**
   * Starts downloading the model's files now (no TF.js needed), so they arrive while the backend
   * starts; the next `load()` (with the same options) takes them. The detection worker does this.
   */
  prefetch(options: DetectorLoadOptions): void {
    // The fetching code is imported here, not at the top: it stays out of a page's first chunk.
    const started = import('../tfjs/model-files.js').then((m) => m.startedModelFiles(absoluteUrl(this.url), options, this.loadTimeoutMs, this.cache));
    started.catch(() => undefined);
    this.started = { load: () => started.then((files) => files.load!()) };
  }

  protected create({ code }: Runtime): Detector {
    const started = this.started;
    this.started = undefined;
    // Alone on this TF.js: a failed load may free every tensor it made.
    return new code.CenterNetModel(this.url, { timeoutMs: this.loadTimeoutMs, cache: this.cache, started }, () => (registry.backends?.holders ?? 0) <= 1);
  }
}
