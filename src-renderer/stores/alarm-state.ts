/**
 * How an alarm's state reads, in words and shape as well as colour (ISA-101): the alarm
 * list's state column and the points table's alarm cell, which sums up a point's alarms.
 */
import type { CallResponse } from '../../src-shared/ipc/contract';
import { number } from '../util/format';

/** One alarm of the alarm list. */
export type Alarm = CallResponse<'alarms.list'>['alarms'][number];

/** The four states an alarm can be in (ISA-18.2), shelved apart. */
export type AlarmPhase = 'unack' | 'ack' | 'cleared-unack' | 'cleared' | 'shelved';

/** An alarm's state. */
export function alarmPhase(alarm: Pick<Alarm, 'active' | 'acknowledged' | 'shelf'>): AlarmPhase {
  if (alarm.shelf) return 'shelved';
  if (alarm.active) return alarm.acknowledged ? 'ack' : 'unack';
  return alarm.acknowledged ? 'cleared' : 'cleared-unack';
}

/** The marker shape of each state: filled for unacknowledged, outlined once acknowledged. */
export const PHASE_MARKER: Record<AlarmPhase, string> = { unack: '▲', ack: '△', 'cleared-unack': '◇', cleared: '·', shelved: '⊘' };

/** Each state in words, as the alarm list's state column says it. */
export const PHASE_TEXT: Record<AlarmPhase, string> = {
  unack: 'Active, unacknowledged',
  ack: 'Active, acknowledged',
  'cleared-unack': 'Cleared, unacknowledged',
  cleared: 'Cleared',
  shelved: 'Shelved',
};

/** Orders alarms: unacknowledged first, then active, then by priority (1 first), newest first. */
export function compareAlarms(a: Alarm, b: Alarm): number {
  return Number(a.acknowledged) - Number(b.acknowledged) || Number(b.active) - Number(a.active) || a.priority - b.priority || b.raisedAt - a.raisedAt;
}

/** A point's alarms summed up for its row: the most urgent one, and how many more it has. */
export interface PointAlarmSummary {
  alarm: Alarm;
  phase: AlarmPhase;
  more: number;
}

/** The most urgent alarm of a point (a shelved one only when all are shelved), or null. */
export function summarisePointAlarms(alarms: readonly Alarm[]): PointAlarmSummary | null {
  const rank = (a: Alarm, b: Alarm) => Number(!!a.shelf) - Number(!!b.shelf) || compareAlarms(a, b);
  let best: Alarm | undefined;
  for (const alarm of alarms) if (!best || rank(alarm, best) < 0) best = alarm;
  return best ? { alarm: best, phase: alarmPhase(best), more: alarms.length - 1 } : null;
}

/** The alarm cell of a point's row: `▲ P2 H UNACK`, `△ P2 H ack`, `◇ P2 H cleared UNACK`, `⊘ P2 H shelved`. */
export function pointAlarmText(summary: PointAlarmSummary | null): string {
  if (!summary) return '';
  const { alarm, phase, more } = summary;
  const words = { unack: 'UNACK', ack: 'ack', 'cleared-unack': 'cleared UNACK', cleared: 'cleared', shelved: 'shelved' }[phase];
  return `${PHASE_MARKER[phase]} P${alarm.priority} ${alarm.kind === 'STATE' ? 'state' : alarm.kind} ${words}${more > 0 ? ` +${more}` : ''}`;
}

/** Sort key of the alarm cell: unacknowledged, then active, then by priority; no alarm last. */
export function pointAlarmRank(summary: PointAlarmSummary | null): number {
  if (!summary) return 100;
  const order: Record<AlarmPhase, number> = { unack: 0, 'cleared-unack': 10, ack: 20, cleared: 30, shelved: 40 };
  return order[summary.phase] + summary.alarm.priority;
}

/** An alarm's value as the point shows it: its state label, or the number with the point's unit. */
export function alarmValueText(value: number | null, point: { unit: string; stateLabels: Record<string, string> } | undefined): string {
  if (value === null) return '';
  const label = point?.stateLabels[String(value)];
  if (label) return label;
  return point?.unit ? `${number(value)} ${point.unit}` : number(value);
}
