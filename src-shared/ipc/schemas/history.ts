/** Contract schemas of the `history.*` calls: stored point history for charts and CSV. */
import * as v from 'valibot';

/** A time range in ms since the epoch, `from` before `to`. */
const range = {
  from: v.pipe(v.number(), v.integer(), v.minValue(0)),
  to: v.pipe(v.number(), v.integer(), v.minValue(1)),
};
/** Point ids `<station>/<address>`. */
const PointIds = v.pipe(v.array(v.pipe(v.string(), v.minLength(3))), v.minLength(1), v.maxLength(64));

/** Request of history.query. */
export const HistoryQuery = v.pipe(
  v.strictObject({
    ids: PointIds,
    ...range,
    /** At most this many entries per point: raw samples when they fit, else buckets (default 2000). */
    maxPoints: v.optional(v.pipe(v.number(), v.integer(), v.minValue(10), v.maxValue(10_000)), 2000),
  }),
  v.check((r) => r.from < r.to, 'from must be before to'),
);

const nullableNumbers = v.array(v.nullable(v.number()));

/** One point's stored history over the range. */
const HistorySeries = v.object({
  id: v.string(),
  /** `raw` samples (also when grouped into buckets at read time), or the stored `1m` / `1h` aggregates. */
  source: v.picklist(['raw', '1m', '1h']),
  /** 0: one entry per raw sample; else each entry is a bucket this wide (ms). */
  bucketMs: v.number(),
  /** Sample times, or bucket start times. */
  times: v.array(v.number()),
  /** The sample's value, or the bucket's average of valid samples (null: none valid). */
  values: nullableNumbers,
  /** Raw: 1 where the sample's quality was invalid. Buckets: the count of invalid samples. */
  invalid: v.array(v.number()),
  /** Raw samples: their quality words, space-separated. */
  quality: v.optional(v.array(v.string())),
  /** Buckets: lowest and highest valid value, and the count of valid samples. */
  min: v.optional(nullableNumbers),
  max: v.optional(nullableNumbers),
  count: v.optional(v.array(v.number())),
});

/** Response of history.query. */
export const HistoryResponse = v.object({ series: v.array(HistorySeries) });

/** Request of history.exportCsv. */
export const HistoryExportRequest = v.pipe(
  v.strictObject({
    ids: PointIds,
    ...range,
    /** `raw` samples, or stored 1-minute / 1-hour buckets with min, max, avg and counts. */
    resolution: v.optional(v.picklist(['raw', '1m', '1h']), 'raw'),
  }),
  v.check((r) => r.from < r.to, 'from must be before to'),
);

/** Response of history.exportCsv: the CSV text, its data row count and a file name to offer. */
export const HistoryCsv = v.object({ csv: v.string(), rows: v.number(), fileName: v.string() });
