/**
 * `attach()`: resolves the options, makes the parts of an overlay (the real, DOM and TF.js ones)
 * and hands them to a new `DetectOverlay`, which loads the model and starts.
 */
import type { AttachTarget, DetectOverlayOptions } from './types.js';
import { FALLBACK_SCORE_THRESHOLD, resolveOptions } from './options/resolve.js';
import type { ResolvedOptions } from './options/schema.js';
import { gateOptions, modelOptions, shownOptions, zoneOptions } from './options/views.js';
import { ZoneWatcher } from './core/zone-watcher.js';
import { OverlayEvents } from './dom/events.js';
import { MotionGate } from './core/motion.js';
import { ShownBoxes } from './core/shown-boxes.js';
import { StatsTracker } from './core/stats.js';
import { resolveSource } from './dom/source.js';
import { FrameLoop } from './dom/frame-loop.js';
import { FrameGrabber } from './dom/frame-grabber.js';
import { BoxPainter } from './dom/box-painter.js';
import { findContainer } from './dom/lookup.js';
import { snapshot } from './dom/snapshot.js';
import { ModelSlot } from './detector/model-slot.js';
import { DetectOverlay } from './detect-overlay.js';
import type { OverlayParts } from './overlay-parts.js';
import { warn } from './log.js';
import { registry } from './registry.js';
import { TurnDesk } from './turn-desk.js';
import { REFERENCE_AREA } from './core/turns.js';
import { watchScreen } from './dom/screen-watch.js';

/** The real parts of an overlay on `target`. Throws `source-not-found` / `source-not-video` for a bad target. */
export function createParts(target: AttachTarget, o: ResolvedOptions): OverlayParts {
  const source = resolveSource(target);
  return {
    source,
    events: new OverlayEvents(source.eventTarget),
    grabber: new FrameGrabber(registry.gateWorkers),
    gate: new MotionGate(gateOptions(o)),
    // The real filter is set once the model (and its own default threshold) is known.
    shown: new ShownBoxes(shownOptions(o, FALLBACK_SCORE_THRESHOLD)),
    zones: new ZoneWatcher(zoneOptions(o)),
    stats: new StatsTracker(),
    model: new ModelSlot(modelOptions(o)),
    loop: (onFrame, onStall) => new FrameLoop(source.video, onFrame, onStall),
    painter: (style, requestRender) => {
      const container = o.container === undefined ? null : findContainer(o.container);
      return new BoxPainter(source.video, style, container, source.visible, requestRender);
    },
    snapshot,
    hidden: () => document.hidden,
    now: () => performance.now(),
    // A model on a server is not this machine's to share: such an overlay has a desk of its own.
    // Overlays of one built-in model are charged its usual turn (a user's detector: its own).
    turns: (take) => (o.detector === 'remote' ? new TurnDesk() : registry.turns).join({
      priority: o.priority, maxFps: o.maxFps, visible: true, area: REFERENCE_AREA,
      ...(typeof o.detector === 'string' ? { costKey: `${o.detector}|${o.modelUrl ?? ''}` } : {}),
    }, take),
    watchScreen: (onChange) => {
      // Watched: the container the boxes are drawn in, else the video when it is on the page.
      let shown: Element | null = source.visible ? source.video : null;
      try {
        if (o.container !== undefined) shown = findContainer(o.container);
      } catch {
        // A container that is gone: the painter reports it; watch the video.
      }
      return shown ? watchScreen(shown, onChange, REFERENCE_AREA) : () => {};
    },
  };
}

/**
 * Attaches a detection overlay to a video, stream or track. Resolves once the model is loaded
 * and warmed up. Invalid options and targets throw at once (synchronously) with
 * `invalid-option` / `source-not-found` / `source-not-video`; load failures reject.
 */
export function attach(target: AttachTarget, options?: DetectOverlayOptions): Promise<DetectOverlay> {
  const resolved = resolveOptions(options, (m) => warn(m));
  return new DetectOverlay(createParts(target, resolved), resolved).init();
}
