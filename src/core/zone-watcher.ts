/**
 * Zone and line events from tracks: a confirmed track's anchor point entering or leaving a zone,
 * staying in one for `dwellMs` (once per visit), crossing a line (with a direction); and the
 * counts (who is in each zone now, how many crossed each line each way, by class). Hysteresis:
 * a point must be `MARGIN` inside (or outside) a zone, or past a line, before its state changes,
 * so an object standing on a border does not fire a storm of events. Pure: media times passed in.
 */
import { anchorOf, lineSide, polygonDepth, type Anchor, type Point } from './zones.js';
import type { Track } from './tracker.js';
import type { ZoneCounts } from '../event-types.js';

export type { ZoneCounts } from '../event-types.js';

/** A named polygon, normalised coordinates; `classes`: only these count (default all). */
export interface ZoneDef {
  name: string;
  points: Point[];
  classes?: string[] | undefined;
}

/** A named segment, normalised coordinates; `in` is crossing to the right of the arrow from→to, as seen on screen. */
export interface LineDef {
  name: string;
  from: Point;
  to: Point;
  classes?: string[] | undefined;
}

export interface ZoneWatcherOptions {
  zones: readonly ZoneDef[];
  lines: readonly LineDef[];
  anchor: Anchor;
  dwellMs: number;
}

/** How far (normalised, 1% of the frame) a point must be past a border for its state to change. */
export const MARGIN = 0.01;

export type ZoneChange =
  | { type: 'zone-enter' | 'zone-leave' | 'dwell'; zone: string; track: Track }
  | { type: 'line-cross'; line: string; direction: 'in' | 'out'; track: Track };

interface Visit {
  since: number;
  dwelt: boolean;
}

interface TrackState {
  track: Track;
  /** Zone name → the visit in progress. */
  visits: Map<string, Visit>;
  /** Line name → the side the anchor was last definitely on (+1 right, -1 left). */
  sides: Map<string, number>;
}

const counts = (): Map<string, Map<string, number>> => new Map();
const bump = (m: Map<string, Map<string, number>>, key: string, label: string): void => {
  const inner = m.get(key) ?? new Map<string, number>();
  inner.set(label, (inner.get(label) ?? 0) + 1);
  m.set(key, inner);
};

export class ZoneWatcher {
  private readonly states = new Map<number, TrackState>();
  private crossedIn = counts();
  private crossedOut = counts();

  constructor(private options: ZoneWatcherOptions) {}

  /** New zones and lines: visits and sides of ones that no longer exist are forgotten (without events). */
  apply(options: ZoneWatcherOptions): void {
    this.options = options;
    const zones = new Set(options.zones.map((z) => z.name));
    const lines = new Set(options.lines.map((l) => l.name));
    for (const s of this.states.values()) {
      for (const name of [...s.visits.keys()]) if (!zones.has(name)) s.visits.delete(name);
      for (const name of [...s.sides.keys()]) if (!lines.has(name)) s.sides.delete(name);
    }
  }

  /** The confirmed tracks matched in a result of a `width` x `height` frame at media time `at`: what they did. */
  update(tracks: readonly Track[], at: number, width: number, height: number): ZoneChange[] {
    const changes: ZoneChange[] = [];
    if (this.options.zones.length === 0 && this.options.lines.length === 0) return changes;
    for (const track of tracks) {
      let s = this.states.get(track.id);
      if (!s) this.states.set(track.id, (s = { track, visits: new Map(), sides: new Map() }));
      s.track = track;
      const p = anchorOf(track.bbox, width, height, this.options.anchor);
      for (const zone of this.options.zones) if (counted(zone, track)) this.zone(s, zone, p, at, changes);
      for (const line of this.options.lines) if (counted(line, track)) this.line(s, line, p, changes);
    }
    return changes;
  }

  /** Tracks that ended: they leave every zone they were in. */
  ended(tracks: readonly Track[]): ZoneChange[] {
    const changes: ZoneChange[] = [];
    for (const track of tracks) {
      const s = this.states.get(track.id);
      if (!s) continue;
      this.states.delete(track.id);
      for (const zone of s.visits.keys()) changes.push({ type: 'zone-leave', zone, track });
    }
    return changes;
  }

  private zone(s: TrackState, zone: ZoneDef, p: Point, at: number, changes: ZoneChange[]): void {
    const depth = polygonDepth(p, zone.points);
    const visit = s.visits.get(zone.name);
    if (!visit && depth >= MARGIN) {
      s.visits.set(zone.name, { since: at, dwelt: false });
      changes.push({ type: 'zone-enter', zone: zone.name, track: s.track });
    } else if (visit && depth <= -MARGIN) {
      s.visits.delete(zone.name);
      changes.push({ type: 'zone-leave', zone: zone.name, track: s.track });
    } else if (visit && !visit.dwelt && at - visit.since >= this.options.dwellMs) {
      visit.dwelt = true;
      changes.push({ type: 'dwell', zone: zone.name, track: s.track });
    }
  }

  private line(s: TrackState, line: LineDef, p: Point, changes: ZoneChange[]): void {
    const { distance, within } = lineSide(p, line.from, line.to);
    if (Math.abs(distance) < MARGIN) return;
    const side = Math.sign(distance);
    const before = s.sides.get(line.name);
    s.sides.set(line.name, side);
    // A crossing counts where it passes the segment, not the line beyond its ends.
    if (before === undefined || before === side || !within) return;
    const direction = side > 0 ? 'in' : 'out';
    bump(direction === 'in' ? this.crossedIn : this.crossedOut, line.name, s.track.label);
    changes.push({ type: 'line-cross', line: line.name, direction, track: s.track });
  }

  /** Who is in each zone now and the crossings counted, by class. */
  counts(): ZoneCounts {
    const out: ZoneCounts = { zones: {}, lines: {} };
    for (const zone of this.options.zones) {
      const byClass: Record<string, number> = {};
      for (const s of this.states.values()) if (s.visits.has(zone.name)) byClass[s.track.label] = (byClass[s.track.label] ?? 0) + 1;
      out.zones[zone.name] = { inside: Object.values(byClass).reduce((a, b) => a + b, 0), byClass };
    }
    for (const line of this.options.lines) {
      const ins = this.crossedIn.get(line.name) ?? new Map<string, number>();
      const outs = this.crossedOut.get(line.name) ?? new Map<string, number>();
      const byClass: Record<string, { in: number; out: number }> = {};
      for (const label of new Set([...ins.keys(), ...outs.keys()])) byClass[label] = { in: ins.get(label) ?? 0, out: outs.get(label) ?? 0 };
      const total = (m: Map<string, number>): number => [...m.values()].reduce((a, b) => a + b, 0);
      out.lines[line.name] = { in: total(ins), out: total(outs), byClass };
    }
    return out;
  }

  /** Line counts back to zero (who is in a zone now stays: it is not a count of the past). */
  resetCounts(): void {
    this.crossedIn = counts();
    this.crossedOut = counts();
  }
}

function counted(def: { classes?: string[] | undefined }, track: Track): boolean {
  return !def.classes || def.classes.length === 0 || def.classes.includes(track.label);
}
