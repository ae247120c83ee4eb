/**
 * The per-frame path of one overlay: at each video frame, sample (fps cap, paused, hidden) →
 * motion gate → schedule (one inference in flight, backoff) → detect → the shown boxes → events
 * and a redraw. It owns none of its collaborators (the handle does, see detect-overlay.ts) and
 * touches no DOM itself, so it runs in Node with fakes.
 */
import type { GrayFrame } from './dom/frame-grabber.js';
import type { EngineOptions, EngineParts, EngineVideo } from './engine-parts.js';
import { nextSampleDue, sampleVerdict } from './core/sampler.js';
import { InferenceSchedule } from './core/schedule.js';
import { checkDetectorResult } from './core/detector-result.js';
import { toDetectOverlayError } from './errors.js';
import type { Track } from './core/tracker.js';
import { emitTracks, emitZones } from './track-events.js';
import type { TurnClient } from './turn-desk.js';
import type { TileView } from './core/turns.js';

export type { EngineOptions, EngineParts, EngineVideo } from './engine-parts.js';

/** Candidates asked of the detector before the user's filters (so class filters still fill `maxDetections`). */
const CANDIDATES = 100;
const STATS_EVERY_MS = 1000;

type Phase = 'idle' | 'running' | 'stopped' | 'destroyed';

export class FrameEngine<V extends EngineVideo = EngineVideo> {
  private phase: Phase = 'idle';
  private readonly schedule = new InferenceSchedule();
  private sampleDueAt = Number.NEGATIVE_INFINITY;
  private lastStatsAt = 0;
  /** The source's frames are cross-origin (tainted): not read again until the source changes. */
  private frameBlocked = false;
  /** The source gives no new frames (sourceStalled). */
  private stalled = false;
  /** A context loss is being recovered from: no inference until the model is back. */
  private recovering = false;
  /** Frame size the gate last checked: a new size (a remote sender changing resolution) is a new picture to detect on. */
  private gateFrameWidth = 0;
  private gateFrameHeight = 0;
  /** A gate read is in flight (it is async): later frames wait for it rather than overlap. */
  private reading = false;
  /** Bumped on every source change and restart, so a read that straddles one is dropped. */
  private generation = 0;

  /** This overlay's seat at the page's turns. */
  private readonly turn: TurnClient;

  constructor(private readonly parts: EngineParts<V>, private options: EngineOptions) {
    this.turn = parts.turns(() => this.takeTurn());
    parts.stats.turnsNow = () => this.turn.state();
  }

  apply(options: EngineOptions): void {
    if (options.maxFps !== this.options.maxFps) this.sampleDueAt = Number.NEGATIVE_INFINITY;
    this.options = options;
    this.turn.update({ priority: options.priority, maxFps: options.maxFps });
  }

  /** Where the tile is on screen (the handle watches it), for its turns. */
  placeTile(view: Partial<Pick<TileView, 'visible' | 'area'>>): void {
    this.turn.update(view);
  }

  /** An inference is in flight (it holds the model until it settles). */
  get busy(): boolean {
    return this.schedule.busy;
  }

  /** Starts taking frames; after `stop()`, resumes on a fresh gate with nothing pending. */
  start(): void {
    if (this.destroyed) return;
    if (this.phase === 'stopped') {
      this.generation++;
      this.parts.gate.reset();
      this.schedule.cancel();
      this.stalled = false; // the restarted loop watches afresh (and reports a stall that goes on again)
    }
    this.phase = 'running';
  }

  stop(): void {
    if (this.phase !== 'running') return;
    this.phase = 'stopped';
    this.parts.grabber.pause?.();
  }

  /** Terminal. An inference in flight releases the model when it settles. */
  destroy(): void {
    this.phase = 'destroyed';
    this.turn.leave();
  }

  /**
   * The source stalled (no new frame while playing) or resumed: one event each way. While
   * stalled, frames are only redrawn (held boxes expire after `holdMs`), never sampled: detecting
   * on the last frame again would keep stale boxes up.
   */
  sourceStalled(stalled: boolean, quietMs: number): void {
    if (this.destroyed || stalled === this.stalled) return;
    this.stalled = stalled;
    const videoTime = this.parts.video.currentTime;
    if (stalled) this.parts.emit('source-stalled', { sinceMs: Math.round(quietMs), videoTime });
    else this.parts.emit('source-resumed', { stalledMs: Math.round(quietMs), videoTime });
  }

