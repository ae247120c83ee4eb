/**
 * The one stateful hub: wires source → sampler → motion gate → detector → overlay,
 * owns every resource, and runs the lifecycle loading → running ⇄ stopped → destroyed.
 */
import type {
  AttachTarget, Detection, DetectOverlayEvents, DetectOverlayOptions, DetectOverlayStats, ModelMemory, OverlayState,
} from './types.js';
import { FALLBACK_SCORE_THRESHOLD, resolveOptions, resolveUpdate, type ResolvedOptions } from './defaults.js';
import { DetectOverlayError, toDetectOverlayError } from './errors.js';
import type { Listener } from './emitter.js';
import { OverlayEvents } from './dom/events.js';
import { HeldDetections } from './core/held.js';
import { BoxFollower } from './core/follow.js';
import { MotionGate } from './core/motion.js';
import { nextSampleDue, sampleVerdict } from './core/sampler.js';
import { InferenceSchedule } from './core/schedule.js';
import { scaleDetections, type DetectionFilter } from './core/detections.js';
import { StatsTracker } from './core/stats.js';
import { resolveSource, type FrameSource } from './dom/source.js';
import { FrameLoop } from './dom/frame-loop.js';
import { FrameGrabber } from './dom/frame-grabber.js';
import { Overlay, findContainer } from './dom/overlay.js';
import { ModelSlot } from './detector/model-slot.js';
import { warn } from './log.js';

/** Candidates asked of the detector before the user's filters (so class filters still fill `maxDetections`). */
const CANDIDATES = 100;
const STATS_EVERY_MS = 1000;

/** A live detection overlay on one video. Made by `attach()`. */
export class DetectOverlay {
  private options: ResolvedOptions;
  private readonly source: FrameSource;
  private readonly events: OverlayEvents;
  private readonly gate: MotionGate;
  private readonly grabber: FrameGrabber;
  private readonly tracker = new StatsTracker();
  private readonly loop: FrameLoop;
  private overlayCanvas: Overlay | null = null;
  private readonly model: ModelSlot;
  private lifecycle: OverlayState = 'loading';
  private readonly schedule = new InferenceSchedule();
  private sampleDueAt = Number.NEGATIVE_INFINITY;
  private lastStatsAt = 0;
  private readonly held = new HeldDetections();
  private readonly follower = new BoxFollower();
  private frameBlocked = false;
  private recovering = false;
  /** Frame size the gate last checked: a new size (a remote sender changing resolution) is a new picture to detect on. */
  private gateFrameWidth = 0;
  private gateFrameHeight = 0;
  /** A gate read is in flight (it is async): later frames wait for it rather than overlap. */
  private reading = false;
  /** Bumped on every source change and restart, so a read that straddles one is dropped. */
  private generation = 0;
  private readonly onSourceChange = (): void => {
    this.generation++;
    this.frameBlocked = false;
    this.gate.reset();
    this.follower.clear();
  };

  /** @internal Use `attach()`. */
  constructor(target: AttachTarget, options: DetectOverlayOptions | undefined) {
    this.options = resolveOptions(options, (m) => warn(m));
    this.source = resolveSource(target);
    this.grabber = new FrameGrabber();
    this.events = new OverlayEvents(this.source.eventTarget);
    this.model = new ModelSlot(this.options);
    const o = this.options;
    this.gate = new MotionGate({ enabled: o.motion, pixelThreshold: o.pixelThreshold, motionThreshold: o.motionThreshold, maxSkipMs: o.maxSkipMs });
    this.loop = new FrameLoop(this.source.video, (now) => this.onFrame(now));
    this.source.video.addEventListener('emptied', this.onSourceChange);
  }

  /** @internal Loads backend and model, then starts. Cleans up everything on failure. */
  async init(): Promise<this> {
    const started = performance.now();
    const o = this.options;
    try {
      if (o.overlay && (this.source.visible || o.container !== undefined)) this.createOverlay();
      await this.model.open({ signal: o.signal, onProgress: o.onProgress }, () => void this.recoverFromLoss(), () => this.checkAlive());
      this.tracker.setModel(this.model.placement);
      this.checkAlive();
    } catch (error) {
      const wrapped = toDetectOverlayError(error, 'model-load-failed', 'attach() failed');
      this.destroy();
      throw wrapped;
    }
    this.lifecycle = 'running';
    this.events.emit('ready', { detector: this.model.detector!.name, backend: this.model.backend, loadMs: performance.now() - started });
    this.loop.start();
    return this;
  }

