/**
 * The alarm list: analog limits (HH/H/L/LL with deadband), digital state alarms, quality
 * alarms (invalid, communication lost) and station-disconnected alarms. An alarm is raised
 * when its condition starts, cleared when it ends, and stays in the list until it is both
 * cleared and acknowledged. Every transition is reported to the sink (event log, clients).
 *
 * Shelving (ISA-18.2): an operator takes an alarm out of the active list for a while, with
 * a reason. A shelved alarm stays listed (as shelved) however its condition changes, is not
 * counted as unacknowledged, and returns when its shelf expires or is lifted by hand; if
 * its condition is still present it then comes back unacknowledged, so it is seen again.
 */
import type { PointConfig } from '../../../src-shared/workspace/point-config';
import { limitLevel, limitPriority, stateAlarmFor, type AlarmKind, type LimitLevel } from './alarm-rules';
import { valueText } from '../points/value-text';

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
  /** Set while the alarm is shelved. */
  shelf: Shelf | null;
}

/** Who shelved an alarm, why, and until when. */
export interface Shelf {
  by: string;
  reason: string;
  at: number;
  until: number;
}

/** A transition of an alarm. */
export type AlarmTransition = 'raised' | 'cleared' | 'acknowledged' | 'removed' | 'shelved' | 'unshelved';

/**
 * Receives every alarm transition; `by` is the user who acknowledged, shelved or unshelved
 * it (null for an expired shelf and for changes of the condition).
 */
export type AlarmSink = (alarm: Alarm, transition: AlarmTransition, by: string | null) => void;

/** Why a shelve or unshelve call was refused. */
export type ShelveError = { code: 'NOT_FOUND'; message: string } | { code: 'NOT_SHELVED'; message: string };

/** The alarm list and the per-point alarm state. */
export class AlarmService {
  private readonly alarms = new Map<string, Alarm>();
  private readonly levels = new Map<string, LimitLevel>();
  /** Ids of the shelved alarms, and the earliest expiry among them. */
  private readonly shelvedIds = new Set<string>();
  private nextExpiry = Infinity;

  constructor(
    private readonly sink: AlarmSink,
    private readonly now: () => number = Date.now,
  ) {}

  /** Every alarm in the list, most urgent and newest first. */
  list(): Alarm[] {
    return [...this.alarms.values()].sort((a, b) => a.priority - b.priority || b.raisedAt - a.raisedAt);
  }

  /** Count of unacknowledged alarms that are not shelved. */
  unacknowledged(): number {
    let count = 0;
    for (const alarm of this.alarms.values()) if (!alarm.acknowledged && !alarm.shelf) count++;
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
        this.condition(`${base}#${level}`, true, () => ({ station, address, kind: level, priority: limitPriority(level, alarms), message: `${label} ${level}: ${valueText(value)}${unit} (limit ${limit}${unit})`, value }));
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
      this.shelvedIds.delete(id);
      this.sink(alarm, 'removed', null);
    }
    for (const key of this.levels.keys()) if (key.startsWith(`${station}/`)) this.levels.delete(key);
  }

  /** Acknowledges the alarms `select` picks; returns how many were acknowledged. */
  acknowledge(user: string, select: (alarm: Alarm) => boolean): number {
    let count = 0;
    const at = this.now();
    for (const alarm of this.alarms.values()) {
      if (alarm.acknowledged || !select(alarm)) continue;
      alarm.acknowledged = true;
      alarm.ackBy = user;
      alarm.ackAt = at;
      count++;
      this.sink({ ...alarm }, 'acknowledged', user);
      this.removeIfDone(alarm);
    }
    return count;
  }

  /**
   * Shelves an alarm for `durationMs` with a reason (shelving a shelved alarm replaces its
   * shelf); the shelved alarm, or NOT_FOUND.
   */
  shelve(user: string, id: string, reason: string, durationMs: number): { ok: true; alarm: Alarm } | { ok: false; error: ShelveError } {
    const alarm = this.alarms.get(id);
    if (!alarm) return { ok: false, error: { code: 'NOT_FOUND', message: `no alarm ${id} in the list` } };
    const at = this.now();
    alarm.shelf = { by: user, reason, at, until: at + durationMs };
    this.shelvedIds.add(id);
    this.nextExpiry = Math.min(this.nextExpiry, alarm.shelf.until);
    this.sink({ ...alarm }, 'shelved', user);
    return { ok: true, alarm: { ...alarm } };
  }

  /** Lifts an alarm's shelf by hand; NOT_SHELVED when it has none. */
  unshelve(user: string, id: string): { ok: true } | { ok: false; error: ShelveError } {
    const alarm = this.alarms.get(id);
    if (!alarm?.shelf) return { ok: false, error: { code: 'NOT_SHELVED', message: `alarm ${id} is not shelved` } };
    this.lift(alarm, user);
    return { ok: true };
  }

  /** Lifts every shelf whose time is up; the engine calls it often (cheap when none is due). */
  expireShelves(): void {
    const now = this.now();
    if (now < this.nextExpiry) return;
    this.nextExpiry = Infinity;
    for (const id of [...this.shelvedIds]) {
      const alarm = this.alarms.get(id)!;
      if (alarm.shelf!.until <= now) this.lift(alarm, null);
      else this.nextExpiry = Math.min(this.nextExpiry, alarm.shelf!.until);
    }
  }

  /** Ends a shelf: an alarm still present comes back unacknowledged; a cleared, acknowledged one goes. */
  private lift(alarm: Alarm, user: string | null): void {
    alarm.shelf = null;
    this.shelvedIds.delete(alarm.id);
    if (alarm.active) {
      alarm.acknowledged = false;
      alarm.ackBy = null;
      alarm.ackAt = null;
    }
    this.sink({ ...alarm }, 'unshelved', user);
    this.removeIfDone(alarm);
  }

  /** Removes an alarm that is cleared, acknowledged and not shelved. */
  private removeIfDone(alarm: Alarm): void {
    if (alarm.active || !alarm.acknowledged || alarm.shelf) return;
    this.alarms.delete(alarm.id);
    this.sink({ ...alarm }, 'removed', null);
  }

  private condition(id: string, active: boolean, describe: () => Omit<Alarm, 'id' | 'raisedAt' | 'clearedAt' | 'active' | 'acknowledged' | 'ackBy' | 'ackAt' | 'shelf'> | null): void {
    const existing = this.alarms.get(id);
    if (active) {
      if (existing?.active) return;
      const details = describe();
      if (!details) return;
      // A shelved alarm whose condition returns stays shelved.
      const alarm: Alarm = { id, ...details, raisedAt: this.now(), clearedAt: null, active: true, acknowledged: false, ackBy: null, ackAt: null, shelf: existing?.shelf ?? null };
      this.alarms.set(id, alarm);
      this.sink({ ...alarm }, 'raised', null);
      return;
    }
    if (!existing?.active) return;
    existing.active = false;
    existing.clearedAt = this.now();
    this.sink({ ...existing }, 'cleared', null);
    this.removeIfDone(existing);
  }
}
