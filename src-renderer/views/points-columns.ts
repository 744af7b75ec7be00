/** The points table's columns and filter, apart from the view so they can be tested. */
import type { TableColumn } from '../components/widgets/virtual-table';
import { pointAlarmRank, pointAlarmText, type PointAlarmSummary } from '../stores/alarm-state';
import { qualityClass, qualityText, typeText, valueCellText, type PointRow, type QualityClass } from '../stores/point-row';
import { age, integer, timeOfDay } from '../util/format';

/** Quality filter choices. */
export type QualityFilter = 'any' | 'good' | 'abnormal' | 'invalid';

/** The points table filter. */
export interface PointFilter {
  text: string;
  station: string;
  type: string;
  quality: QualityFilter;
}

/** The quality classes each quality filter lets through ("abnormal" is any flag, invalid included). */
const QUALITY_FILTERS: Record<Exclude<QualityFilter, 'any'>, readonly QualityClass[]> = { good: ['good'], abnormal: ['abnormal', 'invalid'], invalid: ['invalid'] };

/** A predicate for the filter, or undefined when it lets everything through. */
export function pointPredicate(filter: PointFilter): ((row: PointRow) => boolean) | undefined {
  const text = filter.text.trim().toLowerCase();
  if (!text && !filter.station && !filter.type && filter.quality === 'any') return undefined;
  return (row) => {
    if (filter.station && row.station !== filter.station) return false;
    if (filter.type && row.type !== filter.type) return false;
    if (filter.quality !== 'any' && !QUALITY_FILTERS[filter.quality].includes(qualityClass(row))) return false;
    if (text && !row.name.toLowerCase().includes(text) && !row.address.toLowerCase().includes(text) && !row.description.toLowerCase().includes(text)) return false;
    return true;
  };
}

/** A point's alarms summed up, by point id (the alarms store's `pointSummary`). */
export type PointAlarms = (pointId: string) => PointAlarmSummary | null;

/** The alarm cell's classes: its state and priority (`alarm unack p2`), or none. */
function alarmClass(summary: PointAlarmSummary | null): string | undefined {
  return summary ? `alarm ${summary.phase} p${summary.alarm.priority}` : undefined;
}

/** The alarm column: the most urgent alarm's marker, priority, kind and state in words. */
function alarmColumn(alarmsOf: PointAlarms): TableColumn<PointRow> {
  return {
    id: 'alarm',
    label: 'Alarm',
    width: 190,
    live: true,
    text: (r) => pointAlarmText(alarmsOf(r.id)),
    sort: (r) => pointAlarmRank(alarmsOf(r.id)),
    cellClass: (r) => alarmClass(alarmsOf(r.id)),
  };
}

/** The columns; `stationName` maps a station id to its name, `alarmsOf` sums up a point's alarms. */
export function pointColumns(stationName: (id: string) => string, alarmsOf: PointAlarms): TableColumn<PointRow>[] {
  return [
    { id: 'station', label: 'Station', width: 190, text: (r) => stationName(r.station) },
    { id: 'name', label: 'Name', width: 200, text: (r) => r.name },
    { id: 'address', label: 'Address', width: 110, text: (r) => r.address },
    { id: 'type', label: 'Type', width: 100, text: typeText },
    { id: 'value', label: 'Value', width: 130, numeric: true, live: true, text: valueCellText, sort: (r) => r.value ?? valueCellText(r) },
    alarmColumn(alarmsOf),
    { id: 'quality', label: 'Quality', width: 150, live: true, text: qualityText, abnormal: (r) => qualityClass(r) === 'abnormal' || qualityClass(r) === 'invalid' },
    { id: 'deviceTime', label: 'Device time', width: 110, numeric: true, live: true, bounded: true, text: (r) => timeOfDay(r.deviceTime), sort: (r) => r.deviceTime ?? 0 },
    { id: 'receivedTime', label: 'Received', width: 110, numeric: true, live: true, bounded: true, text: (r) => timeOfDay(r.receivedTime), sort: (r) => r.receivedTime ?? 0 },
    { id: 'age', label: 'Age', width: 70, numeric: true, live: true, bounded: true, text: (r) => age(r.receivedTime, Date.now()), sort: (r) => -(r.receivedTime ?? 0) },
    { id: 'changes', label: 'Changes', width: 100, numeric: true, live: true, bounded: true, text: (r) => integer(r.changes), sort: (r) => r.changes },
    { id: 'description', label: 'Description', width: 200, hiddenByDefault: true, text: (r) => r.description },
  ];
}
