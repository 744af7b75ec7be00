/**
 * What the trend chart draws of a series for the shown x-range: the visible samples with
 * one neighbour either side, min-max decimated when there are more than a few per pixel,
 * with every gap kept, and a step series held at its last value. Chart.js's own decimation
 * compares `null` as 0, so it can drop the gap of an invalid value; this one cannot.
 */
import { lowerBound, upperBound, type TrendSample } from '../stores/trend-data';

/** Decimation starts above this many samples per pixel column. */
export const SAMPLES_PER_PIXEL = 4;

/** A drawn sample; `held` marks the one that carries a step series' last value to now (no marker). */
export interface DrawnSample extends TrendSample {
  held?: true;
}

/** How a series is drawn. */
export interface DrawOptions {
  /** Width of the plot in pixels (one decimation bucket per pixel). */
  width: number;
  /** A step (digital) series: its last valid value is held up to `holdTo`. */
  step: boolean;
  /** Usually now: how far a step series' last value reaches. */
  holdTo: number;
}

/** First, lowest, highest and last sample of a run of valid samples in one bucket, in order. */
function pushBucket(out: TrendSample[], run: readonly TrendSample[], from: number, to: number): void {
  let lo = from;
  let hi = from;
  for (let i = from + 1; i < to; i++) {
    if (run[i]!.y! < run[lo]!.y!) lo = i;
    if (run[i]!.y! > run[hi]!.y!) hi = i;
  }
  for (const i of new Set([from, Math.min(lo, hi), Math.max(lo, hi), to - 1])) out.push(run[i]!);
}

/**
 * Min-max decimation to one bucket per pixel; a null (gap) sample ends a bucket and is kept.
 * Returns `samples` itself when there is nothing to decimate.
 */
export function decimate(samples: TrendSample[], min: number, max: number, width: number): TrendSample[] {
  const span = max - min;
  if (samples.length <= SAMPLES_PER_PIXEL * width || !(span > 0 && Number.isFinite(span)) || width < 1) return samples;
  const bucketOf = (x: number) => Math.floor(((x - min) / span) * width);
  const out: TrendSample[] = [];
  let start = 0;
  for (let i = 0; i <= samples.length; i++) {
    const sample = samples[i];
    const ends = sample === undefined || sample.y === null || bucketOf(sample.x) !== bucketOf(samples[start]!.x);
    if (!ends) continue;
    if (i > start && samples[start]!.y !== null) pushBucket(out, samples, start, i);
    if (sample?.y === null) {
      if (out.at(-1)?.y !== null) out.push(sample);
      start = i + 1;
    } else {
      start = i;
    }
  }
  return out;
}

/** The samples to draw within [min, max] (plus one neighbour either side, so lines reach the edges). */
export function drawnSamples(samples: readonly TrendSample[], min: number, max: number, options: DrawOptions): DrawnSample[] {
  const from = Math.max(0, lowerBound(samples, min) - 1);
  const to = Math.min(samples.length, upperBound(samples, max) + 1);
  // A fresh array either way (the slice, or what decimation made of it): the hold may be pushed.
  const out: DrawnSample[] = decimate(samples.slice(from, to), min, max, options.width);
  const last = out.at(-1);
  if (options.step && last && last.y !== null && last.x < options.holdTo) out.push({ x: options.holdTo, y: last.y, held: true });
  return out;
}
