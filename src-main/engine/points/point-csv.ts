/**
 * CSV import and export of a station's point list.
 *
 * Column set (header row required, columns in any order, names case-insensitive; only
 * `address` is required, empty cells take the defaults):
 *
 * | column        | meaning                                                        | example          |
 * |---------------|----------------------------------------------------------------|------------------|
 * | address       | DNP3 `bi:3`, `dbi:1`, `bo:0`, `ai:7`, `ao:2`, `ctr:4`, `fc:4`; IEC 104 `ioa:3001@1` (IOA at CA) | `ai:0` |
 * | name          | point name                                                     | `Feeder current` |
 * | description   | free text                                                      |                  |
 * | unit          | engineering unit                                               | `A`              |
 * | scale         | engineering = raw x scale + offset (default 1)                 | `0.1`            |
 * | offset        | (default 0)                                                    | `0`              |
 * | state_labels  | `value=label` pairs separated by `;`                           | `0=Open;1=Closed`|
 * | hh, h, l, ll  | analog alarm limits in engineering units                       | `90`             |
 * | deadband      | hysteresis for clearing limit alarms (default 0)               | `1`              |
 * | priority      | priority of H/L alarms 1-4 (HH/LL one more urgent; default 3)  | `2`              |
 * | state_alarms  | `state:priority` pairs separated by `;`                        | `1:1;3:2`        |
 * | quality_alarm | `true` to alarm on invalid quality / communication lost        | `true`           |
 * | event_deadband| analogs, counters: change logged as SOE only from this far (default: 1% of the largest limit, else of the value) | `0.5` |
 * | type          | export only: the type last reported (ignored on import)        | `g30v1`          |
 *
 * Rows are validated with the workspace schema; an invalid row is reported by its line
 * number and column and nothing is imported.
 */
import * as v from 'valibot';
import { describeSchemaIssues } from '../../../src-shared/workspace/migrate';
import { PointConfig, type PointConfigInput } from '../../../src-shared/workspace/point-config';
import { parseCsv, toCsv } from './csv';

/** The exported columns, in order. */
const POINT_CSV_COLUMNS = ['address', 'name', 'description', 'unit', 'scale', 'offset', 'state_labels', 'hh', 'h', 'l', 'll', 'deadband', 'priority', 'state_alarms', 'quality_alarm', 'event_deadband', 'type'] as const;

/** Result of parsing a point CSV. */
export type PointCsvParse = { ok: true; points: PointConfig[] } | { ok: false; message: string };

const num = (text: string, column: string, line: number): number | undefined => {
  if (text.trim() === '') return undefined;
  const value = Number(text);
  if (!Number.isFinite(value)) throw new Error(`line ${line}, ${column}: not a number: ${text}`);
  return value;
};

function pairs(text: string, separator: string, column: string, line: number): Array<[string, string]> {
  if (text.trim() === '') return [];
  return text.split(';').map((part) => {
    const at = part.indexOf(separator);
    if (at <= 0) throw new Error(`line ${line}, ${column}: expected key${separator}value pairs separated by ';'`);
    return [part.slice(0, at).trim(), part.slice(at + 1).trim()];
  });
}

function rowToInput(cell: (name: string) => string, line: number): PointConfigInput {
  const limits = { hh: num(cell('hh'), 'hh', line), h: num(cell('h'), 'h', line), l: num(cell('l'), 'l', line), ll: num(cell('ll'), 'll', line) };
  const hasLimits = Object.values(limits).some((x) => x !== undefined);
  const input: PointConfigInput = {
    address: cell('address').trim(),
    name: cell('name'),
    description: cell('description'),
    unit: cell('unit'),
    scale: num(cell('scale'), 'scale', line),
    offset: num(cell('offset'), 'offset', line),
    stateLabels: Object.fromEntries(pairs(cell('state_labels'), '=', 'state_labels', line)),
    stateAlarms: pairs(cell('state_alarms'), ':', 'state_alarms', line).map(([state, priority]) => ({ state: num(state, 'state_alarms', line)!, priority: num(priority, 'state_alarms', line)! })),
    qualityAlarm: /^(true|1|yes)$/i.test(cell('quality_alarm').trim()),
  };
  if (hasLimits) {
    const alarms: NonNullable<PointConfigInput['alarms']> = {};
    for (const [key, value] of Object.entries(limits)) if (value !== undefined) alarms[key as 'hh'] = value;
    const deadband = num(cell('deadband'), 'deadband', line);
    const priority = num(cell('priority'), 'priority', line);
    if (deadband !== undefined) alarms.deadband = deadband;
    if (priority !== undefined) alarms.priority = priority;
    input.alarms = alarms;
  }
  const eventDeadband = num(cell('event_deadband'), 'event_deadband', line);
  if (eventDeadband !== undefined) input.eventDeadband = eventDeadband;
  for (const key of ['scale', 'offset'] as const) if (input[key] === undefined) delete input[key];
  return input;
}

/** Parses a point list CSV. */
export function parsePointCsv(text: string): PointCsvParse {
  const rows = parseCsv(text.replace(/^\uFEFF/, ''));
  if (rows.length === 0) return { ok: false, message: 'the CSV is empty' };
  const header = rows[0]!.map((h) => h.trim().toLowerCase());
  if (!header.includes('address')) return { ok: false, message: 'the header has no address column' };
  const unknown = header.filter((h) => !(POINT_CSV_COLUMNS as readonly string[]).includes(h));
  if (unknown.length) return { ok: false, message: `unknown column(s): ${unknown.join(', ')}` };
  const points: PointConfig[] = [];
  const seen = new Set<string>();
  try {
    for (let r = 1; r < rows.length; r++) {
      const row = rows[r]!;
      const line = r + 1;
      const cell = (name: string): string => row[header.indexOf(name)] ?? '';
      const parsed = v.safeParse(PointConfig, rowToInput(cell, line));
      if (!parsed.success) return { ok: false, message: `line ${line}: ${describeSchemaIssues(parsed.issues)}` };
      if (seen.has(parsed.output.address)) return { ok: false, message: `line ${line}: address ${parsed.output.address} appears twice` };
      seen.add(parsed.output.address);
      points.push(parsed.output);
    }
  } catch (error) {
    return { ok: false, message: (error as Error).message };
  }
  return { ok: true, points };
}

/** Writes a point list as CSV; `types` gives the last reported type by address. */
export function pointsToCsv(points: readonly PointConfig[], types: ReadonlyMap<string, string> = new Map()): string {
  return toCsv(
    POINT_CSV_COLUMNS,
    points.map((p) => [
      p.address,
      p.name,
      p.description,
      p.unit,
      p.scale,
      p.offset,
      Object.entries(p.stateLabels).map(([k, label]) => `${k}=${label}`).join(';'),
      p.alarms?.hh,
      p.alarms?.h,
      p.alarms?.l,
      p.alarms?.ll,
      p.alarms?.deadband,
      p.alarms?.priority,
      p.stateAlarms.map((a) => `${a.state}:${a.priority}`).join(';'),
      p.qualityAlarm,
      p.eventDeadband,
      types.get(p.address) ?? '',
    ]),
  );
}
