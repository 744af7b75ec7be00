/**
 * Pure alarm rules: which analog limit level a value is in (with deadband hysteresis),
 * and which conditions of a point are abnormal.
 */
import type { PointConfig } from '../../../src-shared/workspace/point-config';

/** Analog limit level. */
export type LimitLevel = 'HH' | 'H' | 'L' | 'LL' | null;

/** Kinds of alarm the engine raises. */
export type AlarmKind = 'HH' | 'H' | 'L' | 'LL' | 'STATE' | 'INVALID' | 'COMM_LOST' | 'DISCONNECTED';

/**
 * The limit level of `value` given the previous level. A level is entered when the value
 * reaches its limit and left only when the value is back by more than the deadband.
 */
export function limitLevel(value: number, previous: LimitLevel, alarms: NonNullable<PointConfig['alarms']>): LimitLevel {
  const db = alarms.deadband;
  const { hh, h, l, ll } = alarms;
  if (hh !== undefined && (value >= hh || (previous === 'HH' && value > hh - db))) return 'HH';
  if (h !== undefined && (value >= h || ((previous === 'HH' || previous === 'H') && value > h - db))) return 'H';
  if (ll !== undefined && (value <= ll || (previous === 'LL' && value < ll + db))) return 'LL';
  if (l !== undefined && (value <= l || ((previous === 'LL' || previous === 'L') && value < l + db))) return 'L';
  return null;
}

/** The priority of a limit level (HH/LL one step more urgent than H/L). */
export function limitPriority(level: Exclude<LimitLevel, null>, alarms: NonNullable<PointConfig['alarms']>): number {
  return level === 'HH' || level === 'LL' ? Math.max(1, alarms.priority - 1) : alarms.priority;
}

/** The matching state alarm of a digital value, if any. */
export function stateAlarmFor(value: number, config: PointConfig): { state: number; priority: number } | undefined {
  return config.stateAlarms.find((alarm) => alarm.state === value);
}
