/** Track, zone and line events as an overlay emits them: payloads from tracks and zone changes. */
import type { DetectOverlayEvents } from './event-types.js';
import { trackInfo, type Track } from './core/tracker.js';
import type { ZoneChange } from './core/zone-watcher.js';

type Emit = <K extends keyof DetectOverlayEvents>(name: K, payload: DetectOverlayEvents[K]) => void;

/** Emits a track event per track; `mediaAt`: the video time (ms) that decided it. */
export function emitTracks(emit: Emit, name: 'track-enter' | 'track-leave', tracks: readonly Track[], mediaAt: number): void {
  for (const t of tracks) emit(name, { track: trackInfo(t), videoTime: mediaAt / 1000 });
}

/** Emits zone and line events; `mediaAt`: the video time (ms) that decided them. */
export function emitZones(emit: Emit, changes: readonly ZoneChange[], mediaAt: number): void {
  for (const c of changes) {
    const base = { track: trackInfo(c.track), videoTime: mediaAt / 1000 };
    if (c.type === 'line-cross') emit('line-cross', { ...base, line: c.line, direction: c.direction });
    else emit(c.type, { ...base, zone: c.zone });
  }
}