  /** The video's source changed (a new stream, a new src): reads of the old one are dropped, its tracks end. */
  sourceChanged(): void {
    this.generation++;
    this.frameBlocked = false;
    this.parts.gate.reset();
    this.tracksEnded(this.parts.shown.sourceChanged(), this.parts.video.currentTime * 1000);
  }

  /** Tracks that ended at media time `mediaAt` (ms): `zone-leave` for the zones each was in, then `track-leave`. */
  tracksEnded(ended: readonly Track[], mediaAt: number): void {
    const emit = this.parts.emit.bind(this.parts);
    emitZones(emit, this.parts.zones.ended(ended), mediaAt);
    emitTracks(emit, 'track-leave', ended, mediaAt);
  }

  /** The backend's context was lost: drops the inference in flight (it may never settle) and holds new ones until `resume()`. */
  suspend(): void {
    this.recovering = true;
    this.schedule.restart();
    // The abandoned inference may never settle: its turn goes to the others now.
    this.turn.done(0);
  }

  resume(): void {
    this.recovering = false;
  }

  /** Read through a getter so that TypeScript does not narrow it across awaits. */
  private get destroyed(): boolean {
    return this.phase === 'destroyed';
  }

  /** Between `suspend()` and `resume()`. */
  get suspended(): boolean {
    return this.recovering;
  }

