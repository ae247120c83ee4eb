/** Builds the detector the options name. */
import type { ResolvedOptions } from '../defaults.js';
import type { Detector } from './detector.js';
import { CenterNetDetector } from './centernet.js';
import { CocoSsdDetector } from './coco-ssd.js';

/** The detector, and whether the pipeline owns (and so disposes) it. */
export function createDetector(options: ResolvedOptions): { detector: Detector; owned: boolean } {
  const d = options.detector;
  if (typeof d !== 'string') return { detector: d, owned: false };
  if (d === 'centernet') return { detector: new CenterNetDetector(options.modelUrl), owned: true };
  return { detector: new CocoSsdDetector(options.base, options.modelUrl), owned: true };
}
