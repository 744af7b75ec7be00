/** Contract schemas of the `points.*` and `trends.*` calls and events. */
import * as v from 'valibot';
import { PointConfig } from '../../workspace/point-config';

const RawValue = v.nullable(v.union([v.number(), v.boolean(), v.string()]));

/** The live part of a point (what a batch carries). */
const PointSample = v.object({
  /** Address within the station: DNP3 `ai:7`, IEC 104 `ioa:3001@1`. */
  address: v.string(),
  /** DNP3 group/variation (`g30v1`) or IEC 104 type (`M_ME_NC_1`); empty before the first report. */
  type: v.string(),
  /** Value as the device reported it; null before the first report. */
  raw: RawValue,
  /** Engineering value after scaling (binaries 0/1); null for text or no value. */
  value: v.nullable(v.number()),
  /** State label of a digital value from the point list, e.g. `Closed`. */
  label: v.nullable(v.string()),
  /** Quality flags as words (`ONLINE`, `IV`, `NT`, `COMM_LOST`...). */
  quality: v.array(v.string()),
  /** Device time, ms since the epoch (UTC), or null. */
  deviceTime: v.nullable(v.number()),
  /** When the engine received the value, ms since the epoch. */
  receivedTime: v.nullable(v.number()),
  /** Changes of value or quality since the engine started. */
  changes: v.number(),
});

/** A point with its configuration. */
export const PointInfo = v.object({
  ...PointSample.entries,
  /**
   * The point's slot: its index in the engine's point database, stable while the engine
   * runs. A `points.batch` names its points by slot.
   */
  slot: v.pipe(v.number(), v.integer(), v.minValue(0)),
  /** `<station>/<address>`. */
  id: v.string(),
  station: v.string(),
  name: v.string(),
  description: v.string(),
  unit: v.string(),
  /** In the station's point list (otherwise only reported by the device). */
  configured: v.boolean(),
  stateLabels: v.record(v.string(), v.string()),
  alarms: v.nullable(
    v.object({ hh: v.optional(v.number()), h: v.optional(v.number()), l: v.optional(v.number()), ll: v.optional(v.number()), deadband: v.number(), priority: v.number() }),
  ),
  stateAlarms: v.array(v.object({ state: v.number(), priority: v.number() })),
  /** How far a reported event must move to be logged as SOE, in words: `0.5 °C (configured)`, `every change`... */
  eventDeadband: v.string(),
  /** Command policy when controllable. */
  command: v.nullable(
    v.object({
      mode: v.picklist(['sbo', 'direct']),
      actions: v.array(v.string()),
      pulseOnMs: v.number(),
      pulseOffMs: v.number(),
      /** Protocol detail of the policy (e.g. `C_SE_NC_1`, `g41v3`). */
      type: v.optional(v.string()),
      min: v.optional(v.number()),
      max: v.optional(v.number()),
    }),
  ),
});

/** The columns and tables of a points batch (checked as a whole by {@link PointBatch}). */
const PointBatchColumns = v.object({
  /** The stations of the batch, each once, in the order of their entries. */
  stations: v.array(v.string()),
  /**
   * Where each station's entries end: station `k`'s points are entries
   * `[stationEnds[k - 1] ?? 0, stationEnds[k])` of every column (see stationRange in point-batch.ts).
   */
  stationEnds: v.instance(Uint32Array),
  /** The points' slots (PointInfo.slot). */
  slots: v.instance(Uint32Array),
  /** What kind of raw value each point has (RAW_KIND in point-batch.ts). */
  kinds: v.instance(Uint8Array),
  /** Raw value of numbers and binaries (1/0); NaN for none or text. */
  raws: v.instance(Float64Array),
  /** Engineering value after scaling; NaN when none (text or no value). */
  values: v.instance(Float64Array),
  /** Device time, ms since the epoch (UTC); NaN when none. */
  deviceTimes: v.instance(Float64Array),
  /** When the engine received the value, ms since the epoch; NaN when never. */
  receivedTimes: v.instance(Float64Array),
  /** Changes of value or quality since the engine started. */
  changes: v.instance(Uint32Array),
  /** Index into `qualityLists`. */
  qualities: v.instance(Uint16Array),
  /** The distinct quality word lists of this batch. */
  qualityLists: v.array(v.array(v.string())),
  /** Index into `strings`: the point's type (`g30v1`, `M_ME_NC_1`; empty before the first report). */
  types: v.instance(Uint16Array),
  /** Index into `strings` plus one: the state label of a digital value; 0 for none. */
  labels: v.instance(Uint16Array),
  /** The distinct types and labels of this batch. */
  strings: v.array(v.string()),
  /** Text values (rare): [position in the batch, text]. */
  texts: v.array(v.tuple([v.pipe(v.number(), v.integer(), v.minValue(0)), v.string()])),
});

