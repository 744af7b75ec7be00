/**
 * CSV export of stored history, page by page so that a long range never sits in memory
 * at once (the CLI streams it to a file; the contract call collects it up to a row limit).
 *
 * Columns: `time` (ISO 8601 UTC), `station`, `point`, `value`, `quality` (the sample's
 * quality words, space-separated; empty = no flag set); for a `1m` or `1h` resolution also
 * `min`, `max`, `avg` (of the bucket's valid samples; empty when none was valid), `count`
 * (valid samples) and `invalid` (invalid samples), with `value` and `quality` those of the
 * bucket's last sample. Points follow one another, each oldest first.
 */
import { fail, type Result } from '../../../src-shared/ipc/result';
import { csvField } from '../points/csv';
import type { HistoryPageRow, HistorySource, HistoryStore } from './history-store';

/** Rows read from the store per page. */
const PAGE_ROWS = 10_000;

/** What to export. */
export interface HistoryExport {
  points: ReadonlyArray<{ station: string; point: string }>;
  /** Inclusive start and exclusive end (ms since the epoch). */
  from: number;
  to: number;
  resolution: HistorySource;
}

/** Why an export stopped. */
export type HistoryCsvError = 'TOO_MANY_ROWS';

const RAW_HEADER = ['time', 'station', 'point', 'value', 'quality'];
const BUCKET_HEADER = [...RAW_HEADER, 'min', 'max', 'avg', 'count', 'invalid'];

function line(station: string, point: string, row: HistoryPageRow, buckets: boolean): string {
  const fields: unknown[] = [new Date(row.t).toISOString(), station, point, row.value, row.quality];
  if (buckets) fields.push(row.min, row.max, row.avg, row.count, row.invalidCount);
  return `${fields.map(csvField).join(',')}\r\n`;
}

/**
 * Writes the CSV of an export through `write`, a page at a time; refuses with
 * `TOO_MANY_ROWS` once more than `maxRows` rows would be written (nothing more is written).
 */
export async function writeHistoryCsv(
  store: HistoryStore,
  request: HistoryExport,
  write: (text: string) => void | Promise<void>,
  maxRows = Infinity,
): Promise<Result<{ rows: number }, HistoryCsvError>> {
  const buckets = request.resolution !== 'raw';
  await write(`${(buckets ? BUCKET_HEADER : RAW_HEADER).join(',')}\r\n`);
  let rows = 0;
  for (const { station, point } of request.points) {
    let from = request.from;
    for (;;) {
      const page = await store.page({ station, point, resolution: request.resolution, from, to: request.to, limit: PAGE_ROWS });
      if (rows + page.length > maxRows) {
        return fail('TOO_MANY_ROWS', `more than ${maxRows} rows: choose a shorter range or 1-minute / 1-hour buckets (the command line exports any size)`);
      }
      if (page.length) await write(page.map((row) => line(station, point, row, buckets)).join(''));
      rows += page.length;
      if (page.length < PAGE_ROWS) break;
      from = page[page.length - 1]!.t + 1;
    }
  }
  return { ok: true, value: { rows } };
}
