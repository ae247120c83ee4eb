/**
 * Fakes for the overlay's parts, so that the handle (detect-overlay.ts) and the frame engine run
 * in Node. Stand-ins only for what needs a browser (a <video>, its frames, a canvas, a model);
 * the pure parts (gate, shown boxes, stats, schedule) are the real ones.
 */
import { MotionGate } from '../../src/core/motion.js';
import { ShownBoxes } from '../../src/core/shown-boxes.js';
import { StatsTracker } from '../../src/core/stats.js';
import { Emitter } from '../../src/emitter.js';
import type { ModelHold, OverlayParts, Painter } from '../../src/overlay-parts.js';
import { gateOptions, shownOptions, zoneOptions } from '../../src/options/views.js';
import { ZoneWatcher } from '../../src/core/zone-watcher.js';
import { resolveOptions } from '../../src/options/resolve.js';
import type { ResolvedOptions } from '../../src/options/schema.js';
import type { Detection, Detector } from '../../src/types.js';
import type { DetectOverlayEvents } from '../../src/event-types.js';
import { TurnDesk } from '../../src/turn-desk.js';
import { REFERENCE_AREA } from '../../src/core/turns.js';

/** A promise with its resolve/reject outside. */
export function deferred<T>(): { promise: Promise<T>; resolve(value: T): void; reject(error: unknown): void } {
  let resolve!: (value: T) => void;
  let reject!: (error: unknown) => void;
  const promise = new Promise<T>((res, rej) => { resolve = res; reject = rej; });
  return { promise, resolve, reject };
}

/** Lets pending promise callbacks run. */
export const settle = (): Promise<void> => new Promise((r) => setTimeout(r, 0));

/** A playing 640x480 video whose frames are grey pictures of brightness `shade` (change it to make motion). */
export function fakeVideo() {
  const listeners = new Map<string, Set<() => void>>();
  return {
    readyState: 4, paused: false, ended: false, videoWidth: 640, videoHeight: 480, currentTime: 0, shade: 100,
    addEventListener(type: string, fn: () => void) { (listeners.get(type) ?? listeners.set(type, new Set()).get(type)!).add(fn); },
    removeEventListener(type: string, fn: () => void) { listeners.get(type)?.delete(fn); },
    dispatch(type: string) { for (const fn of listeners.get(type) ?? []) fn(); },
    listenerCount: () => [...listeners.values()].reduce((n, s) => n + s.size, 0),
  };
}
export type FakeVideo = ReturnType<typeof fakeVideo>;

/** A detector whose every `detect()` waits until the test answers it. */
export function manualDetector() {
  const calls: Array<ReturnType<typeof deferred<Detection[]>>> = [];
  const detector: Detector = {
    name: 'manual',
    defaultScoreThreshold: 0.5,
    async load() {},
    detect() { const d = deferred<Detection[]>(); calls.push(d); return d.promise; },
    dispose() {},
  };
  return { detector, calls };
}

/** Everything the handle was made of, and a log of what was done to it, in order. */
export function fakeParts(options: Partial<ResolvedOptions> = {}, open: (log: string[]) => Promise<void> = async () => {}) {
  const log: string[] = [];
  const video = fakeVideo();
  const { detector, calls } = manualDetector();
  const o: ResolvedOptions = { ...resolveOptions({ detector }), ...options };
  let frame: ((now: number) => void) | null = null;
  let stallTo: ((stalled: boolean, quietMs: number) => void) | null = null;
  let screen: (visible: boolean, area: number) => void = () => {};
  let clock = 0;
  let lost = (): void => {};
  const emitter = new Emitter<DetectOverlayEvents>();
  const painted: Array<readonly Detection[]> = [];
  const model: ModelHold & { detector: Detector | null } = {
    detector: null, backend: 'cpu', placement: { backend: 'cpu', worker: false, threads: 0 },
    async open(_load, onLost) { log.push('model.open'); lost = onLost; await open(log); model.detector = detector; },
    async reload() { log.push('model.reload'); model.detector = detector; return 'cpu'; },
    async memory() { return { where: 'page', numTensors: 0, numBytes: 0 }; },
    releaseModel() { log.push('model.release'); model.detector = null; },
    close(keepModel) { log.push(`model.close(keep=${keepModel})`); if (!keepModel) model.releaseModel(); },
  };
  const parts: OverlayParts = {
    source: { video: video as unknown as HTMLVideoElement, visible: true, eventTarget: null as unknown as EventTarget, dispose: () => log.push('source.dispose') },
    events: {
      on: (name, fn) => emitter.on(name, fn),
      emit: (name, payload) => { log.push(`emit:${name}`); emitter.emit(name, payload); },
      clear: () => { log.push('events.clear'); emitter.clear(); },
    },
    grabber: {
      async readGray(v) { return { pixels: new Uint8Array(64).fill((v as unknown as FakeVideo).shade), mode: 'luma' }; },
      async sample() { return { input: { width: 320, height: 240 } as ImageData, mode: 'canvas' }; },
      allowWorker: () => undefined,
      dispose: () => log.push('grabber.dispose'),
    },
    gate: new MotionGate(gateOptions(o)),
    shown: new ShownBoxes(shownOptions(o, 0.5)),
    zones: new ZoneWatcher(zoneOptions(o)),
    stats: new StatsTracker(),
    model,
    loop(onFrame, onStall) {
      frame = onFrame;
      stallTo = onStall;
      return { start: () => log.push('loop.start'), stop: () => log.push('loop.stop') };
    },
    painter(): Painter {
      log.push('painter');
      return {
        canvas: {} as HTMLCanvasElement, update() {}, clear: () => log.push('painter.clear'), destroy: () => log.push('painter.destroy'),
        render: (d) => { painted.push(d); },
      };
    },
    // No canvas in Node: a snapshot is the browser's (tracking.spec.ts).
    snapshot: async () => new Blob(['not a picture']),
    hidden: () => false,
    now: () => clock,
    // Each fake overlay has a desk of its own, on the fake clock.
    turns: (take) => new TurnDesk(() => clock).join({ priority: o.priority, maxFps: o.maxFps, visible: true, area: REFERENCE_AREA }, take),
    watchScreen(onChange) {
      screen = onChange;
      return () => log.push('screen.unwatch');
    },
  };
  /** Advances the clock and the video by `ms` and delivers one frame. */
  const tick = async (ms = 100) => {
    clock += ms;
    video.currentTime += ms / 1000;
    frame?.(clock);
    await settle();
  };
  /** The frame loop reports the source stalled (or resumed) after `quietMs` without frames. */
  const stall = (stalled: boolean, quietMs = 2000) => stallTo?.(stalled, quietMs);
  /** The backend's context is lost (as WebGL's can be). */
  const loseContext = () => lost();
  /** The video scrolls into or out of view. */
  const scroll = (visible: boolean, area = REFERENCE_AREA) => screen(visible, area);
  return { parts, options: o, log, video, calls, model, tick, painted, events: emitter, loseContext, scroll, stall };
}
