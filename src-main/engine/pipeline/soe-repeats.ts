/**
 * Suppresses redelivered events. A device reports its events again when it did not get
 * our acknowledgement (a CONFIRM lost with the link, or withheld because the commit was
 * late; IEC 104 frames left unacknowledged). An event with device time that equals, in
 * point, value, quality flags and device time, one the station reported recently is that
 * same event again: a device reports a change, and the same value at the same millisecond
 * is none. Events without device time cannot be told apart and pass (IEC 104 marks the
 * suspicious ones `possibleRepeat`).
 */
import type { PointUpdate } from '../../../src-shared/session';

/** Events remembered per station: more than a 64 KiB DNP3 fragment or an IEC 104 k window can carry. */
export const SOE_REPEAT_WINDOW = 8192;

/** The recent device-timed events of each station. */
export class SoeRepeatFilter {
  private readonly seen = new Map<string, Set<string>>();

  constructor(private readonly window = SOE_REPEAT_WINDOW) {}

  /** True when the update repeats a recent event of the station; otherwise it is remembered. */
  isRepeat(station: string, update: PointUpdate): boolean {
    if (!update.isEvent || update.deviceTime === null) return false;
    const key = `${update.commonAddress ?? ''}|${update.ref}|${String(update.value)}|${update.quality.join(',')}|${update.deviceTime}`;
    let keys = this.seen.get(station);
    if (!keys) this.seen.set(station, (keys = new Set()));
    if (keys.has(key)) return true;
    keys.add(key);
    if (keys.size > this.window) keys.delete(keys.values().next().value as string);
    return false;
  }

  /** Forgets a removed station. */
  dropStation(station: string): void {
    this.seen.delete(station);
  }
}
