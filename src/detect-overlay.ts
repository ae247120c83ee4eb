/**
 * `DetectOverlay`, the public handle of one overlay: its lifecycle (loading → running ⇄ stopped →
 * destroyed), live `update()`, events, and every resource it owns. The per-frame work is the
 * frame engine's (frame-engine.ts), the boxes on screen are the shown boxes' (core/shown-boxes.ts);
 * all of them come in through one `OverlayParts` (made by attach.ts), so the handle runs in Node
 * with fakes.
 */
import type { Detection, DetectorLoadOptions, DetectOverlayEvents, DetectOverlayOptions, DetectOverlayStats, ModelMemory, OverlayState } from './types.js';
import { FALLBACK_SCORE_THRESHOLD, resolveUpdate } from './options/resolve.js';
import type { ResolvedOptions } from './options/schema.js';
import { engineOptions, gateOptions, paintStyle, shownOptions } from './options/views.js';
import { abortedError, DetectOverlayError, isDetectOverlayError, toDetectOverlayError } from './errors.js';
import type { Listener } from './emitter.js';
import type { MotionGateOptions } from './core/motion.js';
import type { PaintStyle } from './dom/box-painter.js';
import type { FrameSource } from './dom/source.js';
import { FrameEngine, type EngineParts } from './frame-engine.js';
import { warn } from './log.js';

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
  /** Calls `onFrame` once per video frame while started. */
  loop(onFrame: (now: number) => void): { start(): void; stop(): void };
  /** The canvas over the video, or null (`overlay: false`, or our own hidden video without a container). */
  painter(style: PaintStyle, requestRender: () => void): Painter | null;
}

/** A live detection overlay on one video. Made by `attach()`. */
export class DetectOverlay {
  private lifecycle: OverlayState = 'loading';
  private readonly engine: FrameEngine<HTMLVideoElement>;
  private readonly loop: { start(): void; stop(): void };
  private painter: Painter | null = null;
  private readonly onSourceChange = (): void => this.engine.sourceChanged();

  /** @internal Use `attach()`. */
  constructor(private readonly parts: OverlayParts, private options: ResolvedOptions) {
    const { source, events, model } = parts;
    this.engine = new FrameEngine({
      ...parts, video: source.video, model, emit: (name, payload) => events.emit(name, payload), render: () => this.render(),
    }, engineOptions(options, FALLBACK_SCORE_THRESHOLD));
    this.loop = parts.loop((now) => this.engine.onFrame(now));
    source.video.addEventListener('emptied', this.onSourceChange);
  }

  /** @internal Loads backend and model, then starts. Cleans up everything on failure. */
  async init(): Promise<this> {
    const { model, source, events } = this.parts;
    const started = this.parts.now();
    const o = this.options;
    try {
      if (o.overlay && (source.visible || o.container !== undefined)) this.painter = this.parts.painter(paintStyle(o), () => this.render());
      await model.open({ signal: o.signal, onProgress: o.onProgress }, () => void this.recoverFromLoss(), () => this.checkAlive());
      this.parts.stats.setModel(model.placement);
      this.checkAlive();
    } catch (error) {
      // Once aborted, that is the reason, whatever the load says as it gives up.
      const cause = o.signal?.aborted && !isDetectOverlayError(error, 'aborted') ? abortedError('attach()', o.signal) : error;
      const wrapped = toDetectOverlayError(cause, 'model-load-failed', 'attach() failed');
      this.destroy();
      throw wrapped;
    }
    this.lifecycle = 'running';
    this.applyOptions();
    events.emit('ready', { detector: model.detector!.name, backend: model.backend, loadMs: this.parts.now() - started });
    this.engine.start();
    this.loop.start();
    return this;
  }

  private checkAlive(): void {
    if (this.options.signal?.aborted) throw abortedError('attach()', this.options.signal);
    if (this.lifecycle === 'destroyed') throw new DetectOverlayError('destroyed', 'the overlay was destroyed while loading');
  }

  /** Current lifecycle state. */
  get state(): OverlayState {
    return this.lifecycle;
  }

  /** The video frames are read from (ours when the target was a stream or track). */
  get video(): HTMLVideoElement {
    return this.parts.source.video;
  }

  /** The overlay canvas, or null with `overlay: false` and no visible element. */
  get canvas(): HTMLCanvasElement | null {
    return this.painter?.canvas ?? null;
  }

  /** The TF.js backend in use. */
  get backend(): string {
    return this.parts.model.backend;
  }

  /**
   * What the TF.js engine running the model holds (live tensors, bytes): the detection worker's
   * when the model runs there, else the page's. Flat while running means nothing leaks per frame.
   */
  async memory(): Promise<ModelMemory> {
    this.assertNotDestroyed('memory'); // a rejection, as the method is async
    return this.parts.model.memory();
  }

