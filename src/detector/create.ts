/** Builds the detector the options name (a user's detector object is returned as is). */
import type { ResolvedOptions } from '../defaults.js';
import type { Detector } from './detector.js';
import { CenterNetDetector } from './centernet.js';
import { CocoSsdDetector } from './coco-ssd.js';
import { RemoteDetector } from './remote.js';

export function createDetector(options: ResolvedOptions): { detector: Detector } {
  const d = options.detector;
  if (typeof d !== 'string') return { detector: d };
  if (d === 'centernet') return { detector: new CenterNetDetector(options.modelUrl) };
  if (d === 'remote') return { detector: new RemoteDetector(options.apiServer!, options.requestTimeoutMs) };
  return { detector: new CocoSsdDetector(options.base, options.modelUrl) };
}
