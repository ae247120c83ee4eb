/**
 * Whose frame goes to inference next, among the overlays of one page that share the machine (one
 * model in the worker or on the page computes one frame at a time). Pure: the time is passed in.
 *
 * - Start-time fair queueing: each tile has a virtual clock that a finished inference advances by
 *   its cost divided by the tile's weight; the waiting tile with the earliest clock goes next. So
 *   busy tiles share the inference time in proportion to their weights, and a tile that was idle
 *   (still picture, off screen) rejoins at the current virtual time: no burst, no starvation.
 * - Weight: the app's `priority` times the tile's size on screen (the square root of its area
 *   against a 320x240 tile, between 0.5 and 2).
 * - A tile off screen is never chosen; a tile capped by its `maxFps` waits until its next slot,
 *   and its share goes to the others meanwhile.
 * - A turn is taken, not queued: the tile reads its frame when its turn comes.
 */

/** A tile as the scheduler sees it. */
export interface TileView {
  /** The app's `priority` (> 0; 1 by default). */
  priority: number;
  /** On screen (or not shown on the page at all: then it counts as on screen). */
  visible: boolean;
  /** The tile's area on screen, CSS pixels². */
  area: number;
  /** The tile's own cap, inferences per second; 0: none. */
  maxFps: number;
}

/** Why a tile is where it is: running its turn, waiting for one, held by its cap, off screen, or wanting none. */
export type TurnState = 'running' | 'waiting' | 'capped' | 'offscreen' | 'idle';

/** What `state()` says of a tile. */
export interface TileTurns {
  state: TurnState;
  /** Its weight: priority times size. */
  weight: number;
  /** Its share of the inference time among the tiles that want turns now (0 to 1; 0 when it wants none). */
  share: number;
  /** Turns it has had. */
  turns: number;
}

/** Area that weighs 1: a 320x240 tile. */
export const REFERENCE_AREA = 320 * 240;

interface Tile {
  view: TileView;
  /** Virtual time this tile's next turn starts at. */
  clock: number;
  waiting: boolean;
  running: boolean;
  /** When it asked (ties go to the one that waited longest). */
  askedAt: number;
  lastTurnAt: number;
  turns: number;
}

/** A tile's weight: `priority` times its size on screen (0.5 to 2). */
export function tileWeight(view: TileView): number {
  const size = Math.min(2, Math.max(0.5, Math.sqrt(Math.max(0, view.area) / REFERENCE_AREA)));
  return view.priority * size;
}

export class TurnScheduler {
  private readonly tiles = new Map<number, Tile>();
  /** The virtual time of the turn last started. */
  private virtualNow = 0;
  private inFlight = 0;
  /** What a turn usually costs here (a moving average of what was charged, ms); 0 before the first. */
  private typicalCost = 0;
  private turnsDone = 0;
  /** The last measured turn costs (ms), for `leadCap`. */
  private readonly recentCosts: number[] = [];

  /** `slots`: turns that may run at once (1: one model computes one frame at a time). */
  constructor(private readonly slots = 1) {}

  add(id: number, view: TileView): void {
    this.tiles.set(id, { view: { ...view }, clock: this.virtualNow, waiting: false, running: false, askedAt: 0, lastTurnAt: Number.NEGATIVE_INFINITY, turns: 0 });
  }

  update(id: number, view: Partial<TileView>): void {
    const tile = this.tiles.get(id);
    if (tile) tile.view = { ...tile.view, ...view };
  }

  /** A tile gone: its turn, if it held one, is free. */
  remove(id: number): void {
    const tile = this.tiles.get(id);
    if (tile?.running) this.inFlight--;
    this.tiles.delete(id);
  }

  /**
   * The tile has a frame that wants inference (it reads the frame when its turn comes). Asked
   * during its own turn, it asks for the next one: a busy tile asks before its turn ends, so it is
   * among the waiting when the scheduler chooses.
   */
  request(id: number, now: number): void {
    const tile = this.tiles.get(id);
    if (!tile || tile.waiting) return;
    tile.waiting = true;
    tile.askedAt = now;
    // Back from idle: its clock catches up, so time spent idle is not saved up for a burst.
    tile.clock = Math.max(tile.clock, this.virtualNow);
  }

  /** The tile no longer wants a turn. */
  withdraw(id: number): void {
    const tile = this.tiles.get(id);
    if (tile) tile.waiting = false;
  }

