/** Running counters of one pipeline. Pure: times passed in. */
import type { DetectOverlayStats } from '../event-types.js';

/**
 * How far back `fps` looks, ms; further back for the last two results when fewer came in that
 * time (a tile sharing the model with 15 others gets one every few seconds: its rate is not 0),
 * but never past FPS_REACH_MS.
 */
const FPS_WINDOW_MS = 3000;
const FPS_REACH_MS = 30_000;

export class StatsTracker {
  private framesSampled = 0;
  private framesGated = 0;
  private inferences = 0;
  private inferenceMsTotal = 0;
  private gateMsTotal = 0;
  private gateRuns = 0;
  private recent: number[] = [];

  /** How the last gate frame was read (set by the pipeline). */
  gateReader: DetectOverlayStats['gateReader'] = '';
  sampleReader: DetectOverlayStats['sampleReader'] = '';

  /** This overlay's turns now (set by the frame engine, which holds its seat). */
  turnsNow: () => DetectOverlayStats['turns'] = () => ({ state: 'idle', weight: 0, share: 0, turns: 0 });

  /** The model runs in the detection worker. */
  private worker = false;
  /** Threads its WASM computes on. */
  private threads = 0;

  constructor(private backend = '') {}

  /** Where the model runs now (set on load, and again after a backend switch). */
  setModel(model: Pick<DetectOverlayStats, 'backend' | 'worker' | 'threads'>): void {
    this.backend = model.backend;
    this.worker = model.worker;
    this.threads = model.threads;
  }

  sampled(): void {
    this.framesSampled++;
  }

  gated(gateMs: number, skipped: boolean): void {
    this.gateMsTotal += gateMs;
    this.gateRuns++;
    if (skipped) this.framesGated++;
  }

  inferred(ms: number, now: number): void {
    this.inferences++;
    this.inferenceMsTotal += ms;
    this.recent.push(now);
    this.trim(now);
  }

  private trim(now: number): void {
    let drop = 0;
    while (drop < this.recent.length && now - this.recent[drop]! > (this.recent.length - drop > 2 ? FPS_WINDOW_MS : FPS_REACH_MS)) drop++;
    if (drop > 0) this.recent.splice(0, drop);
  }

  snapshot(now: number): DetectOverlayStats {
    this.trim(now);
    const first = this.recent[0];
    const span = first === undefined ? 0 : Math.max(now - first, 1000 / 60);
    return {
      turns: this.turnsNow(),
      framesSampled: this.framesSampled,
      framesGated: this.framesGated,
      inferences: this.inferences,
      avgInferenceMs: this.inferences ? this.inferenceMsTotal / this.inferences : 0,
      avgGateMs: this.gateRuns ? this.gateMsTotal / this.gateRuns : 0,
      fps: this.recent.length > 1 ? ((this.recent.length - 1) * 1000) / span : 0,
      backend: this.backend,
      worker: this.worker,
      threads: this.threads,
      gateReader: this.gateReader,
      sampleReader: this.sampleReader,
    };
  }
}
