/**
 * What an overlay is made of: one parts object, made by attach.ts from the real (DOM, TF.js)
 * parts and by test/unit/fakes.ts from stand-ins, and owned by the handle (detect-overlay.ts).
 */
import type { Detection, DetectorLoadOptions } from './types.js';
import type { DetectOverlayEvents, ModelMemory } from './event-types.js';
import type { Listener } from './emitter.js';
import type { MotionGateOptions } from './core/motion.js';
import type { PaintStyle } from './dom/box-painter.js';
import type { FrameSource } from './dom/source.js';
import type { snapshot } from './dom/snapshot.js';
import type { EngineParts } from './frame-engine.js';

/** The model an overlay holds (detector/model-slot.ts is the real one). */
export interface ModelHold {
  readonly detector: EngineParts['model']['detector'];
  readonly backend: string;
  readonly placement: { backend: string; worker: boolean; threads: number };
  open(load: DetectorLoadOptions, onLost: () => void, checkAlive: () => void): Promise<void>;
  reload(): Promise<string>;
  memory(): Promise<ModelMemory>;
  releaseModel(): void;
  close(keepModel: boolean): void;
}

/** The canvas the boxes are drawn on (dom/box-painter.ts is the real one). */
export interface Painter {
  readonly canvas: HTMLCanvasElement;
  update(style: PaintStyle): void;
  render(detections: readonly Detection[]): void;
  clear(): void;
  destroy(): void;
}

/** Everything an overlay is made of. The handle owns each part and disposes it in `destroy()`. */
export interface OverlayParts extends Omit<EngineParts<HTMLVideoElement>, 'video' | 'emit' | 'render' | 'model'> {
  source: FrameSource;
  events: {
    on<K extends keyof DetectOverlayEvents>(name: K, listener: Listener<DetectOverlayEvents[K]>): () => void;
    emit<K extends keyof DetectOverlayEvents>(name: K, payload: DetectOverlayEvents[K]): void;
    clear(): void;
  };
  grabber: EngineParts<HTMLVideoElement>['grabber'] & { dispose(): void };
  gate: EngineParts['gate'] & { update(options: Partial<MotionGateOptions>): void };
  model: ModelHold;
  /** Calls `onFrame` once per video frame while started, and `onStall` as the source stalls (no new frames) and resumes. */
  loop(onFrame: (now: number) => void, onStall: (stalled: boolean, quietMs: number) => void): { start(): void; stop(): void };
  /** The current frame with what is shown on it, as an image (dom/snapshot.ts is the real one). */
  snapshot: typeof snapshot;
  /** The canvas over the video, or null (`overlay: false`, or our own hidden video without a container). */
  painter(style: PaintStyle, requestRender: () => void): Painter | null;
  /** Calls `onChange` as the video (or the container) enters or leaves the viewport; returns the stop function. */
  watchScreen(onChange: (visible: boolean, area: number) => void): () => void;
}