  /** Starts the turns that can start at `now`: the tiles chosen, each to read its frame now. */
  grant(now: number): number[] {
    const granted: number[] = [];
    while (this.inFlight < this.slots) {
      const id = this.pick(now);
      if (id === null) break;
      const tile = this.tiles.get(id)!;
      tile.waiting = false;
      tile.running = true;
      tile.lastTurnAt = now;
      tile.turns++;
      this.virtualNow = Math.max(this.virtualNow, tile.clock);
      this.inFlight++;
      granted.push(id);
    }
    return granted;
  }

  /**
   * The tile's turn ended; its inference took `costMs` (0 when it had no frame after all). A tile is
   * charged at most twice what a turn usually costs, and nothing for the first turn here (the
   * model's first run, which sets it up): a one-off slow turn (that, or a garbage-collection
   * pause) is the machine's, not a reason to hold that tile back for rounds.
   */
  done(id: number, costMs: number): void {
    const tile = this.tiles.get(id);
    if (!tile?.running) return;
    tile.running = false;
    this.inFlight--;
    const cost = Math.max(0, costMs);
    if (cost === 0) return;
    // The first turn here is the model's first run (its set-up): neither charged nor a measure.
    if (this.turnsDone++ === 0) return;
    const charged = this.typicalCost === 0 ? cost : Math.min(cost, 2 * this.typicalCost);
    this.typicalCost = this.typicalCost === 0 ? cost : 0.8 * this.typicalCost + 0.2 * charged;
    tile.clock += charged / tileWeight(tile.view);
    this.capLeads(cost);
  }

  /**
   * No tile's clock runs more than two median turns (of the last 16, any tile's) ahead of the
   * virtual time. Before there is a usual cost, the cap above cannot catch a slow turn (the
   * first one measured, taken while the machine was busy elsewhere): this takes it back as soon
   * as faster turns show what a turn costs, so that tile waits two rounds at most, not many.
   */
  private capLeads(cost: number): void {
    this.recentCosts.push(cost);
    if (this.recentCosts.length > 16) this.recentCosts.shift();
    const sorted = [...this.recentCosts].sort((a, b) => a - b);
    const median = sorted[sorted.length >> 1]!;
    for (const t of this.tiles.values()) t.clock = Math.min(t.clock, this.virtualNow + (2 * median) / tileWeight(t.view));
  }

  /** When a capped waiting tile may next have a turn (for a timer), or null when none is capped. */
  nextEligibleAt(now: number): number | null {
    let at: number | null = null;
    for (const tile of this.tiles.values()) {
      if (!tile.waiting || !tile.view.visible) continue;
      const due = this.dueAt(tile);
      if (due > now) at = at === null ? due : Math.min(at, due);
    }
    return at;
  }

  state(id: number, now: number): TileTurns {
    const tile = this.tiles.get(id);
    if (!tile) return { state: 'idle', weight: 0, share: 0, turns: 0 };
    const weight = tileWeight(tile.view);
    const wanting = (t: Tile): boolean => (t.waiting || t.running) && t.view.visible;
    let total = 0;
    for (const t of this.tiles.values()) if (wanting(t)) total += tileWeight(t.view);
    return { state: this.why(tile, now), weight, share: wanting(tile) && total > 0 ? weight / total : 0, turns: tile.turns };
  }

  private why(tile: Tile, now: number): TurnState {
    if (!tile.view.visible) return 'offscreen';
    if (tile.running) return 'running';
    if (!tile.waiting) return 'idle';
    return this.dueAt(tile) > now ? 'capped' : 'waiting';
  }

  private dueAt(tile: Tile): number {
    return tile.view.maxFps > 0 ? tile.lastTurnAt + 1000 / tile.view.maxFps : Number.NEGATIVE_INFINITY;
  }

  /** The waiting, visible, uncapped tile with the earliest clock (then the longest wait). */
  private pick(now: number): number | null {
    let best: number | null = null;
    let bestTile: Tile | null = null;
    for (const [id, tile] of this.tiles) {
      if (!tile.waiting || tile.running || !tile.view.visible || this.dueAt(tile) > now) continue;
      if (!bestTile || tile.clock < bestTile.clock || (tile.clock === bestTile.clock && tile.askedAt < bestTile.askedAt)) {
        best = id;
        bestTile = tile;
      }
    }
    return best;
  }
}
