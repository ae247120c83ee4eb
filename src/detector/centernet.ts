/**
 * CenterNet (MobileNetV3, COCO-80), the model `npm run models` / `npx detect-overlay models`
 * installs. Its TF.js code is tfjs/centernet-model.ts, loaded on first use.
 */
import { LazyModel } from './lazy-model.js';
import type { Detector } from '../types.js';
import { registry, type Runtime } from '../registry.js';

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

  protected create({ code }: Runtime): Detector {
    // Alone on this TF.js: a failed load may free every tensor it made.
    return new code.CenterNetModel(this.url, { timeoutMs: this.loadTimeoutMs, cache: this.cache }, () => (registry.backends?.holders ?? 0) <= 1);
  }
}
