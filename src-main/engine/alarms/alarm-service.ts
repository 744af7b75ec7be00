/**
 * The alarm list: analog limits (HH/H/L/LL with deadband), digital state alarms, quality
 * alarms (invalid, communication lost) and station-disconnected alarms. An alarm is raised
 * when its condition starts, cleared when it ends, and stays in the list until it is both
 * cleared and acknowledged. Every transition is reported to the sink (event log, clients).
 */
import type { PointConfig } from '../../../src-shared/workspace/point-config';
import { limitLevel, limitPriority, stateAlarmFor, type AlarmKind, type LimitLevel } from './alarm-rules';

/** One alarm as listed. */
export interface Alarm {
  /** `<station>/<address>#<kind>` or `<station>#DISCONNECTED`. */
  id: string;
  station: string;
  address: string | null;
  kind: AlarmKind;
  /** 1 = most urgent. */
  priority: number;
  message: string;
  /** Engineering value when raised (analog/state), else null. */
  value: number | null;
  raisedAt: number;
  clearedAt: number | null;
  active: boolean;
  acknowledged: boolean;
  ackBy: string | null;
  ackAt: number | null;
}

/** A transition of an alarm. */
export type AlarmTransition = 'raised' | 'cleared' | 'acknowledged' | 'removed';

/** Receives every alarm transition. */
export type AlarmSink = (alarm: Alarm, transition: AlarmTransition) => void;

/** The alarm list and the per-point alarm state. */
export class AlarmService {
  private readonly alarms = new Map<string, Alarm>();
  private readonly levels = new Map<string, LimitLevel>();

  constructor(
    private readonly sink: AlarmSink,
    private readonly now: () => number = Date.now,
  ) {}

  /** Every alarm in the list, most urgent and newest first. */
  list(): Alarm[] {
    return [...this.alarms.values()].sort((a, b) => a.priority - b.priority || b.raisedAt - a.raisedAt);
  }

  /** Count of unacknowledged alarms. */
  unacknowledged(): number {
    let count = 0;
    for (const alarm of this.alarms.values()) if (!alarm.acknowledged) count++;
    return count;
  }

  /**
   * Evaluates a point's alarms after an update: `value` is its engineering value (null
   * for text), `invalid`/`commLost` from its quality words.
   */
  evaluatePoint(station: string, address: string, config: PointConfig, value: number | null, invalid: boolean, commLost: boolean, name: string): void {
    const base = `${station}/${address}`;
    const label = name || address;
    this.condition(`${base}#COMM_LOST`, commLost && config.qualityAlarm, () => ({ station, address, kind: 'COMM_LOST', priority: 2, message: `${label}: communication lost`, value: null }));
    this.condition(`${base}#INVALID`, invalid && !commLost && config.qualityAlarm, () => ({ station, address, kind: 'INVALID', priority: 3, message: `${label}: invalid quality`, value: null }));
    if (value === null || invalid) return;
    if (config.alarms) {
      const previous = this.levels.get(base) ?? null;
      const level = limitLevel(value, previous, config.alarms);
      if (level !== previous) {
        if (previous) this.condition(`${base}#${previous}`, false, () => null);
        this.levels.set(base, level);
      }
      if (level) {
        const alarms = config.alarms;
        const limit = { HH: alarms.hh, H: alarms.h, L: alarms.l, LL: alarms.ll }[level];
        const unit = config.unit ? ` ${config.unit}` : '';
        this.condition(`${base}#${level}`, true, () => ({ station, address, kind: level, priority: limitPriority(level, alarms), message: `${label} ${level}: ${value}${unit} (limit ${limit}${unit})`, value }));
      }
    }
    if (config.stateAlarms.length) {
      const match = stateAlarmFor(value, config);
      for (const rule of config.stateAlarms) {
        const text = config.stateLabels[String(rule.state)] ?? String(rule.state);
        this.condition(`${base}#STATE:${rule.state}`, match === rule, () => ({ station, address, kind: 'STATE', priority: rule.priority, message: `${label}: ${text}`, value }));
      }
    }
  }

  /** Raises or clears the station-disconnected alarm. */
  stationConnection(station: string, name: string, disconnected: boolean, reason: string): void {
    this.condition(`${station}#DISCONNECTED`, disconnected, () => ({ station, address: null, kind: 'DISCONNECTED', priority: 1, message: `${name}: disconnected${reason ? ` (${reason})` : ''}`, value: null }));
  }

  /** Removes every alarm of a station (station deleted or disabled). */
  dropStation(station: string): void {
    for (const [id, alarm] of this.alarms) {
      if (alarm.station !== station) continue;
      this.alarms.delete(id);
      this.sink(alarm, 'removed');
    }
    for (const key of this.levels.keys()) if (key.startsWith(`${station}/`)) this.levels.delete(key);
  }

  /** Acknowledges the alarms `select` picks; returns how many were acknowledged. */
  acknowledge(user: string, select: (alarm: Alarm) => boolean): number {
    let count = 0;
    const at = this.now();
    for (const [id, alarm] of this.alarms) {
      if (alarm.acknowledged || !select(alarm)) continue;
      alarm.acknowledged = true;
      alarm.ackBy = user;
      alarm.ackAt = at;
      count++;
      this.sink({ ...alarm }, 'acknowledged');
      if (!alarm.active) {
        this.alarms.delete(id);
        this.sink({ ...alarm }, 'removed');
      }
    }
    return count;
  }

  private condition(id: string, active: boolean, describe: () => Omit<Alarm, 'id' | 'raisedAt' | 'clearedAt' | 'active' | 'acknowledged' | 'ackBy' | 'ackAt'> | null): void {
    const existing = this.alarms.get(id);
    if (active) {
      if (existing?.active) return;
      const details = describe();
      if (!details) return;
      const alarm: Alarm = { id, ...details, raisedAt: this.now(), clearedAt: null, active: true, acknowledged: false, ackBy: null, ackAt: null };
      this.alarms.set(id, alarm);
      this.sink({ ...alarm }, 'raised');
      return;
    }
    if (!existing?.active) return;
    existing.active = false;
    existing.clearedAt = this.now();
    this.sink({ ...existing }, 'cleared');
    if (existing.acknowledged) {
      this.alarms.delete(id);
      this.sink({ ...existing }, 'removed');
    }
  }
}