/**
 * A batch of changed points (last value per point) of every station a client follows, one
 * per batch interval, column-wise: entry `i` of every column is point `slots[i]`, and the
 * entries are grouped by station (`stations`, `stationEnds`). A batch of thousands of
 * points is a dozen typed arrays (views on one buffer when the engine builds it), not
 * thousands of objects (see src-shared/ipc/point-batch.ts for reading one).
 * Strings are rare and repeat: quality word lists, types and state labels are indices into
 * the batch's own small tables, and text values are listed apart.
 */
export const PointBatch = v.pipe(
  PointBatchColumns,
  v.check(isWellFormedBatch, 'a points batch needs columns of one length, station ranges in order ending at that length, and table indices within its tables'),
);

function isWellFormedBatch(batch: v.InferOutput<typeof PointBatchColumns>): boolean {
  const n = batch.slots.length;
  const columns = [batch.kinds, batch.raws, batch.values, batch.deviceTimes, batch.receivedTimes, batch.changes, batch.qualities, batch.types, batch.labels];
  if (columns.some((column) => column.length !== n)) return false;
  if (!hasStationRanges(batch.stations.length, batch.stationEnds, n)) return false;
  for (let i = 0; i < n; i++) {
    if (batch.qualities[i]! >= batch.qualityLists.length || batch.types[i]! >= batch.strings.length || batch.labels[i]! > batch.strings.length) return false;
  }
  return batch.texts.every(([at]) => at < n);
}

/** Whether `ends` closes `stations` ranges, in order, the last at the column length `n`. */
function hasStationRanges(stations: number, ends: Uint32Array, n: number): boolean {
  if (ends.length !== stations || (stations === 0 ? n !== 0 : ends[stations - 1] !== n)) return false;
  for (let k = 1; k < stations; k++) if (ends[k]! < ends[k - 1]!) return false;
  return true;
}

/** Request of points.list. */
export const PointListRequest = v.strictObject({
  station: v.optional(v.string()),
  /** Only these slots (a batch named a point the client does not know yet); `total` counts those found. */
  slots: v.optional(v.pipe(v.array(v.pipe(v.number(), v.integer(), v.minValue(0))), v.maxLength(100_000))),
  offset: v.optional(v.pipe(v.number(), v.integer(), v.minValue(0))),
  limit: v.optional(v.pipe(v.number(), v.integer(), v.minValue(1), v.maxValue(1_000_000))),
});

/** Response of points.list. */
export const PointListResponse = v.object({ total: v.number(), points: v.array(PointInfo) });

/** Request of points.subscribe: the stations whose batches this client receives. */
export const PointSubscribeRequest = v.strictObject({ stations: v.union([v.array(v.string()), v.literal('all')]) });

/** Request of points.configure: add or replace one configured point. */
export const PointConfigureRequest = v.strictObject({ station: v.string(), point: PointConfig });

/** Request of points.importCsv. */
export const PointImportRequest = v.strictObject({
  station: v.string(),
  csv: v.pipe(v.string(), v.maxLength(20_000_000)),
  /** Replace the whole list (default) or merge by address. */
  mode: v.optional(v.picklist(['replace', 'merge']), 'replace'),
});

/** One trend series; `invalid[i]` is 1 where the sample's quality was invalid. */
const TrendSeries = v.object({ id: v.string(), times: v.array(v.number()), values: v.array(v.number()), invalid: v.array(v.number()) });

/** Request of trends.get. */
export const TrendRequest = v.strictObject({
  ids: v.pipe(v.array(v.string()), v.maxLength(64)),
  /** Only samples at or after this time (ms since the epoch). */
  since: v.optional(v.number()),
});

/** Response of trends.get. */
export const TrendResponse = v.object({ capacity: v.number(), series: v.array(TrendSeries) });
