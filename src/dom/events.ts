/**
 * An overlay's events: typed listeners (`overlay.on`), the same events as bubbling (and
 * composed) DOM `detect-overlay:<name>` CustomEvents, and an `error` nobody listens to logged once per code.
 */
import type { DetectOverlayEvents } from '../event-types.js';
import type { DetectOverlayError } from '../errors.js';
import { Emitter, type Listener } from '../emitter.js';
import { warn } from '../log.js';

export class OverlayEvents {
  private readonly emitter = new Emitter<DetectOverlayEvents>((error) => warn('an event listener threw', error));
  private readonly reportedCodes = new Set<string>();

  /** `target`: where the DOM events are dispatched (the video, or `document` for our own hidden video). */
  constructor(private readonly target: EventTarget) {}

  on<K extends keyof DetectOverlayEvents>(name: K, listener: Listener<DetectOverlayEvents[K]>): () => void {
    return this.emitter.on(name, listener);
  }

  emit<K extends keyof DetectOverlayEvents>(name: K, payload: DetectOverlayEvents[K]): void {
    this.emitter.emit(name, payload);
    if (name === 'error' && this.emitter.count('error') === 0) {
      const error = payload as DetectOverlayError;
      if (!this.reportedCodes.has(error.code)) {
        this.reportedCodes.add(error.code);
        warn(error.message, error.cause);
      }
    }
    // Composed: a video inside a web component's shadow root still reaches listeners on the page (retargeted to its host).
    this.target.dispatchEvent(new CustomEvent(`detect-overlay:${name}`, { detail: payload, bubbles: true, composed: true }));
  }

  clear(): void {
    this.emitter.clear();
  }
}
