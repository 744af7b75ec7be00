/**
 * The master's own quality marks. When a station's session is not ready, every point of
 * it that has a value is marked COMM_LOST (IEC 104: NT and COMM_LOST) in one pass over the
 * point database; while a station is ready, a point not updated for the station's
 * `staleAfterMs` is marked STALE (IEC 104: NT and STALE). A mark stays until the device
 * reports the point again (the integrity poll or general interrogation after a reconnect
 * does), because a report replaces the point's quality. Marked points go to the renderer
 * in the station's next coalesced batch, and each gets an invalid trend sample (a gap),
 * also in the persistent history.
 */
import { commLostQuality, isCommLost, staleQuality } from '../../../src-shared/quality';
import type { Protocol } from '../../../src-shared/session';
import type { StationRuntime } from '../stations/station-runtime';
import type { UpdateDeps } from './update-pipeline';

/** What marking touches: the points, their trends and history, alarms and the fan-out. */
export type MarkDeps = Pick<UpdateDeps, 'points' | 'trends' | 'alarms' | 'fanout' | 'history'>;

/**
 * Marks a station's points COMM_LOST; with `raiseAlarms` (the link was lost, not closed on
 * purpose) also raises the COMM_LOST alarm of each point with `qualityAlarm`. Returns how
 * many points were newly marked.
 */
export function markCommLost(deps: MarkDeps, station: string, protocol: Protocol, raiseAlarms: boolean, now = Date.now()): number {
  const marked = deps.points.markQuality(station, (quality) => commLostQuality(protocol, quality));
  publishMarks(deps, station, marked, now);
  if (raiseAlarms) raiseCommLostAlarms(deps, station);
  return marked.length;
}

/** Marks STALE the points of a station last received more than `staleAfterMs` before `now`. */
export function markStale(deps: MarkDeps, station: string, protocol: Protocol, staleAfterMs: number, now = Date.now()): number {
  const marked = deps.points.markQuality(station, (quality) => staleQuality(protocol, quality), now - staleAfterMs);
  publishMarks(deps, station, marked, now);
  return marked.length;
}

/** Marks stale points of every ready station that has a stale time (the engine calls it every second). */
export function checkStale(deps: MarkDeps, stations: readonly StationRuntime[], now = Date.now()): void {
  for (const station of stations) {
    const staleAfterMs = station.config.staleAfterMs;
    if (staleAfterMs > 0 && station.state === 'ready') markStale(deps, station.id, station.config.protocol, staleAfterMs, now);
  }
}

function publishMarks(deps: MarkDeps, station: string, marked: readonly number[], now: number): void {
  for (const index of marked) {
    const value = deps.points.engineering(index);
    if (Number.isNaN(value)) continue;
    deps.trends.append(index, now, value, true);
    deps.history?.record(index, now, value, true);
  }
  deps.fanout.markMany(station, marked);
}

function raiseCommLostAlarms(deps: MarkDeps, station: string): void {
  for (const config of deps.points.configsOf(station)) {
    if (!config.qualityAlarm) continue;
    const index = deps.points.find(station, config.address);
    if (index < 0 || !isCommLost(deps.points.get(index).quality)) continue;
    deps.alarms.evaluatePoint(station, config.address, config, null, true, true, config.name);
  }
}
