/**
 * detect-overlay: live object detection drawn over any video, webcam or remote WebRTC track.
 * Importing this module touches no window or document (SSR-safe); only `attach()` does.
 */
export { attach } from './attach.js';
export { preload, type Preload } from './preload.js';
export { DetectOverlay } from './detect-overlay.js';
export { DetectOverlayError, isDetectOverlayError, type DetectOverlayErrorCode } from './errors.js';
export { DEFAULTS, RESTART_OPTIONS, resolveOptions } from './options/resolve.js';
export { CenterNetDetector, CENTERNET_DEFAULT_URL } from './detector/centernet.js';
export { CocoSsdDetector } from './detector/coco-ssd.js';
export { COCO_CLASSES, classColor } from './core/labels.js';
export { contentRect, mapBox } from './core/geometry.js';
export { setDefaultWasmBase } from './registry.js';
export { version } from './version.js';
export type * from './types.js';
export type * from './event-types.js';
