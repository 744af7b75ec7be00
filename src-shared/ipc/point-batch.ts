/**
 * Reading a `points.batch` (schema: PointBatch in schemas/points.ts): the kinds of raw
 * value a point can hold, and how a column entry turns back into the raw value.
 */
import type { EventPayload } from './contract';

/** A points batch as the renderer receives it. */
export type PointBatchPayload = EventPayload<'points.batch'>;

/** The kind of a point's raw value, as the batch's `kinds` column gives it. */
export const RAW_KIND = {
  /** No value yet (never reported, or a command-only address). */
  none: 0,
  number: 1,
  /** A binary: the raw column holds 1 or 0. */
  boolean: 2,
  /** Text: the value is in the batch's `texts`. */
  text: 3,
} as const;

/** One of {@link RAW_KIND}'s values. */
export type RawKind = (typeof RAW_KIND)[keyof typeof RAW_KIND];

/** A point's raw value from its kind, its raw column entry and (for text) its text. */
export function rawValue(kind: number, raw: number, text: string | undefined): number | boolean | string | null {
  switch (kind) {
    case RAW_KIND.number:
      return raw;
    case RAW_KIND.boolean:
      return raw === 1;
    case RAW_KIND.text:
      return text ?? '';
    default:
      return null;
  }
}

/** The kind of a raw value (the inverse of {@link rawValue}, with {@link rawNumber}). */
export function rawKindOf(raw: number | boolean | string | null): RawKind {
  if (raw === null) return RAW_KIND.none;
  if (typeof raw === 'number') return RAW_KIND.number;
  return typeof raw === 'boolean' ? RAW_KIND.boolean : RAW_KIND.text;
}

/** The raw column entry of a raw value: the number, 1/0 for a binary, NaN for text or none. */
export function rawNumber(raw: number | boolean | string | null): number {
  if (typeof raw === 'number') return raw;
  return typeof raw === 'boolean' ? Number(raw) : NaN;
}

/** The text value of the batch's entry `at` (text values are rare and listed apart). */
export function batchText(batch: PointBatchPayload, at: number): string | undefined {
  for (const [position, text] of batch.texts) if (position === at) return text;
  return undefined;
}

/** The entries `[start, end)` of the batch's station `k` (of `batch.stations`). */
export function stationRange(batch: Pick<PointBatchPayload, 'stationEnds'>, k: number): { start: number; end: number } {
  return { start: k === 0 ? 0 : batch.stationEnds[k - 1]!, end: batch.stationEnds[k]! };
}

/** A NaN-for-none column entry as the contract's `number | null`. */
export function orNull(n: number): number | null {
  return Number.isNaN(n) ? null : n;
}
