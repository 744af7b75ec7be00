/**
 * Suppresses redelivered events. A device reports its events again when it did not get
 * our acknowledgement (a CONFIRM lost with the link, or withheld because the commit was
 * late; IEC 104 frames left unacknowledged). An event with device time that equals, in
 * point, value, quality flags and device time, one the station reported recently is that
 * same event again: a device reports a change, and the same value at the same millisecond
 * is none. Events without device time cannot be told apart and pass (IEC 104 marks the
 * suspicious ones `possibleRepeat`). At start the filter is seeded from the event log, as a
 * crash between a commit and its CONFIRM makes the device report those events again.
 */
import type { PointUpdate } from '../../../src-shared/session';
import type { EventLog } from '../event-log/event-log';
import type { StoredEvent } from '../event-log/event-types';

/** Events remembered per station: more than a 64 KiB DNP3 fragment or an IEC 104 k window can carry. */
const SOE_REPEAT_WINDOW = 8192;
/** Stored events read back per station at start (a crash can leave at most one response stored and unconfirmed). */
const SEED_ROWS = 2048;

function keyOf(address: string, value: unknown, quality: readonly string[], deviceTime: number): string {
  return `${address}|${String(value)}|${quality.join(',')}|${deviceTime}`;
}

/** The recent device-timed events of each station. */
export class SoeRepeatFilter {
  private readonly seen = new Map<string, Set<string>>();

  constructor(private readonly window = SOE_REPEAT_WINDOW) {}

  /** True when the update (of the point at `address`) repeats a recent event of the station; otherwise it is remembered. */
  isRepeat(station: string, address: string, update: PointUpdate): boolean {
    if (!update.isEvent || update.deviceTime === null) return false;
    return this.remember(station, keyOf(address, update.value, update.quality, update.deviceTime));
  }

  /** Remembers stored SOE rows of a station (oldest first), so a redelivery after a restart is known too. */
  seed(station: string, rows: readonly StoredEvent[]): void {
    for (const row of rows) {
      const data = row.data as { raw?: unknown; quality?: unknown } | null;
      if (row.point === null || row.deviceTime === null || !Array.isArray(data?.quality)) continue;
      this.remember(station, keyOf(row.point, data.raw, data.quality as string[], row.deviceTime));
    }
  }

  /** Forgets a removed station. */
  dropStation(station: string): void {
    this.seen.delete(station);
  }

  /** Adds a key; true when it was there already. */
  private remember(station: string, key: string): boolean {
    let keys = this.seen.get(station);
    if (!keys) this.seen.set(station, (keys = new Set()));
    if (keys.has(key)) return true;
    keys.add(key);
    if (keys.size > this.window) keys.delete(keys.values().next().value as string);
    return false;
  }
}

/** Seeds the filter with the newest stored SOE rows of each station. */
export async function seedRepeatFilter(filter: SoeRepeatFilter, log: EventLog, stations: readonly string[]): Promise<void> {
  for (const station of stations) {
    const rows = await log.rows({ kinds: ['soe'], station, limit: SEED_ROWS, order: 'desc' });
    filter.seed(station, rows.reverse());
  }
}
