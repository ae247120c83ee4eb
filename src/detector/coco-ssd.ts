/**
 * coco-ssd (`@tensorflow-models/coco-ssd`), the default model. Its TF.js code is
 * tfjs/coco-ssd-model.ts, loaded on first use.
 */
import { LazyModel } from './lazy-model.js';
import type { CocoSsdBase, Detector } from '../types.js';
import type { Runtime } from '../registry.js';
import type { CocoSsdLoader } from '../tfjs/coco-ssd-model.js';

export type { CocoSsdLoader };

export class CocoSsdDetector extends LazyModel {
  readonly name = 'coco-ssd';
  readonly defaultScoreThreshold = 0.5;

  /**
   * `modelUrl`: a self-hosted `model.json` (default: coco-ssd's public hosting); `loader`: a
   * stand-in for coco-ssd's `load()` (tests); `loadTimeoutMs`: a self-hosted model's files must
   * have arrived by then (0: no limit); `cache`: keep a self-hosted model's weights in the browser's
   * Cache API (the `cacheModels` option).
   */
  constructor(
    private readonly base: CocoSsdBase = 'lite_mobilenet_v2',
    private readonly modelUrl?: string,
    private readonly loader?: CocoSsdLoader,
    private readonly loadTimeoutMs = 0,
    private readonly cache = true,
  ) {
    super();
  }

  protected create({ code }: Runtime): Detector {
    return new code.CocoSsdModel(this.base, this.modelUrl, this.loader, { timeoutMs: this.loadTimeoutMs, cache: this.cache });
  }
}