  /** One video frame (the frame loop's callback): redraw, stats, and maybe a sample. */
  onFrame(now: number): void {
    if (this.phase !== 'running') return;
    const { video: v, stats } = this.parts;
    this.parts.render();
    if (now - this.lastStatsAt >= STATS_EVERY_MS) {
      this.lastStatsAt = now;
      this.parts.emit('stats', stats.snapshot(now));
    }
    if (this.frameBlocked || this.stalled) return;
    const verdict = sampleVerdict({
      readyState: v.readyState, paused: v.paused, ended: v.ended, hidden: this.parts.hidden(),
      videoWidth: v.videoWidth, videoHeight: v.videoHeight,
    }, now, this.sampleDueAt, this.options.maxFps);
    if (verdict !== 'sample' || this.reading) return;
    this.sampleDueAt = nextSampleDue(this.sampleDueAt, now, this.options.maxFps);
    stats.sampled();
    // Without a gate, a frame that arrives during an inference is detected on as soon as it ends.
    if (this.schedule.busy && !this.parts.gate.enabled) {
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
    const { video: v, gate } = this.parts;
    const mediaAt = v.currentTime * 1000;
    const t0 = this.parts.now();
    const gray = gate.enabled ? await this.readGray() : null;
    if (gray === undefined) return;
    if (v.videoWidth !== this.gateFrameWidth || v.videoHeight !== this.gateFrameHeight) {
      // Held boxes are rescaled meanwhile (same aspect) or dropped; either way detect at once
      // rather than wait for motion or the heartbeat.
      this.gateFrameWidth = v.videoWidth;
      this.gateFrameHeight = v.videoHeight;
      gate.reset();
    }
    const decision = gate.check(gray, now);
    const ms = gate.enabled ? this.parts.now() - t0 : 0;
    if (gate.enabled) this.parts.stats.gated(ms, !decision.changed);
    this.parts.shown.motion(mediaAt, decision.reason === 'motion' || decision.reason === 'off' || decision.reason === 'first');
    this.parts.emit('motion', { ...decision, ms });
    if (decision.changed) this.schedule.request();
    this.inferIfPending(now);
  }

  /**
   * The gate's grey frame; undefined when there was none to read, when it failed, or when it went
   * stale (stopped, destroyed, a new source meanwhile).
   */
  private async readGray(): Promise<Uint8Array | undefined> {
    const generation = this.generation;
    this.reading = true;
    let frame: GrayFrame | null;
    try {
      frame = await this.parts.grabber.readGray(this.parts.video);
    } catch (error) {
      if (!this.destroyed && generation === this.generation) this.fail(error);
      return undefined;
    } finally {
      this.reading = false;
    }
    if (!frame) return undefined;
    this.parts.stats.gateReader = frame.mode;
    return this.phase === 'running' && generation === this.generation ? frame.pixels : undefined;
  }

  /**
   * Asks for a turn when a frame is waiting for inference and nothing holds it back (one in flight,
   * recovery, backoff). The frame is read when the turn comes, not now: a result is never older
   * than one inference plus the wait for the turn.
   */
  private inferIfPending(now: number): void {
    if (this.recovering || this.phase !== 'running' || !this.parts.model.detector) return;
    if (this.schedule.wants(now)) this.turn.request();
  }

  /** This overlay's turn: reads the frame on screen and starts its inference; false when it wants none now. */
  private takeTurn(): boolean {
    if (this.recovering || this.phase !== 'running' || !this.parts.model.detector) return false;
    const now = this.parts.now();
    const ticket = this.schedule.start(now);
    if (ticket === null) return false;
    void this.infer(now, ticket);
    return true;
  }

  private fail(error: unknown): void {
    const e = toDetectOverlayError(error, 'detection-failed', 'detection failed');
    // A tainted frame stays tainted until the source changes: stop reading it until then.
    if (e.code === 'cross-origin-frame') this.frameBlocked = true;
    this.parts.emit('error', e);
  }

  private async infer(sampledAt: number, ticket: number): Promise<void> {
    const { video: v, model, stats } = this.parts;
    const detector = model.detector!;
    const frame = { width: v.videoWidth, height: v.videoHeight };
    let noFrame = false;
    try {
      const pixels = detector.input === 'pixels' || (model.backend !== 'webgl' && detector.input !== 'canvas');
      const mediaAt = v.currentTime * 1000;
      const sampled = await this.parts.grabber.sample(v, this.options.sampleWidth, pixels);
      if (this.destroyed) return;
      if (!sampled) {
        // No frame to read just now (a source being swapped): detect on the next one that is.
        noFrame = true;
        return;
      }
      stats.sampleReader = sampled.mode;
      const t0 = this.parts.now();
      const raw = checkDetectorResult(
        await detector.detect(sampled.input, { minScore: 0, scoreThreshold: this.options.scoreThreshold, maxDetections: CANDIDATES }), detector.name);
      const ms = this.parts.now() - t0;
      // Destroyed meanwhile, or computed on a context that was lost: the result is not to be trusted.
      if (this.destroyed || !this.schedule.current(ticket)) return;
      stats.inferred(ms, this.parts.now());
      this.schedule.succeeded(ticket);
      this.parts.grabber.allowWorker();
      // Stopped meanwhile (stop(), or scrolled out of view): the boxes were cleared; this result stays unseen.
      if (this.phase !== 'running') return;
      const { shown, entered, left, current, clock } = this.parts.shown.accept({ detections: raw, input: sampled.input, frame, at: this.parts.now(), mediaAt });
      this.parts.emit('detections', { detections: shown.map((d) => ({ ...d, bbox: [...d.bbox] })), frame, timestamp: sampledAt, inferenceMs: ms });
      this.tracksEnded(left, mediaAt);
      const emit = this.parts.emit.bind(this.parts);
      emitTracks(emit, 'track-enter', entered, mediaAt);
      emitZones(emit, this.parts.zones.update(current, clock, frame.width, frame.height), mediaAt);
      this.parts.render();
    } catch (error) {
      if (!this.destroyed && this.schedule.current(ticket)) {
        this.schedule.failed(ticket, this.parts.now());
        this.fail(error);
      }
    } finally {
      // An abandoned inference (context lost) owns nothing any more: recovery replaced the model.
      if (this.schedule.end(ticket)) {
        if (this.destroyed) model.releaseModel();
        else if (noFrame) this.schedule.request();
        // Motion (or, gate off, a new frame) came during this inference: that frame is on screen
        // now, so ask for the next turn at once (before this one ends: the scheduler then weighs
        // this overlay among the waiting ones) rather than at the next frame callback.
        else this.inferIfPending(this.parts.now());
        this.turn.done(this.parts.now() - sampledAt);
      }
    }
  }
}
