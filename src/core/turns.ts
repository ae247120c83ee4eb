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
  /**
   * Tiles with the same key run the same model, so their turns cost the same: they are charged
   * from one record of turn costs. Without one, a tile is charged from its own turns.
   */
  costKey?: string;
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

/** How many turns (of a model, of the page) a usual cost is the median of. */
const COSTS_KEPT = 16;

/** Adds `value` to `values`, keeping the last 16. */
function keepLast(values: number[], value: number): number[] {
  values.push(value);
  if (values.length > COSTS_KEPT) values.shift();
  return values;
}

/** The lower median (of an even count, the smaller middle value: a lone slow turn of two is not it). */
function median(values: readonly number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[(sorted.length - 1) >> 1]!;
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
  private turnsDone = 0;
  /** The last measured turn costs (ms, any tile's), for `capLeads`. */
  private readonly recentCosts: number[] = [];
  /** The last measured turn costs (ms) by cost key (a tile without one: by its id). */
  private readonly costsByKey = new Map<string, number[]>();

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
    // A model's record stays (a few numbers per model): its next tile starts from what it costs.
    this.costsByKey.delete(`#${id}`);
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
   * charged its model's usual turn (the median of the last 16 turn costs of the tiles with its
   * cost key), not this turn's time: on a shared machine one turn's time is mostly the machine's
   * (a garbage-collection pause, another process), and a turn charged for that would hold its
   * tile back for rounds, while a tile whose model is really heavier is still charged more. The
   * first turn here (the model's first run, which sets it up) is neither charged nor a measure.
   */
  done(id: number, costMs: number): void {
    const tile = this.tiles.get(id);
    if (!tile?.running) return;
    tile.running = false;
    this.inFlight--;
    const cost = Math.max(0, costMs);
    if (cost === 0) return;
    if (this.turnsDone++ === 0) return;
    const key = tile.view.costKey ?? `#${id}`;
    const costs = this.costsByKey.get(key) ?? [];
    this.costsByKey.set(key, keepLast(costs, cost));
    tile.clock += median(costs) / tileWeight(tile.view);
    this.capLeads(cost);
  }

  /**
   * No tile's clock runs more than two median turns (of the last 16, any tile's) ahead of the
   * virtual time. A tile's first measured turn is all its median has: taken while the machine was
   * busy elsewhere, it would be charged in full. This takes it back as soon as faster turns show
   * what a turn costs, so that tile waits two rounds at most, not many.
   */
  private capLeads(cost: number): void {
    keepLast(this.recentCosts, cost);
    const usual = median(this.recentCosts);
    for (const t of this.tiles.values()) t.clock = Math.min(t.clock, this.virtualNow + (2 * usual) / tileWeight(t.view));
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
