/**
 * `history export`: the stored history of a data directory as CSV, on stdout or into a
 * file, raw or in 1-minute buckets; exit 2 with one line for bad options or no history.
 */
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { HistoryStore } from '../../../src-main/engine/history/history-store';
import { COMMANDS } from '../../../src-main/host/cli/commands';
import { EXIT } from '../../../src-main/host/cli/exit-codes';
import { runCommand } from './helpers/cli-run';

const dir = mkdtempSync(join(tmpdir(), 'sy-cli-history-'));
const T0 = Date.UTC(2026, 10, 30, 10, 0, 0);
const iso = (ms: number): string => new Date(ms).toISOString();

beforeAll(async () => {
  const store = await HistoryStore.open({ file: join(dir, 'history.db'), retention: { rawDays: 3650, minuteDays: 3650, hourDays: 36500 }, now: () => T0 });
  const good = store.qualityId(['ONLINE']);
  const lost = store.qualityId(['ONLINE', 'COMM_LOST']);
  const a = store.seriesId('rtu1', 'ai:3');
  const b = store.seriesId('feeder', 'ioa:3001@1');
  for (let i = 0; i < 4; i++) store.append(a, T0 + i * 20_000, 10 + i, good, false);
  store.append(a, T0 + 80_000, 13, lost, true);
  store.append(b, T0 + 5000, 1.25, store.qualityId([]), false);
  await store.close();
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('history export', () => {
  it('writes raw samples of several points to stdout, oldest first per point', async () => {
    const run = await runCommand(COMMANDS, ['history', 'export', '--workspace', dir, '--points', 'rtu1/ai:3,feeder/ioa:3001@1', '--from', iso(T0), '--to', iso(T0 + 3_600_000)]);
    expect(run.stderr).toEqual([]);
    expect(run.code).toBe(EXIT.OK);
    expect(run.stdout.join('\n').split('\n')).toEqual([
      'time,station,point,value,quality',
      `${iso(T0)},rtu1,ai:3,10,ONLINE`,
      `${iso(T0 + 20_000)},rtu1,ai:3,11,ONLINE`,
      `${iso(T0 + 40_000)},rtu1,ai:3,12,ONLINE`,
      `${iso(T0 + 60_000)},rtu1,ai:3,13,ONLINE`,
      `${iso(T0 + 80_000)},rtu1,ai:3,13,ONLINE COMM_LOST`,
      `${iso(T0 + 5000)},feeder,ioa:3001@1,1.25,`,
    ]);
  });

  it('writes 1-minute buckets with min, max, avg and counts into a file', async () => {
    const out = join(dir, 'minutes.csv');
    const run = await runCommand(COMMANDS, ['history', 'export', '--workspace', dir, '--points', 'rtu1/ai:3', '--from', iso(T0), '--to', iso(T0 + 3_600_000), '--resolution', '1m', '--out', out, '--json']);
    expect(run.code).toBe(EXIT.OK);
    expect(JSON.parse(run.stdout[0]!)).toEqual({ rows: 2, points: 1, from: iso(T0), to: iso(T0 + 3_600_000), resolution: '1m', out });
    expect(readFileSync(out, 'utf8')).toBe(
      [
        'time,station,point,value,quality,min,max,avg,count,invalid',
        `${iso(T0)},rtu1,ai:3,12,ONLINE,10,12,11,3,0`,
        `${iso(T0 + 60_000)},rtu1,ai:3,13,ONLINE COMM_LOST,13,13,13,1,1`,
        '',
      ].join('\r\n'),
    );
  });

  it('warns about a point without history and still exits 0', async () => {
    const run = await runCommand(COMMANDS, ['history', 'export', '--workspace', dir, '--points', 'rtu9/bi:1', '--from', iso(T0)]);
    expect(run.code).toBe(EXIT.OK);
    expect(run.stderr).toEqual(['warning: no history of rtu9/bi:1']);
    expect(run.stdout).toEqual(['time,station,point,value,quality']);
  });

  it.each([
    [['history', 'export', '--workspace', dir, '--from', iso(T0)], /--points station\/ref,\.\.\. is required/],
    [['history', 'export', '--workspace', dir, '--points', 'ai:3', '--from', iso(T0)], /'ai:3' is not station\/ref/],
    [['history', 'export', '--workspace', dir, '--points', 'rtu1/ai:3', '--from', 'yesterday'], /--from 'yesterday' is not an ISO 8601 time/],
    [['history', 'export', '--workspace', dir, '--points', 'rtu1/ai:3', '--from', iso(T0), '--to', iso(T0)], /--from must be before --to/],
    [['history', 'export', '--workspace', dir, '--points', 'rtu1/ai:3', '--from', iso(T0), '--resolution', '5m'], /--resolution must be raw, 1m or 1h/],
    [['history', 'export', '--workspace', join(dir, 'none'), '--points', 'rtu1/ai:3', '--from', iso(T0)], /no history in/],
    [['history', 'import'], /the one subcommand is export/],
  ])('exits 2 with one line: %j', async (argv, reason) => {
    const run = await runCommand(COMMANDS, argv);
    expect(run.code).toBe(EXIT.USAGE);
    expect(run.stderr).toHaveLength(1);
    expect(run.stderr[0]).toMatch(reason);
  });
});
