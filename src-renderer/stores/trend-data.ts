/**
 * Data side of the trend chart: samples, the time windows, slicing a window out of a
 * sorted sample array, and the CSV of what is shown. Kept apart from Chart.js so it can
 * be tested without a canvas.
 */

/** One sample in Chart.js's internal format (`parsing: false`); y null = a gap (invalid quality). */
export interface TrendSample {
  x: number;
  y: number | null;
}

/** An alarm limit of a series, drawn as a labelled line when limits are shown. */
export interface TrendLimit {
  /** `HH`, `H`, `L` or `LL`. */
  level: string;
  value: number;
}

/** A series to draw: its samples, oldest first, appended in place by the trends store. */
export interface TrendSeries {
  id: string;
  label: string;
  unit: string;
  /** Digital points draw as step lines. */
  step: boolean;
  samples: TrendSample[];
  /** A digital point's state labels (value -> label), for its axis. */
  states?: Record<string, string>;
  /** An analog point's alarm limits. */
  limits?: TrendLimit[];
  /** Stored history in buckets: each bucket's lowest and highest value, drawn as a band. */
  band?: { min: TrendSample[]; max: TrendSample[] };
}

/** The selectable time windows; `all` shows everything buffered. */
export const TREND_WINDOWS = [
  { id: '1m', label: '1 min', ms: 60_000 },
  { id: '10m', label: '10 min', ms: 600_000 },
  { id: '1h', label: '1 h', ms: 3_600_000 },
  { id: 'all', label: 'All', ms: null },
] as const;

/** Id of one of {@link TREND_WINDOWS}. */
export type TrendWindowId = (typeof TREND_WINDOWS)[number]['id'];

/** The x-range a window shows at `now`; for `all`, from the oldest sample of any series. */
export function windowRange(windowId: TrendWindowId, now: number, series: readonly TrendSeries[]): { min: number; max: number } {
  const spec = TREND_WINDOWS.find((w) => w.id === windowId)!;
  if (spec.ms !== null) return { min: now - spec.ms, max: now };
  let min = now;
  for (const s of series) {
    const first = s.samples[0];
    if (first && first.x < min) min = first.x;
  }
  return { min, max: now };
}

/** Index of the first sample with x >= `x` in a sorted array (binary search). */
export function lowerBound(samples: readonly TrendSample[], x: number): number {
  let lo = 0;
  let hi = samples.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (samples[mid]!.x < x) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

/** Index of the first sample with x > `x` in a sorted array. */
export function upperBound(samples: readonly TrendSample[], x: number): number {
  let lo = 0;
  let hi = samples.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (samples[mid]!.x <= x) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

/** The samples within [min, max]. */
export function sliceRange(samples: readonly TrendSample[], min: number, max: number): TrendSample[] {
  return samples.slice(lowerBound(samples, min), upperBound(samples, max));
}

function csvField(text: string): string {
  return /[",\n]/.test(text) ? `"${text.replaceAll('"', '""')}"` : text;
}

/** CSV (time ISO 8601 UTC, series, unit, value; empty value = gap) of the samples within [min, max]. */
export function trendCsv(series: readonly TrendSeries[], min: number, max: number): string {
  const lines = ['time,series,unit,value'];
  for (const s of series) {
    for (const sample of sliceRange(s.samples, min, max)) {
      lines.push([new Date(sample.x).toISOString(), csvField(s.label), csvField(s.unit), sample.y === null ? '' : String(sample.y)].join(','));
    }
  }
  return `${lines.join('\n')}\n`;
}
