import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Simulator } from '../../../src-main/commissioning/target/simulator';
import { COMMANDS } from '../../../src-main/host/cli/commands';
import { runCommand } from './helpers/cli-run';
import { startSim } from './helpers/sims';

const run = (argv: string[]): ReturnType<typeof runCommand> => runCommand(COMMANDS, argv);

let sim: Simulator;
let locked: Simulator;
let served: string;
let out: string;
const record = Buffer.from(Array.from({ length: 20_000 }, (_, i) => (i * 31 + 7) & 0xff));

beforeAll(async () => {
  const base = mkdtempSync(join(tmpdir(), 'cli-files-'));
  served = join(base, 'served');
  out = join(base, 'out');
  mkdirSync(join(served, 'records'), { recursive: true });
  mkdirSync(out);
  writeFileSync(join(served, 'records', 'fault-0001.dat'), record);
  writeFileSync(join(served, 'readme.txt'), 'device files\n');
  sim = await startSim({ protocol: 'dnp3', points: 1, rate: 0, files: { directory: served } });
  locked = await startSim({ protocol: 'dnp3', points: 1, rate: 0, files: { directory: served, password: 'pa55' } });
});
afterAll(async () => {
  await sim.close();
  await locked.close();
  rmSync(join(served, '..'), { recursive: true, force: true });
});

describe('files <url> list | get', () => {
  it('lists the root and a sub-directory, as lines and as JSON', async () => {
    const root = await run(['files', sim.url, 'list']);
    expect(root.code).toBe(0);
    expect(root.stdout.map((l) => l.replace(/ \S+T\S+Z /, ' TIME '))).toEqual([`-         13 TIME /readme.txt`, `d          0 TIME /records`]);
    const sub = await run(['files', sim.url, 'list', '/records', '--json']);
    expect(JSON.parse(sub.stdout[0]!)).toEqual([{ name: '/records/fault-0001.dat', kind: 'file', size: 20_000, modifiedMs: expect.any(Number) }]);
  });

  it('gets a file byte-identical into --out; a missing one exits 5 NOT_FOUND; a missing --out is a usage error', async () => {
    const r = await run(['files', sim.url, 'get', '/records/fault-0001.dat', '--out', out, '--json']);
    expect(r.code).toBe(0);
    expect(JSON.parse(r.stdout[0]!)).toMatchObject({ ok: true, result: 'SUCCESS', received: 20_000, size: 20_000, path: join(out, 'fault-0001.dat') });
    expect(readFileSync(join(out, 'fault-0001.dat'))).toEqual(record);
    const missing = await run(['files', sim.url, 'get', '/records/none.dat', '--out', out]);
    expect(missing.code).toBe(5);
    expect(missing.stdout[0]).toContain('NOT_FOUND');
    expect((await run(['files', sim.url, 'get', '/readme.txt'])).code).toBe(2);
    expect((await run(['files', sim.url, 'get', '/readme.txt', '--out', join(out, 'nope')])).code).toBe(2);
  });

  it('--resume continues an existing NAME.part and writes only the rest', async () => {
    const dir = mkdtempSync(join(out, 'resume-'));
    writeFileSync(join(dir, 'fault-0001.dat.part'), record.subarray(0, 7000));
    const r = await run(['files', sim.url, 'get', '/records/fault-0001.dat', '--out', dir, '--resume']);
    expect(r.code).toBe(0);
    expect(readFileSync(join(dir, 'fault-0001.dat'))).toEqual(record);
  });

  it('authenticates with --user and --password when the device asks for it', async () => {
    const refused = await run(['files', locked.url, 'get', '/readme.txt', '--out', out]);
    expect(refused.code).toBe(5);
    expect(refused.stdout[0]).toContain('PERMISSION_DENIED');
    const ok = await run(['files', locked.url, 'get', '/readme.txt', '--out', out, '--user', 'eng', '--password', 'pa55']);
    expect(ok.code).toBe(0);
    expect(readFileSync(join(out, 'readme.txt'), 'utf8')).toBe('device files\n');
  });
});

describe('files <iec104-url> list | get (the same service over IEC 104 file transfer)', () => {
  it('lists the directory by IOA/NOF, gets a multi-section file byte-identical as ioa<IOA>-nof<NOF>, and resumes a .part', async () => {
    const iec = await startSim({ protocol: 'iec104', points: 1, rate: 0, files: { directory: join(served, 'records') } });
    try {
      const list = await run(['files', iec.url, 'list', '--json']);
      expect(list.code).toBe(0);
      expect(JSON.parse(list.stdout[0]!)).toEqual([{ name: '4096/1', kind: 'file', size: 20_000, modifiedMs: expect.any(Number) }]);
      const dir = mkdtempSync(join(out, 'iec104-'));
      const r = await run(['files', iec.url, 'get', '4096/1', '--out', dir]);
      expect(r.code).toBe(0);
      expect(readFileSync(join(dir, 'ioa4096-nof1'))).toEqual(record);
      writeFileSync(join(dir, 'ioa4096-nof1.part'), record.subarray(0, 9000));
      expect((await run(['files', iec.url, 'get', '4096/1', '--out', dir, '--resume'])).code).toBe(0);
      expect(readFileSync(join(dir, 'ioa4096-nof1'))).toEqual(record);
      const missing = await run(['files', iec.url, 'get', '4096/9', '--out', dir]);
      expect(missing.code).toBe(5);
      expect(missing.stdout[0]).toContain('NOT_FOUND');
    } finally {
      await iec.close();
    }
  });
});
