/**
 * A track's label (core/tracker.ts): score-weighted votes per class that decay a match, with
 * hysteresis, so a detector that changes its mind about an object's class from frame to frame (a dog
 * called a horse, then a cow) does not make its label flicker. Pure.
 */
import type { Detection } from '../types.js';

/** A track's label votes keep this share a match: the label follows about the last ten matches. */
const LABEL_DECAY = 0.9;
/** Another class takes over a track's label when its votes are this many times the label's own (hysteresis: no flicker between two). */
const LABEL_SWITCH = 1.5;

/** Adds a match's vote for its class (older votes decay); returns the track's label: the top class once it has LABEL_SWITCH times `current`'s votes. */
export function vote(votes: Map<string, number>, d: Detection, current: string): string {
  for (const [label, v] of votes) votes.set(label, v * LABEL_DECAY);
  votes.set(d.label, (votes.get(d.label) ?? 0) + d.score);
  let top = current;
  for (const [label, v] of votes) if (v > (votes.get(top) ?? 0)) top = label;
  return (votes.get(top) ?? 0) > LABEL_SWITCH * (votes.get(current) ?? 0) ? top : current;
}
