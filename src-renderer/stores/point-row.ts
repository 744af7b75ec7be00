/** The points table's row model: a point's configuration and live value, and how it reads. */
import type { CallResponse, EventPayload } from '../../src-shared/ipc/contract';
import { number } from '../util/format';

/** A point with its configuration and live value (mutated in place by batches). */
export type PointRow = CallResponse<'points.get'>;
/** The live part of a point, as a batch carries it. */
export type PointSample = EventPayload<'points.batch'>['points'][number];

/** Quality words that mean the value is fine. */
const GOOD_WORDS = new Set(['ONLINE']);
/** Quality words that make a value invalid (drawn as a gap in trends). */
const INVALID_WORDS = new Set(['IV', 'INVALID', 'OFFLINE', 'COMM_LOST', 'NT', 'RESTART']);

/** Whether any quality word is abnormal. */
export function qualityAbnormal(quality: readonly string[]): boolean {
  return quality.some((word) => !GOOD_WORDS.has(word));
}

/** Whether the value must not be trusted (trend gap). */
export function qualityInvalid(quality: readonly string[]): boolean {
  return quality.some((word) => INVALID_WORDS.has(word));
}

/** The quality column: the words, or `good`. */
export function qualityText(quality: readonly string[]): string {
  const words = quality.filter((w) => !GOOD_WORDS.has(w));
  return words.length === 0 ? 'good' : words.join(' ');
}

/** Binary or double-bit points (drawn as step lines, shown with state labels). */
export function isDigital(row: Pick<PointRow, 'address' | 'type' | 'raw' | 'stateLabels'>): boolean {
  if (typeof row.raw === 'boolean' || Object.keys(row.stateLabels).length > 0) return true;
  return /^(bi|dbi|bo):/.test(row.address) || /^[MC]_(SP|DP|SC|DC)_/.test(row.type);
}

/** The value as shown: the state label, or the scaled value with its unit, or the raw text. */
export function valueText(row: Pick<PointRow, 'value' | 'label' | 'unit' | 'raw'>): string {
  if (row.label) return row.label;
  if (row.value !== null) return row.unit ? `${number(row.value)} ${row.unit}` : number(row.value);
  return row.raw === null ? '' : String(row.raw);
}

/** A row for a point seen in a batch before its configuration was loaded. */
export function rowFromSample(station: string, sample: PointSample): PointRow {
  return {
    ...sample,
    id: `${station}/${sample.address}`,
    station,
    name: sample.address,
    description: '',
    unit: '',
    configured: false,
    stateLabels: {},
    alarms: null,
    stateAlarms: [],
    command: null,
  };
}

/**
 * Copies a sample's live fields into a row (in place: no allocation per update). An
 * unchanged type or quality keeps the row's own string and array, so the long-lived rows
 * do not point at each batch's fresh copies (less work for the garbage collector).
 */
export function applySample(row: PointRow, sample: PointSample): void {
  if (row.type !== sample.type) row.type = sample.type;
  row.raw = sample.raw;
  row.value = sample.value;
  row.label = sample.label;
  if (!sameWords(row.quality, sample.quality)) row.quality = sample.quality;
  row.deviceTime = sample.deviceTime;
  row.receivedTime = sample.receivedTime;
  row.changes = sample.changes;
}

function sameWords(a: readonly string[], b: readonly string[]): boolean {
  if (a.length !== b.length) return false;
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return false;
  return true;
}
