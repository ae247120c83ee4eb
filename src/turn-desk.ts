/**
 * The page's turns (one desk in the registry for every overlay computing on this machine; a desk
 * of its own for an overlay whose model runs on a server): the scheduler of core/turns.ts, the
 * overlays' turn callbacks, and a timer for a tile held by its `maxFps`.
 */
import { TurnScheduler, type TileTurns, type TileView } from './core/turns.js';

/** One overlay's place at the desk. */
export interface TurnClient {
  /** A frame wants inference: the overlay's turn callback runs when its turn comes (perhaps at once). */
  request(): void;
  /** The turn ended; its inference took `costMs` (0: none ran). Does nothing when no turn is held. */
  done(costMs: number): void;
  /** The tile changed (priority, cap, on screen, size). */
  update(view: Partial<TileView>): void;
  state(): TileTurns;
  /** Leaves the desk (destroy): a turn held is freed. Safe twice. */
  leave(): void;
}

interface Seat {
  /** Takes the turn: reads the frame and starts its inference; false when it wants none after all. */
  take: () => boolean;
  holding: boolean;
}

export class TurnDesk {
  private readonly scheduler: TurnScheduler;
  private readonly seats = new Map<number, Seat>();
  private nextId = 1;
  private pumping = false;
  private again = false;
  private timer: ReturnType<typeof setTimeout> | null = null;

  constructor(private readonly now: () => number = () => performance.now(), slots = 1) {
    this.scheduler = new TurnScheduler(slots);
  }

  /** Seats a tile; `take` runs at each of its turns. */
  join(view: TileView, take: () => boolean): TurnClient {
    const id = this.nextId++;
    const seat: Seat = { take, holding: false };
    this.scheduler.add(id, view);
    this.seats.set(id, seat);
    let left = false;
    return {
      request: () => {
        if (left) return;
        this.scheduler.request(id, this.now());
        this.pump();
      },
      done: (costMs) => {
        if (left || !seat.holding) return;
        seat.holding = false;
        this.scheduler.done(id, costMs);
        this.pump();
      },
      update: (patch) => {
        if (left) return;
        this.scheduler.update(id, patch);
        this.pump();
      },
      state: () => this.scheduler.state(id, this.now()),
      leave: () => {
        if (left) return;
        left = true;
        this.scheduler.remove(id);
        this.seats.delete(id);
        this.pump();
      },
    };
  }

  /** Gives out the turns that can start now. A seat's `take` may ask again at once: handled after it returns. */
  private pump(): void {
    if (this.pumping) {
      this.again = true;
      return;
    }
    this.pumping = true;
    try {
      do {
        this.again = false;
        for (const id of this.scheduler.grant(this.now())) this.give(id);
      } while (this.again);
    } finally {
      this.pumping = false;
    }
    this.arm();
  }

  private give(id: number): void {
    const seat = this.seats.get(id);
    if (seat) seat.holding = true;
    let took = false;
    try {
      took = seat?.take() ?? false;
    } catch {
      took = false;
    }
    if (took) return;
    // No frame after all (stopped, recovering): the turn goes to the next tile, at no cost.
    if (seat) seat.holding = false;
    this.scheduler.done(id, 0);
    this.again = true;
  }

  /** A timer for the first capped tile's next slot (none when no tile waits for one). */
  private arm(): void {
    if (this.timer !== null) clearTimeout(this.timer);
    this.timer = null;
    const now = this.now();
    const at = this.scheduler.nextEligibleAt(now);
    if (at !== null) this.timer = setTimeout(() => {
      this.timer = null;
      this.pump();
    }, at - now);
  }
}