  private checkAlive(): void {
    if (this.options.signal?.aborted) throw new DetectOverlayError('aborted', 'attach() was aborted', this.options.signal.reason);
    if (this.lifecycle === 'destroyed') throw new DetectOverlayError('destroyed', 'the overlay was destroyed while loading');
  }

  private createOverlay(): void {
    const o = this.options;
    const container = o.container === undefined ? null : findContainer(o.container);
    this.overlayCanvas = new Overlay(this.source.video, { mirror: o.mirror, showLabels: o.showLabels, lineWidth: o.lineWidth },
      container, this.source.visible, () => this.render());
  }

  /** Current lifecycle state. */
  get state(): OverlayState {
    return this.lifecycle;
  }

  /** The video frames are read from (ours when the target was a stream or track). */
  get video(): HTMLVideoElement {
    return this.source.video;
  }

  /** The overlay canvas, or null with `overlay: false` and no visible element. */
  get canvas(): HTMLCanvasElement | null {
    return this.overlayCanvas?.canvas ?? null;
  }

  /** The TF.js backend in use. */
  get backend(): string {
    return this.model.backend;
  }

  /**
   * What the TF.js engine running the model holds (live tensors, bytes): the detection worker's
   * when the model runs there, else the page's. Flat while running means nothing leaks per frame.
   */
  async memory(): Promise<ModelMemory> {
    this.assertNotDestroyed('memory'); // a rejection, as the method is async
    return this.model.memory();
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
    const v = this.source.video;
    const held = this.held.visible(v, performance.now(), this.options.holdMs);
    return this.options.followMotion ? this.follower.follow(held, mediaMs(v)) : held;
  }

  /** A snapshot of the running counters. */
  get stats(): DetectOverlayStats {
    return this.tracker.snapshot(performance.now());
  }

  /** Listens to an event; returns the function that stops listening. */
  on<K extends keyof DetectOverlayEvents>(name: K, listener: Listener<DetectOverlayEvents[K]>): () => void {
    return this.events.on(name, listener);
  }

  /**
   * Changes options live. Throws `invalid-option` for a bad value, or for an option that needs a
   * new `attach()` (detector, base, modelUrl, backend, wasmPaths, overlay, container).
   */
  update(patch: DetectOverlayOptions): void {
    this.assertNotDestroyed('update');
    this.options = resolveUpdate(this.options, patch, (m) => warn(m));
    const o = this.options;
    if (patch.maxFps !== undefined) this.sampleDueAt = Number.NEGATIVE_INFINITY;
    this.gate.update({ enabled: o.motion, pixelThreshold: o.pixelThreshold, motionThreshold: o.motionThreshold, maxSkipMs: o.maxSkipMs });
    this.overlayCanvas?.update({ mirror: o.mirror, showLabels: o.showLabels, lineWidth: o.lineWidth });
    this.held.refilter(this.filter());
    this.render();
  }

  /** Pauses sampling and clears the boxes; `start()` resumes. */
  stop(): void {
    this.assertNotDestroyed('stop');
    if (this.lifecycle !== 'running') return;
    this.lifecycle = 'stopped';
    this.loop.stop();
    this.held.clear();
    this.follower.clear();
    this.overlayCanvas?.clear();
  }

  /** Resumes after `stop()`. Throws `destroyed` after `destroy()`. */
  start(): void {
    this.assertNotDestroyed('start');
    if (this.lifecycle !== 'stopped') return;
    this.lifecycle = 'running';
    this.generation++;
    this.gate.reset();
    this.schedule.cancel();
    this.loop.start();
  }

