/** The points table's row model: a point's configuration and live value, and how it reads. */
import type { CallResponse } from '../../src-shared/ipc/contract';
import { isAbnormalQuality, isInvalidQuality, ONLINE, protocolOfAddress } from '../../src-shared/quality';
import { number } from '../util/format';

/** A point with its configuration and live value (the store's rows read it from typed columns: live-point.ts). */
export type PointRow = CallResponse<'points.get'>;

/** How a point's quality reads: `none` for a command-only address (no value, no quality). */
export type QualityClass = 'none' | 'good' | 'abnormal' | 'invalid';

type QualityFields = Pick<PointRow, 'address' | 'quality' | 'raw' | 'command'>;

/**
 * A command-only address: controllable and never reported in the monitor direction (an
 * IEC 104 command IOA such as a C_SC_NA_1 target), so it has no value and no quality.
 */
export function isCommandPoint(row: Pick<PointRow, 'raw' | 'command'>): boolean {
  return row.raw === null && row.command !== null;
}

/** Whether a value's quality words say it must not be trusted (trend gap, "Invalid or offline"). */
export function pointInvalid(point: Pick<PointRow, 'address' | 'quality'>): boolean {
  return isInvalidQuality(protocolOfAddress(point.address), point.quality);
}

/**
 * The quality class of a point: a command-only address has none; a point never reported
 * and a value with an invalid word (COMM_LOST, STALE, IV, NT...) are invalid; any other
 * word than ONLINE is abnormal.
 */
export function qualityClass(row: QualityFields): QualityClass {
  if (isCommandPoint(row)) return 'none';
  if (row.raw === null || pointInvalid(row)) return 'invalid';
  return isAbnormalQuality(row.quality) ? 'abnormal' : 'good';
}

/** The quality column: the words, `good`, `no data` before the first report, nothing for a command-only address. */
export function qualityText(row: QualityFields): string {
  if (isCommandPoint(row)) return '';
  if (row.raw === null && row.quality.length === 0) return 'no data';
  const words = row.quality.filter((w) => w !== ONLINE);
  return words.length === 0 ? 'good' : words.join(' ');
}

/** The type column: the reported type, or for a command-only address its command type (`C_SC_NA_1`) or `command`. */
export function typeText(row: Pick<PointRow, 'type' | 'raw' | 'command'>): string {
  if (!isCommandPoint(row)) return row.type;
  return row.command?.type ?? 'command';
}

/** The value column: the value as shown, or `command only` for a command-only address (it has none). */
export function valueCellText(row: Pick<PointRow, 'value' | 'label' | 'unit' | 'raw' | 'command'>): string {
  return isCommandPoint(row) ? 'command only' : valueText(row);
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
