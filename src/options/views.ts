/**
 * The narrow view of the options each part takes: one place that says which options reach which
 * part, so no part sees the whole bag.
 */
import type { DetectionFilter } from '../core/detections.js';
import type { MotionGateOptions } from '../core/motion.js';
import type { ShownBoxesOptions } from '../core/shown-boxes.js';
import type { TrackerOptions } from '../core/tracker.js';
import type { ZoneCounts, ZoneWatcherOptions } from '../core/zone-watcher.js';
import type { PaintStyle } from '../dom/box-painter.js';
import type { ZoneDrawing } from '../dom/zone-painter.js';
import type { EngineOptions } from '../frame-engine.js';
import type { ResolvedOptions } from './schema.js';

/** What builds and places a model: the options that make its key (detector/model-cache.ts) and its timeouts. */
export type ModelOptions = Pick<ResolvedOptions,
  'detector' | 'base' | 'modelUrl' | 'apiServer' | 'requestTimeoutMs' | 'loadTimeoutMs' | 'cacheModels' | 'backend' | 'wasmPaths' | 'wasmThreads' | 'worker' | 'workerUrl'>;

/** The model options once its place is decided (`worker: 'auto'` settled). */
export type PlacedModelOptions = Omit<ModelOptions, 'worker'> & { worker: boolean };

export const modelOptions = (o: ResolvedOptions): ModelOptions => ({
  detector: o.detector, base: o.base, modelUrl: o.modelUrl, apiServer: o.apiServer, requestTimeoutMs: o.requestTimeoutMs,
  loadTimeoutMs: o.loadTimeoutMs, cacheModels: o.cacheModels, backend: o.backend, wasmPaths: o.wasmPaths, wasmThreads: o.wasmThreads, worker: o.worker, workerUrl: o.workerUrl,
});

export const gateOptions = (o: ResolvedOptions): MotionGateOptions =>
  ({ enabled: o.motion, pixelThreshold: o.pixelThreshold, motionThreshold: o.motionThreshold, maxSkipMs: o.maxSkipMs });

/** `counts`: the zones' and lines' counts now (drawn beside them). */
export const paintStyle = (o: ResolvedOptions, counts: () => ZoneCounts): PaintStyle =>
  ({ mirror: o.mirror, showLabels: o.showLabels, lineWidth: o.lineWidth, zones: zoneDrawing(o, counts) });

/** The zones and lines to draw (on the overlay, on a snapshot), with their counts now. */
export const zoneDrawing = (o: ResolvedOptions, counts: () => ZoneCounts): ZoneDrawing => ({ zones: o.zones ?? [], lines: o.lines ?? [], counts });

/** `scoreThreshold`: the user's, else the detector's own default. */
export const engineOptions = (o: ResolvedOptions, scoreThreshold: number): EngineOptions =>
  ({ maxFps: o.maxFps, sampleWidth: o.sampleWidth, scoreThreshold, priority: o.priority });

export const detectionFilter = (o: ResolvedOptions, scoreThreshold: number): DetectionFilter =>
  ({ scoreThreshold, scoreThresholds: o.scoreThresholds, maxDetections: o.maxDetections, classes: o.classes, excludeClasses: o.excludeClasses });

export const trackerOptions = (o: ResolvedOptions): TrackerOptions =>
  ({ minHits: o.minHits, maxLostMs: o.maxLostMs, confirmScore: o.trackHighScore, lowScore: o.trackLowScore });

export const shownOptions = (o: ResolvedOptions, scoreThreshold: number): ShownBoxesOptions =>
  ({ holdMs: o.holdMs, followMotion: o.followMotion, filter: detectionFilter(o, scoreThreshold), tracking: o.tracking, tracker: trackerOptions(o) });

export const zoneOptions = (o: ResolvedOptions): ZoneWatcherOptions => ({ zones: o.zones ?? [], lines: o.lines ?? [], anchor: o.anchor, dwellMs: o.dwellMs });