  /** Frees everything this overlay created. Terminal; safe to call twice. */
  destroy(): void {
    if (this.lifecycle === 'destroyed') return;
    this.lifecycle = 'destroyed';
    this.loop.stop();
    this.source.video.removeEventListener('emptied', this.onSourceChange);
    this.overlayCanvas?.destroy();
    this.overlayCanvas = null;
    this.grabber.dispose();
    // An inference in flight holds the model; it is released when that inference settles.
    this.model.close(this.schedule.busy);
    this.held.clear();
    this.source.dispose();
    this.events.clear();
  }

  /**
   * The backend's context was lost (WebGL): its textures, and so the model's weights, are gone.
   * Drops the inference in flight, frees the dead model, moves to the next backend `auto` would
   * pick (WASM, else CPU), reloads the model there and carries on, with a `backendchange` event.
   * The video and the boxes on screen are untouched meanwhile.
   */
  private async recoverFromLoss(): Promise<void> {
    if (this.destroyed || this.recovering) return;
    const started = performance.now();
    const from = this.model.backend;
    this.recovering = true;
    // Abandon the inference in flight: on a lost context it may never settle (TF.js polls a
    // fence that never signals). Its result, or its error, no longer counts.
    this.schedule.restart();
    try {
      const to = await this.model.reload();
      this.tracker.setModel(this.model.placement);
      if (this.destroyed) return;
      this.events.emit('backendchange', { from, to, reason: 'context-lost', ms: performance.now() - started });
    } catch (error) {
      if (!this.destroyed) {
        this.events.emit('error', toDetectOverlayError(error, 'backend-unavailable', `the ${from} context was lost and no other backend could take over`));
      }
    } finally {
      this.recovering = false;
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
    return this.options.scoreThreshold ?? this.model.detector?.defaultScoreThreshold ?? FALLBACK_SCORE_THRESHOLD;
  }

  private filter(): DetectionFilter {
    const o = this.options;
    return { scoreThreshold: this.scoreThreshold(), maxDetections: o.maxDetections, classes: o.classes, excludeClasses: o.excludeClasses };
  }

  private render(): void {
    if (this.lifecycle === 'destroyed') return;
    this.overlayCanvas?.render(this.visibleDetections());
  }

  private onFrame(now: number): void {
    if (this.lifecycle !== 'running') return;
    this.render();
    const v = this.source.video;
    if (now - this.lastStatsAt >= STATS_EVERY_MS) {
      this.lastStatsAt = now;
      this.events.emit('stats', this.tracker.snapshot(now));
    }
    if (this.frameBlocked) return;
    const verdict = sampleVerdict({
      readyState: v.readyState, paused: v.paused, ended: v.ended, hidden: document.hidden,
      videoWidth: v.videoWidth, videoHeight: v.videoHeight,
    }, now, this.sampleDueAt, this.options.maxFps);
    if (verdict !== 'sample' || this.reading) return;
    this.sampleDueAt = nextSampleDue(this.sampleDueAt, now, this.options.maxFps);
    this.tracker.sampled();
    // Without a gate, a frame that arrives during an inference is detected on as soon as it ends.
    if (this.schedule.busy && !this.gate.enabled) {
      this.schedule.request();
      return;
    }
    void this.checkFrame(now);
  }

  /**
   * Runs the gate on the current frame and, on change, an inference. The gate sees every sampled
   * frame, even during an inference, so it always compares neighbours; motion seen meanwhile
   * runs detection as soon as that inference ends (one pending flag, never a queue).
   */
  private async checkFrame(now: number): Promise<void> {
    const v = this.source.video;
    const generation = this.generation;
    const mediaAt = mediaMs(v);
    let gray: Uint8Array | null = null;
    const t0 = performance.now();
    if (this.gate.enabled) {
      this.reading = true;
      try {
        gray = await this.grabber.readGray(v);
        this.tracker.gateReader = this.grabber.gateMode;
      } catch (error) {
        if (this.lifecycle !== 'destroyed' && generation === this.generation) this.fail(error);
        return;
      } finally {
        this.reading = false;
      }
      // Stopped, destroyed or given a new source while the frame was read: this frame is stale.
      if (this.lifecycle !== 'running' || generation !== this.generation) return;
    }
    if (v.videoWidth !== this.gateFrameWidth || v.videoHeight !== this.gateFrameHeight) {
      // Held boxes are rescaled meanwhile (same aspect) or dropped; either way detect at once
      // rather than wait for motion or the heartbeat.
      this.gateFrameWidth = v.videoWidth;
      this.gateFrameHeight = v.videoHeight;
      this.gate.reset();
    }
    const decision = this.gate.check(gray, now);
    const ms = this.gate.enabled ? performance.now() - t0 : 0;
    if (this.gate.enabled) this.tracker.gated(ms, !decision.changed);
    this.follower.verdict(mediaAt, decision.reason === 'motion' || decision.reason === 'off' || decision.reason === 'first');
    this.events.emit('motion', { ...decision, ms });
    if (decision.changed) this.schedule.request();
    this.inferIfPending(now);
  }

  /** Starts an inference when a frame is waiting for one and nothing holds it back (one in flight, recovery, backoff). */
  private inferIfPending(now: number): void {
    if (this.recovering || this.lifecycle !== 'running' || !this.model.detector) return;
    const ticket = this.schedule.start(now);
    if (ticket !== null) void this.infer(now, ticket);
  }

  private fail(error: unknown): void {
    const e = toDetectOverlayError(error, 'detection-failed', 'detection failed');
    // A tainted frame stays tainted until the source changes: stop reading it until then.
    if (e.code === 'cross-origin-frame') this.frameBlocked = true;
    this.events.emit('error', e);
  }

  private async infer(sampledAt: number, ticket: number): Promise<void> {
    const detector = this.model.detector!;
    const v = this.source.video;
    const width = v.videoWidth;
    const height = v.videoHeight;
    try {
      const pixels = detector.input === 'pixels' || (this.model.backend !== 'webgl' && detector.input !== 'canvas');
      const mediaAt = mediaMs(v);
      const input = await this.grabber.sample(v, this.options.sampleWidth, pixels);
      this.tracker.sampleReader = this.grabber.sampleMode;
      if (this.destroyed) return;
      const t0 = performance.now();
      const raw = await detector.detect(input, { minScore: 0, scoreThreshold: this.scoreThreshold(), maxDetections: CANDIDATES });
      const ms = performance.now() - t0;
      // Destroyed meanwhile, or computed on a context that was lost: the result is not to be trusted.
      if (this.destroyed || !this.schedule.current(ticket)) return;
      this.tracker.inferred(ms, performance.now());
      this.schedule.succeeded(ticket);
      const all = scaleDetections(raw, width / input.width, height / input.height, width, height);
      const shown = this.held.set(all, width, height, performance.now(), this.filter());
      // Speeds from the boxes shown (the user's filters): the model's low-score candidates are fragments and echoes that would pair wrongly.
      this.follower.update(shown, mediaAt, width, height);
      if (this.lifecycle !== 'running') return;
      this.events.emit('detections', { detections: shown.map((d) => ({ ...d, bbox: [...d.bbox] })), frame: { width, height }, timestamp: sampledAt, inferenceMs: ms });
      this.render();
    } catch (error) {
      if (this.lifecycle !== 'destroyed' && this.schedule.current(ticket)) {
        this.schedule.failed(ticket, performance.now());
        this.fail(error);
      }
    } finally {
      // An abandoned inference (context lost) owns nothing any more: recovery replaced the model.
      if (this.schedule.end(ticket)) {
        if (this.lifecycle === 'destroyed') this.model.releaseModel();
        // Motion (or, gate off, a new frame) came during this inference: that frame is on screen
        // now, so detect on it at once rather than at the next frame callback.
        else this.inferIfPending(performance.now());
      }
    }
  }
}

/** The video's media time in ms: it stops while paused, and jumps on a seek or a loop. */
function mediaMs(video: HTMLVideoElement): number {
  return video.currentTime * 1000;
}

/**
 * Attaches a detection overlay to a video, stream or track. Resolves once the model is loaded
 * and warmed up. Invalid options and targets throw at once (synchronously) with
 * `invalid-option` / `source-not-found` / `source-not-video`; load failures reject.
 */
export function attach(target: AttachTarget, options?: DetectOverlayOptions): Promise<DetectOverlay> {
  const overlay = new DetectOverlay(target, options);
  return overlay.init();
}
