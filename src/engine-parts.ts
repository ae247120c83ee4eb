/**
 * What the frame engine (frame-engine.ts) is given: the video it reads, its collaborators (made and
 * owned by the handle, or by the unit tests' fakes) and its live options.
 */
import type { Detector } from './types.js';
import type { DetectOverlayEvents } from './event-types.js';
import type { GrayFrame, SampledFrame } from './dom/frame-grabber.js';
import type { MotionGate } from './core/motion.js';
import type { ShownBoxes } from './core/shown-boxes.js';
import type { StatsTracker } from './core/stats.js';
import type { ZoneWatcher } from './core/zone-watcher.js';
import type { TurnClient } from './turn-desk.js';

/** What the engine reads of the video (an HTMLVideoElement is one). */
export interface EngineVideo {
  readonly readyState: number;
  readonly paused: boolean;
  readonly ended: boolean;
  readonly videoWidth: number;
  readonly videoHeight: number;
  readonly currentTime: number;
}

/** The engine's collaborators, made and owned by the handle. */
export interface EngineParts<V extends EngineVideo = EngineVideo> {
  video: V;
  grabber: {
    /** Null: no frame to read right now (a source being swapped); the next frame is tried. */
    readGray(video: V): Promise<GrayFrame | null>;
    sample(video: V, sampleWidth: number, asImageData: boolean): Promise<SampledFrame | null>;
    /** The overlay has its first result: gate reads may move off the main thread now (nothing starts while the model does). */
    allowWorker(): void;
    /** Reads stop for a while (stopped, out of view): what the reads hold open may end (a stream's feed). */
    pause?(): void;
  };
  gate: Pick<MotionGate, 'enabled' | 'check' | 'reset'>;
  /** The model as it is now (it changes after a context loss). */
  model: { readonly detector: Detector | null; readonly backend: string; releaseModel(): void };
  stats: StatsTracker;
  shown: ShownBoxes;
  zones: ZoneWatcher;
  emit<K extends keyof DetectOverlayEvents>(name: K, payload: DetectOverlayEvents[K]): void;
  /** Redraws the overlay (a no-op without one). */
  render(): void;
  /** Whether the page is hidden (document.hidden). */
  hidden(): boolean;
  /** The clock results are timed with (performance.now). */
  now(): number;
  /** A seat at the page's turns (turn-desk.ts): `take` runs when this overlay's frame may go to inference. */
  turns(take: () => boolean): TurnClient;
}

/** The live options the engine reads. */
export interface EngineOptions {
  maxFps: number;
  sampleWidth: number;
  /** The detector's own threshold when the user set none. */
  scoreThreshold: number;
  /** The app's `priority` among the overlays sharing the machine. */
  priority: number;
}
