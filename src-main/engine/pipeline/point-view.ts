/**
 * Turns point records into the contract's shapes: the compact live sample sent in batches
 * and the full point with its configuration.
 */
import type { StationConfig } from '../../../src-shared/workspace/station';
import type { PointRecord } from '../points/point-database';
import { pointId } from '../points/point-address';
import { policyFor } from '../commands/command-policy';
import { eventDeadbandText } from './event-deadband';
import { RAW_KIND } from '../../../src-shared/ipc/point-batch';

/** The live part of a point, as pushed in batches. */
export interface PointSample {
  address: string;
  type: string;
  raw: number | boolean | string | null;
  value: number | null;
  label: string | null;
  quality: string[];
  deviceTime: number | null;
  receivedTime: number | null;
  changes: number;
}

/** A point with its configuration, as listed. */
export interface PointInfo extends PointSample {
  /** The point's index in the point database, which batches name it by. */
  slot: number;
  id: string;
  station: string;
  name: string;
  description: string;
  unit: string;
  configured: boolean;
  stateLabels: Record<string, string>;
  alarms: { hh?: number; h?: number; l?: number; ll?: number; deadband: number; priority: number } | null;
  stateAlarms: Array<{ state: number; priority: number }>;
  command: { mode: 'sbo' | 'direct'; actions: string[]; pulseOnMs: number; pulseOffMs: number; type?: string; min?: number; max?: number } | null;
  /** How far a reported event must move to be logged as SOE, in words (see event-deadband.ts). */
  eventDeadband: string;
}

/**
 * The states of a double-bit point (DNP3 `dbi:N`, IEC 104 M_DP_*): 1 off and 2 on, 0 the
 * intermediate state while the switch moves and 3 indeterminate (a faulty position).
 */
const DOUBLE_BIT_LABELS: Readonly<Record<string, string>> = { '0': 'Intermediate', '1': 'Off', '2': 'On', '3': 'Indeterminate' };

const NUMBER_KIND: Record<string, number> = { number: RAW_KIND.number, boolean: RAW_KIND.boolean };

/**
 * The state label of a digital value: the point list's name for it, else for a double-bit
 * point the protocol's name of the state. `kind` and `raw` as in a batch (RAW_KIND; a
 * binary is 1 or 0); builds no string for an analog without state labels.
 */
export function stateLabelOf(kind: number, raw: number, address: string, type: string, labels: Readonly<Record<string, string>> | undefined): string | null {
  if (kind !== RAW_KIND.number && kind !== RAW_KIND.boolean) return null;
  const doubleBit = address.startsWith('dbi:') || type.startsWith('M_DP_');
  if (!doubleBit && !hasEntries(labels)) return null;
  const key = kind === RAW_KIND.boolean ? (raw === 1 ? '1' : '0') : String(raw);
  return labels?.[key] ?? (doubleBit ? (DOUBLE_BIT_LABELS[key] ?? null) : null);
}

function hasEntries(labels: Readonly<Record<string, string>> | undefined): boolean {
  if (!labels) return false;
  for (const key in labels) if (Object.hasOwn(labels, key)) return true;
  return false;
}

/** The state label of a record's value (see {@link stateLabelOf}). */
export function stateLabel(record: PointRecord): string | null {
  const raw = record.raw;
  if (raw === null || typeof raw === 'string') return null;
  return stateLabelOf(NUMBER_KIND[typeof raw]!, typeof raw === 'boolean' ? Number(raw) : raw, record.address, record.type, record.config?.stateLabels);
}

/** The live sample of a record. */
export function toSample(record: PointRecord): PointSample {
  return {
    address: record.address,
    type: record.type,
    raw: record.raw,
    value: record.value,
    label: stateLabel(record),
    quality: [...record.quality],
    deviceTime: record.deviceTime,
    receivedTime: record.receivedTime,
    changes: record.changes,
  };
}

/** The full point of a record. */
export function toInfo(record: PointRecord, station: StationConfig | undefined): PointInfo {
  const config = record.config;
  const policy = station ? policyFor(station, record.address) : undefined;
  return {
    ...toSample(record),
    slot: record.index,
    id: pointId(record.station, record.address),
    station: record.station,
    name: config?.name ?? '',
    description: config?.description ?? '',
    unit: config?.unit ?? '',
    configured: config !== undefined,
    stateLabels: { ...(config?.stateLabels ?? {}) },
    alarms: config?.alarms ? { ...config.alarms } : null,
    stateAlarms: (config?.stateAlarms ?? []).map((a) => ({ ...a })),
    eventDeadband: eventDeadbandText(record.address, record.type, config),
    command: policy
      ? {
          mode: policy.mode,
          actions: [...policy.actions],
          pulseOnMs: policy.pulseOnMs,
          pulseOffMs: policy.pulseOffMs,
          ...(policy.type !== undefined ? { type: policy.type } : {}),
          ...(policy.min !== undefined ? { min: policy.min } : {}),
          ...(policy.max !== undefined ? { max: policy.max } : {}),
        }
      : null,
  };
}
