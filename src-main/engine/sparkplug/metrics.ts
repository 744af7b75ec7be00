/**
 * Points as Sparkplug B metrics: datatype, value, quality and timestamps as properties,
 * and the deadband that decides whether a change is worth a DDATA.
 */
import { isInvalidQuality, protocolOfAddress, STALE } from '../../../src-shared/quality';
import type { UMetric, UPropertyValue } from 'sparkplug-payload/lib/sparkplugbpayload';

/** Sparkplug datatypes the publisher uses. */
export type MetricType = 'Boolean' | 'Int32' | 'Double' | 'String';

/** One point as the publisher sees it (engine point database or a CLI target's updates). */
export interface MetricPoint {
  /** Stable key within the device: the point address (`ai:7`, `ioa:3001@1`); also the metric name. */
  address: string;
  /** DNP3 group/variation or IEC 104 type name; empty before the first report. */
  type: string;
  /** Engineering value; null before the first report (a command-only point). */
  value: number | boolean | string | null;
  quality: readonly string[];
  deviceTime: number | null;
  receivedTime: number | null;
  /** Configured name and unit ('' when none). */
  name: string;
  unit: string;
  /** Engineering units a number must move from the last published value before it is sent again (0: any change). */
  deadband: number;
  /** A controllable point's command kind (from its policy): the datatype while it has no value. */
  command?: 'binary' | 'setpoint';
}

/** Sparkplug's quality codes (property `Quality`, OPC style). */
const QUALITY_GOOD = 192;
/** The value is not to be trusted. */
const QUALITY_BAD = 0;
/** The value was not updated in time. */
const QUALITY_STALE = 500;

/** Types whose number is a state (double-bit 0..3, IEC 104 step position), sent as Int32. */
const STATE_TYPES = /^(g3v|g4v|M_DP_|M_ST_)/;
const STATE_ADDRESS = /^dbi:/;
const BOOLEAN_ADDRESS = /^(bi|bo):/;

/** The datatype of a point: from its value, else (no value yet) from its command policy or its address. */
export function metricTypeOf(point: MetricPoint): MetricType {
  const { value } = point;
  if (typeof value === 'boolean') return 'Boolean';
  if (typeof value === 'string') return 'String';
  if (typeof value === 'number') return STATE_TYPES.test(point.type) ? 'Int32' : 'Double';
  if (point.command) return point.command === 'binary' ? 'Boolean' : 'Double';
  if (BOOLEAN_ADDRESS.test(point.address)) return 'Boolean';
  if (STATE_ADDRESS.test(point.address)) return 'Int32';
  return point.address.startsWith('os:') ? 'String' : 'Double';
}

/** Sparkplug's quality code of quality words: 500 stale, 0 invalid, else 192. */
export function qualityCode(point: Pick<MetricPoint, 'address' | 'quality' | 'value'>): number {
  if (point.value === null) return QUALITY_BAD;
  if (point.quality.includes(STALE)) return QUALITY_STALE;
  return isInvalidQuality(protocolOfAddress(point.address), point.quality) ? QUALITY_BAD : QUALITY_GOOD;
}

function prop(type: UPropertyValue['type'], value: UPropertyValue['value']): UPropertyValue {
  return { type, value };
}

function valueOf(point: MetricPoint, type: MetricType): UMetric['value'] {
  const { value } = point;
  if (value === null) return null;
  if (type === 'Int32') return Math.trunc(Number(value));
  return value;
}

/**
 * The properties of a metric's value: `Quality` (192/0/500), the quality words, and the
 * device and received times (ms since the epoch; absent when unknown).
 */
function valueProperties(point: MetricPoint): Record<string, UPropertyValue> {
  const properties: Record<string, UPropertyValue> = {
    Quality: prop('Int32', qualityCode(point)),
    'Quality Words': prop('String', point.quality.join(' ')),
  };
  if (point.deviceTime !== null) properties['Device Timestamp'] = prop('DateTime', point.deviceTime);
  if (point.receivedTime !== null) properties['Received Timestamp'] = prop('DateTime', point.receivedTime);
  return properties;
}

/** The metric's timestamp: device time, else received time, else `nowMs`. */
function stampOf(point: MetricPoint, nowMs: number): number {
  return point.deviceTime ?? point.receivedTime ?? nowMs;
}

/** A birth metric: name, alias, datatype, value (or null), quality, times, and the configured name and unit. */
export function birthMetric(point: MetricPoint, alias: number, nowMs: number): UMetric {
  const type = metricTypeOf(point);
  const properties = valueProperties(point);
  if (point.name) properties['Description'] = prop('String', point.name);
  if (point.unit) properties['Engineering Units'] = prop('String', point.unit);
  // A null value is encoded with is_null set.
  return { name: point.address, alias, type, value: valueOf(point, type), timestamp: stampOf(point, nowMs), properties };
}

/** A data metric (by alias only, as the birth announced it), historical when it was buffered offline. */
export function dataMetric(point: MetricPoint, alias: number, type: MetricType, nowMs: number, historical: boolean): UMetric {
  const metric: UMetric = { alias, type, value: valueOf(point, type), timestamp: stampOf(point, nowMs), properties: valueProperties(point) };
  if (historical) metric.isHistorical = true;
  return metric;
}

/** What was last published of a point, for the deadband. */
export interface Published {
  value: number | boolean | string | null;
  quality: string;
}

/** What is remembered of a point once published. */
export function publishedOf(point: MetricPoint): Published {
  return { value: point.value, quality: point.quality.join(' ') };
}

/**
 * Whether a change must be published: its quality changed, or a number moved at least
 * the deadband from the last published value (any change with deadband 0), or another
 * value changed at all.
 */
export function passesDeadband(point: MetricPoint, last: Published | undefined): boolean {
  if (!last) return true;
  if (last.quality !== point.quality.join(' ')) return true;
  if (typeof point.value === 'number' && typeof last.value === 'number') {
    const moved = Math.abs(point.value - last.value);
    return point.deadband > 0 ? moved >= point.deadband : moved > 0;
  }
  return point.value !== last.value;
}
