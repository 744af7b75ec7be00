import { createWriteStream, existsSync } from 'node:fs';
import { join } from 'node:path';
import { once } from 'node:events';
import { writeHistoryCsv } from '../../../engine/history/history-csv';
import { HistoryStore, type HistorySource } from '../../../engine/history/history-store';
import type { CliCommand, ParsedArgs } from '../command';
import { CliError, EXIT } from '../exit-codes';
import { flag, stringOption } from '../options';
import { defaultDataDir } from './serve';

const RESOLUTIONS: readonly HistorySource[] = ['raw', '1m', '1h'];

function timeOption(args: ParsedArgs, name: string, fallback?: number): number {
  const text = stringOption(args, name);
  if (text === undefined) {
    if (fallback !== undefined) return fallback;
    throw new CliError(EXIT.USAGE, `history export: --${name} is required (ISO 8601, e.g. 2026-12-01T00:00:00Z)`);
  }
  const ms = Date.parse(text);
  if (Number.isNaN(ms)) throw new CliError(EXIT.USAGE, `history export: --${name} '${text}' is not an ISO 8601 time`);
  return ms;
}

function pointsOption(args: ParsedArgs): Array<{ station: string; point: string }> {
  const text = stringOption(args, 'points');
  if (!text) throw new CliError(EXIT.USAGE, 'history export: --points station/ref,... is required');
  return text.split(',').map((id) => {
    const slash = id.indexOf('/');
    if (slash <= 0 || slash === id.length - 1) throw new CliError(EXIT.USAGE, `history export: point '${id}' is not station/ref (e.g. rtu1/ai:3)`);
    return { station: id.slice(0, slash), point: id.slice(slash + 1) };
  });
}

function resolutionOption(args: ParsedArgs): HistorySource {
  const text = stringOption(args, 'resolution') ?? 'raw';
  if (!(RESOLUTIONS as readonly string[]).includes(text)) throw new CliError(EXIT.USAGE, `history export: --resolution must be raw, 1m or 1h, got '${text}'`);
  return text as HistorySource;
}

/** Writes text to a file stream, waiting when its buffer is full. */
function fileWriter(path: string): { write(text: string): Promise<void>; end(): Promise<void> } {
  const stream = createWriteStream(path);
  return {
    async write(text) {
      if (!stream.write(text)) await once(stream, 'drain');
    },
    async end() {
      stream.end();
      await once(stream, 'finish');
    },
  };
}

/** `history export`: stored point history of a data directory as CSV. */
export const historyCommand: CliCommand = {
  name: 'history',
  summary: 'export the stored point history of a workspace as CSV (raw samples or 1m/1h buckets)',
  usage: [
    'usage: switchyard history export --points station/ref[,station/ref...] --from ISO [--to ISO]',
    '                                 [--workspace DIR] [--resolution raw|1m|1h] [--out FILE.csv] [--json]',
    '',
    "Reads history.db of the workspace's data directory (it may be in use by the app or",
    '`serve`: the export reads what is committed) and writes CSV: time (ISO 8601 UTC),',
    'station, point, value, quality; with --resolution 1m or 1h one row per stored bucket',
    'that starts in the range, with the last sample as value and quality, and min, max, avg',
    '(of valid samples), count (valid samples) and invalid (invalid samples).',
    '  --points LIST       point ids station/ref, comma-separated (e.g. rtu1/ai:3,feeder/ioa:3001@1)',
    '  --from ISO          start of the range, inclusive (e.g. 2026-12-01T00:00:00Z)',
    '  --to ISO            end of the range, exclusive (default now)',
    '  --workspace DIR     the data directory (default ~/.config/Switchyard, as serve)',
    '  --resolution R      raw (default), 1m or 1h',
    '  --out FILE.csv      write to a file, CRLF line ends (default stdout, LF); the row count goes to stdout',
    '  --json              with --out: one object { rows, points, from, to, resolution, out }',
    'Exit 2 on a bad option, or when DIR has no history.db.',
  ].join('\n'),
  options: {
    points: { type: 'string' },
    from: { type: 'string' },
    to: { type: 'string' },
    workspace: { type: 'string' },
    resolution: { type: 'string' },
    out: { type: 'string' },
    json: { type: 'boolean' },
  },
  async run(args, io) {
    if (args.positionals[0] !== 'export' || args.positionals.length !== 1) throw new CliError(EXIT.USAGE, 'history: the one subcommand is export (see history --help)');
    const points = pointsOption(args);
    const from = timeOption(args, 'from');
    const to = timeOption(args, 'to', Date.now());
    if (from >= to) throw new CliError(EXIT.USAGE, 'history export: --from must be before --to');
    const resolution = resolutionOption(args);
    const file = join(stringOption(args, 'workspace') ?? defaultDataDir(), 'history.db');
    if (!existsSync(file)) throw new CliError(EXIT.USAGE, `history export: no history in ${file}`);
    const store = await HistoryStore.open({ file, mustExist: true, retention: { rawDays: 0, minuteDays: 0, hourDays: 0 } });
    try {
      for (const p of points) if (!store.has(p.station, p.point)) io.err(`warning: no history of ${p.station}/${p.point}`);
      const out = stringOption(args, 'out');
      const writer = out ? fileWriter(out) : { write: (text: string) => io.out(text.replace(/\r\n$/, '').replaceAll('\r\n', '\n')), end: () => Promise.resolve() };
      const written = await writeHistoryCsv(store, { points, from, to, resolution }, (text) => writer.write(text));
      await writer.end();
      if (!written.ok) throw new CliError(EXIT.USAGE, `history export: ${written.error.message}`);
      if (out) {
        const summary = { rows: written.value.rows, points: points.length, from: new Date(from).toISOString(), to: new Date(to).toISOString(), resolution, out };
        io.out(flag(args, 'json') ? JSON.stringify(summary) : `${summary.rows} rows of ${summary.points} point(s) written to ${out}`);
      }
      return EXIT.OK;
    } finally {
      await store.close();
    }
  },
};