  /**
   * The boxes on screen now (intrinsic video pixels): held results that have not expired, moved
   * along their objects' motion since the frame they were found on (`followMotion`).
   */
  get detections(): Detection[] {
    return [...this.visibleDetections()];
  }

  private visibleDetections(): readonly Detection[] {
    if (this.lifecycle === 'destroyed') return [];
    const v = this.parts.source.video;
    return this.parts.shown.visible({ videoWidth: v.videoWidth, videoHeight: v.videoHeight, paused: v.paused, mediaMs: v.currentTime * 1000 }, this.parts.now());
  }

  /** A snapshot of the running counters. */
  get stats(): DetectOverlayStats {
    return this.parts.stats.snapshot(this.parts.now());
  }

  /** Listens to an event; returns the function that stops listening. */
  on<K extends keyof DetectOverlayEvents>(name: K, listener: Listener<DetectOverlayEvents[K]>): () => void {
    return this.parts.events.on(name, listener);
  }

  /**
   * Changes options live. Throws `invalid-option` for a bad value, or for an option that needs a
   * new `attach()` (detector, base, modelUrl, backend, wasmPaths, overlay, container).
   */
  update(patch: DetectOverlayOptions): void {
    this.assertNotDestroyed('update');
    this.options = resolveUpdate(this.options, patch, (m) => warn(m));
    this.applyOptions();
    this.render();
  }

  /** Hands the current options to each part, each its own view. */
  private applyOptions(): void {
    const o = this.options;
    const threshold = this.scoreThreshold();
    this.engine.apply(engineOptions(o, threshold));
    this.parts.gate.update(gateOptions(o));
    this.painter?.update(paintStyle(o));
    this.parts.shown.apply(shownOptions(o, threshold));
  }

  /** Pauses sampling and clears the boxes; `start()` resumes. */
  stop(): void {
    this.assertNotDestroyed('stop');
    if (this.lifecycle !== 'running') return;
    this.lifecycle = 'stopped';
    this.engine.stop();
    this.loop.stop();
    this.parts.shown.clear();
    this.painter?.clear();
  }

  /** Resumes after `stop()`. Throws `destroyed` after `destroy()`. */
  start(): void {
    this.assertNotDestroyed('start');
    if (this.lifecycle !== 'stopped') return;
    this.lifecycle = 'running';
    this.engine.start();
    this.loop.start();
  }

  /** Frees everything this overlay created. Terminal; safe to call twice. */
  destroy(): void {
    if (this.lifecycle === 'destroyed') return;
    this.lifecycle = 'destroyed';
    const { source, grabber, model, shown, events } = this.parts;
    this.engine.destroy();
    this.loop.stop();
    source.video.removeEventListener('emptied', this.onSourceChange);
    this.painter?.destroy();
    this.painter = null;
    grabber.dispose();
    // An inference in flight holds the model; it is released when that inference settles.
    model.close(this.engine.busy);
    shown.clear();
    source.dispose();
    events.clear();
  }

  /**
   * The backend's context was lost (WebGL): its textures, and so the model's weights, are gone.
   * Drops the inference in flight, frees the dead model, moves to the next backend `auto` would
   * pick (WASM, else CPU), reloads the model there and carries on, with a `backendchange` event.
   * The video and the boxes on screen are untouched meanwhile.
   */
  private async recoverFromLoss(): Promise<void> {
    if (this.destroyed || this.engine.suspended) return;
    const { model, events } = this.parts;
    const started = this.parts.now();
    const from = model.backend;
    this.engine.suspend();
    try {
      const to = await model.reload();
      this.parts.stats.setModel(model.placement);
      if (this.destroyed) return;
      events.emit('backendchange', { from, to, reason: 'context-lost', ms: this.parts.now() - started });
    } catch (error) {
      if (!this.destroyed) {
        events.emit('error', toDetectOverlayError(error, 'backend-unavailable', `the ${from} context was lost and no other backend could take over`));
      }
    } finally {
      this.engine.resume();
    }
  }

  /** Read through a getter so that TypeScript does not narrow it across awaits. */
  private get destroyed(): boolean {
    return this.lifecycle === 'destroyed';
  }

  private assertNotDestroyed(what: string): void {
    if (this.lifecycle === 'destroyed') throw new DetectOverlayError('destroyed', `${what}() called after destroy()`);
  }

  private scoreThreshold(): number {
    return this.options.scoreThreshold ?? this.parts.model.detector?.defaultScoreThreshold ?? FALLBACK_SCORE_THRESHOLD;
  }

  private render(): void {
    if (this.lifecycle === 'destroyed') return;
    this.painter?.render(this.visibleDetections());
  }
}
