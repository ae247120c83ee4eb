/**
 * When inferences run. Pure: the time is passed in.
 * - At most one inference is in flight; a frame that wants one meanwhile sets one pending flag
 *   (never a queue), and the next inference runs on whatever frame is on screen then.
 * - After a failure the next waits 0.5 s, doubling per failure up to 10 s (a broken server is
 *   not hammered); a success resets that.
 * - An inference can be abandoned (its backend was lost): each inference gets a ticket, and an
 *   abandoned ticket's result and error no longer count.
 */

/** After a failed inference the next waits this long, doubling per failure... */
export const RETRY_BASE_MS = 500;
/** ...up to this. */
export const RETRY_MAX_MS = 10_000;

export class InferenceSchedule {
  private inFlight = false;
  private pending = false;
  private failures = 0;
  private retryAt = Number.NEGATIVE_INFINITY;
  private ticket = 0;

  /** An inference is in flight. */
  get busy(): boolean {
    return this.inFlight;
  }

  /** A frame wants an inference (motion, a heartbeat, or a new frame with the gate off). */
  request(): void {
    this.pending = true;
  }

  /** Forgets a pending request (on restart: the next frame decides afresh). */
  cancel(): void {
    this.pending = false;
  }

  /** An inference is wanted and could start at `now` (none in flight, no backoff holding it). */
  wants(now: number): boolean {
    return this.pending && !this.inFlight && now >= this.retryAt;
  }

  /**
   * Starts an inference when one is wanted, none is in flight and no backoff holds it at `now`.
   * Returns its ticket, or null when nothing is to start.
   */
  start(now: number): number | null {
    if (!this.pending || this.inFlight || now < this.retryAt) return null;
    this.pending = false;
    this.inFlight = true;
    return this.ticket;
  }

  /** Whether the inference with this ticket still counts (it was not abandoned). */
  current(ticket: number): boolean {
    return ticket === this.ticket;
  }

  /** The inference succeeded: no more backoff. */
  succeeded(ticket: number): void {
    if (this.current(ticket)) this.failures = 0;
  }

  /** The inference failed at `now`: back off, and try again after that. */
  failed(ticket: number, now: number): void {
    if (!this.current(ticket)) return;
    this.failures++;
    this.retryAt = now + Math.min(RETRY_MAX_MS, RETRY_BASE_MS * 2 ** (this.failures - 1));
    this.pending = true;
  }

  /** The inference settled (either way). False when it had been abandoned (it owns nothing). */
  end(ticket: number): boolean {
    if (!this.current(ticket)) return false;
    this.inFlight = false;
    return true;
  }

  /**
   * Abandons the inference in flight, if any (its result and error will not count), clears the
   * backoff, and asks for a fresh inference: the backend was replaced.
   */
  restart(): void {
    this.ticket++;
    this.inFlight = false;
    this.failures = 0;
    this.retryAt = Number.NEGATIVE_INFINITY;
    this.pending = true;
  }
}
