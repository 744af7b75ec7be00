/**
 * What happens to every reported value: stored in the point database, appended to the
 * point's trend buffer and the persistent history, evaluated for alarms, marked for the next batch, and logged as
 * SOE when the device reported it as an event that passes the event deadband.
 */
import type { Protocol, PointUpdate } from '../../../src-shared/session';
import type { AlarmService } from '../alarms/alarm-service';
import type { LogEvent } from '../event-log/event-types';
import type { EventDeadbandFilter } from './event-deadband';
import type { PointFanout } from './fanout';
import { isCommLost, isInvalidQuality } from '../../../src-shared/quality';
import { updateAddress } from '../points/point-address';
import type { PointDatabase } from '../points/point-database';
import { stateLabel } from './point-view';
import type { TrendStore } from '../points/trend-store';
import type { HistoryRecorder } from '../history/history-recorder';
import type { SoeRepeatFilter } from './soe-repeats';
import { valueText } from '../points/value-text';

/** The parts an update goes through. */
export interface UpdateDeps {
  points: PointDatabase;
  trends: TrendStore;
  /** The persistent history; absent in the benchmark's bare pipeline and when not opened. */
  history?: HistoryRecorder;
  alarms: AlarmService;
  fanout: PointFanout;
  /** Logs an SOE event; absent in the benchmark's bare pipeline. */
  log?: (event: LogEvent) => void;
  /** Which events are logged (see event-deadband.ts); absent: every event. */
  eventDeadband?: EventDeadbandFilter;
  /** Drops exact repeats of device-timed events (redeliveries); absent: every update applies. */
  repeats?: SoeRepeatFilter;
}

/** Applies a batch of updates from one station. */
export function applyUpdates(deps: UpdateDeps, station: string, protocol: Protocol, updates: readonly PointUpdate[], now = Date.now()): void {
  for (const update of updates) {
    const address = updateAddress(update);
    if (deps.repeats?.isRepeat(station, address, update)) continue;
    const { index } = deps.points.apply(station, address, update, now);
    const invalid = isInvalidQuality(protocol, update.quality);
    const value = deps.points.engineering(index);
    if (!Number.isNaN(value)) {
      deps.trends.append(index, now, value, invalid);
      deps.history?.record(index, now, value, invalid);
    }
    deps.fanout.mark(station, index);
    const config = deps.points.config(station, address);
    if (config) deps.alarms.evaluatePoint(station, address, config, Number.isNaN(value) ? null : value, invalid, isCommLost(update.quality), config.name);
    if (update.isEvent && deps.log && (deps.eventDeadband?.admit(index, update, value, config) ?? true)) {
      const record = deps.points.get(index);
      const reported = record.value ?? record.raw;
      const shown = stateLabel(record) ?? (typeof reported === 'number' ? valueText(reported) : String(reported));
      const unit = config?.unit ? ` ${config.unit}` : '';
      deps.log({
        time: now,
        deviceTime: update.deviceTime,
        kind: 'soe',
        station,
        point: address,
        message: `${config?.name || address} = ${String(shown)}${unit}${update.quality.length ? ` [${update.quality.join(' ')}]` : ''}`,
        data: { type: update.type, raw: update.value, quality: update.quality, ...(update.cause ? { cause: update.cause } : {}), ...(update.possibleRepeat ? { possibleRepeat: true } : {}) },
      });
    }
  }
}
