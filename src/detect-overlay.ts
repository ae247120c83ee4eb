/**
 * `DetectOverlay`, the public handle of one overlay: its lifecycle (loading → running ⇄ stopped →
 * destroyed), live `update()`, events, and every resource it owns. The per-frame work is the
 * frame engine's (frame-engine.ts), the boxes on screen are the shown boxes' (core/shown-boxes.ts);
 * all of them come in through one `OverlayParts` (overlay-parts.ts, made by attach.ts), so the handle runs in Node
 * with fakes.
 */
import type { Detection, DetectOverlayOptions } from './types.js';
import type { DetectOverlayEvents, DetectOverlayStats, ModelMemory, OverlayState, TrackInfo } from './event-types.js';
import type { Listener } from './emitter.js';
import { trackInfo } from './core/tracker.js';
import type { ZoneCounts } from './core/zone-watcher.js';
import { FALLBACK_SCORE_THRESHOLD, resolveUpdate } from './options/resolve.js';
import type { ResolvedOptions } from './options/schema.js';
import { engineOptions, gateOptions, paintStyle, shownOptions, zoneDrawing, zoneOptions } from './options/views.js';
import { abortedError, DetectOverlayError, isDetectOverlayError, toDetectOverlayError } from './errors.js';
import { FrameEngine } from './frame-engine.js';
import type { OverlayParts, Painter } from './overlay-parts.js';
import type { SnapshotOptions } from './dom/snapshot.js';
import { warn } from './log.js';

/** A live detection overlay on one video. Made by `attach()`. */
export class DetectOverlay {
  private lifecycle: OverlayState = 'loading';
  private readonly engine: FrameEngine<HTMLVideoElement>;
  private readonly loop: { start(): void; stop(): void };
  private painter: Painter | null = null;
  private readonly onSourceChange = (): void => this.engine.sourceChanged();
  /** The frame loop and engine run (not stopped, nor paused off screen). */
  private looping = false;
  /** The video (or its container) is out of the viewport. */
  private offscreen = false;
  private unwatchScreen: () => void = () => {};
  private readonly zoneCounts = (): ZoneCounts => this.parts.zones.counts();

  /** @internal Use `attach()`. */
  constructor(private readonly parts: OverlayParts, private options: ResolvedOptions) {
    const { source, events, model } = parts;
    this.engine = new FrameEngine({
      ...parts, video: source.video, model, emit: (name, payload) => events.emit(name, payload), render: () => this.render(),
    }, engineOptions(options, FALLBACK_SCORE_THRESHOLD));
    this.loop = parts.loop((now) => this.engine.onFrame(now), (stalled, quietMs) => this.engine.sourceStalled(stalled, quietMs));
    source.video.addEventListener('emptied', this.onSourceChange);
  }

  /** @internal Loads backend and model, then starts. Cleans up everything on failure. */
  async init(): Promise<this> {
    const { model, source, events } = this.parts;
    const started = this.parts.now();
    const o = this.options;
    try {
      if (o.overlay && (source.visible || o.container !== undefined)) this.painter = this.parts.painter(paintStyle(o, this.zoneCounts), () => this.render());
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
    this.unwatchScreen = this.parts.watchScreen((visible, area) => this.onScreen(visible, area));
    this.sync();
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

  /** The objects tracked now (confirmed tracks; empty with `tracking: false`), video pixels and seconds. */
  get tracks(): TrackInfo[] {
    return this.lifecycle === 'destroyed' ? [] : this.parts.shown.tracks.map(trackInfo);
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
    this.sync();
    this.render();
  }

  /** Hands the current options to each part, each its own view. */
  private applyOptions(): void {
    const o = this.options;
    const threshold = this.scoreThreshold();
    this.engine.apply(engineOptions(o, threshold));
    this.parts.gate.update(gateOptions(o));
    this.painter?.update(paintStyle(o, this.zoneCounts));
    this.parts.shown.apply(shownOptions(o, threshold));
    this.parts.zones.apply(zoneOptions(o));
    this.engine.placeTile({ visible: !this.offscreen || !o.pauseOffscreen });
  }

  /** The video scrolled into or out of view. */
  private onScreen(visible: boolean, area: number): void {
    if (this.destroyed) return;
    this.offscreen = !visible;
    this.engine.placeTile({ visible: visible || !this.options.pauseOffscreen, area });
    this.sync();
  }

  /**
   * Runs the frame loop while the overlay runs and is on screen (or `pauseOffscreen` is off);
   * otherwise stops it, with the boxes cleared and the tracks ended.
   */
  private sync(): void {
    const run = this.lifecycle === 'running' && !(this.offscreen && this.options.pauseOffscreen);
    if (run === this.looping) return;
    this.looping = run;
    if (run) {
      this.engine.start();
      this.loop.start();
      return;
    }
    this.engine.stop();
    this.loop.stop();
    this.endTracks();
    this.painter?.clear();
  }

  /** Pauses sampling and clears the boxes; `start()` resumes. */
  stop(): void {
    this.assertNotDestroyed('stop');
    if (this.lifecycle !== 'running') return;
    this.lifecycle = 'stopped';
    this.sync();
  }

  /** Resumes after `stop()`. Throws `destroyed` after `destroy()`. */
  start(): void {
    this.assertNotDestroyed('start');
    if (this.lifecycle !== 'stopped') return;
    this.lifecycle = 'running';
    this.sync();
  }

  /** Frees everything this overlay created. Terminal; safe to call twice. */
  destroy(): void {
    if (this.lifecycle === 'destroyed') return;
    this.lifecycle = 'destroyed';
    const { source, grabber, model, shown, events } = this.parts;
    this.engine.destroy();
    this.loop.stop();
    this.unwatchScreen();
    source.video.removeEventListener('emptied', this.onSourceChange);
    this.painter?.destroy();
    this.painter = null;
    grabber.dispose();
    // An inference in flight holds the model; it is released when that inference settles.
    model.close(this.engine.busy);
    this.endTracks();
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

  /** Ends every track (stop, destroy), with its zone-leave and track-leave events. */
  private endTracks(): void {
    this.engine.tracksEnded(this.parts.shown.clear(), this.parts.source.video.currentTime * 1000);
  }

  /** Per zone, who is in it now; per line, the crossings each way since the start or `resetCounts()`; by class. */
  get counts(): ZoneCounts {
    return this.parts.zones.counts();
  }

  /** The frame now at its intrinsic size, the right way round, with the boxes, labels and zones shown (`boxes: false`: without), as an image Blob. */
  async snapshot(options?: SnapshotOptions): Promise<Blob> {
    this.assertNotDestroyed('snapshot');
    return this.parts.snapshot(this.parts.source.video, this.visibleDetections(), zoneDrawing(this.options, this.zoneCounts), options);
  }

  /** Sets the line counts back to zero. */
  resetCounts(): void {
    this.parts.zones.resetCounts();
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
