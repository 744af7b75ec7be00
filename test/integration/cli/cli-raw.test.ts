import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Simulator } from '../../../src-main/commissioning/target/simulator';
import { COMMANDS } from '../../../src-main/host/cli/commands';
import { TSHARK, tsharkFields } from '../../unit/pcap/tshark';
import { writePcap } from '../../unit/protocols/dnp3/pcap';
import { runCommand } from './helpers/cli-run';
import { startRecordingProxy } from './helpers/recording-proxy';
import { startSim } from './helpers/sims';

const run = (argv: string[]): ReturnType<typeof runCommand> => runCommand(COMMANDS, argv);

let dnp3: Simulator;
let dir: string;
/** Writes a ranges file and returns its path. */
function ranges(name: string, body: unknown): string {
  const file = join(dir, `${name}.json`);
  writeFileSync(file, JSON.stringify(body));
  return file;
}

beforeAll(async () => {
  dnp3 = await startSim({ protocol: 'dnp3', points: 2, rate: 0 });
  dir = mkdtempSync(join(tmpdir(), 'cli-raw-'));
});
afterAll(async () => {
  await dnp3.close();
  rmSync(dir, { recursive: true, force: true });
});

describe('raw', () => {
  it('reads g0v252 from object ranges and prints the decoded response and its octets', async () => {
    const file = ranges('attr', { function: 'read', ranges: [{ type: 0, variation: 252, index_prefix: 0, qualifier_code: 6 }] });
    const r = await run(['raw', dnp3.url, '--ranges', file]);
    expect(r.code).toBe(0);
    expect(r.stdout[0]).toBe('RESPONSE: SUCCESS');
    expect(r.stdout.some((l) => l.startsWith('g0v252') && l.includes('Switchyard'))).toBe(true);
    expect(r.stdout.at(-1)).toMatch(/^rx 05 64 [0-9a-f ]+$/);
    const json = JSON.parse((await run(['raw', dnp3.url, '--ranges', file, '--json'])).stdout[0]!) as Record<string, unknown>;
    expect(json).toMatchObject({ ok: true, function: 'RESPONSE', objects: [{ object: 'g0v252', value: expect.objectContaining({ value: 'Switchyard' }) }], octets: [expect.stringMatching(/^05 64/)] });
  });

  it('reads a start-stop range of analog inputs with --function by number', async () => {
    const file = ranges('ai', { function: 'write', ranges: [{ type: 30, variation: 1, index_prefix: 0, qualifier_code: 0, start: 1, stop: 1 }] });
    const json = JSON.parse((await run(['raw', dnp3.url, '--ranges', file, '--function', '1', '--json'])).stdout[0]!) as { points: Array<{ ref: string }> };
    expect(json.points.map((p) => p.ref)).toEqual(['ai:1']);
  });

  it.skipIf(!TSHARK)('sends a write of g34v1 with its points_data as the JSON describes (tshark) and exits 5 on the IIN error', async () => {
    const proxy = await startRecordingProxy(dnp3.port);
    try {
      const file = ranges('deadband', { function: 'write', ranges: [{ type: 34, variation: 1, index_prefix: 0, qualifier_code: 0, start: 0, stop: 0, points_data: '0a00' }] });
      const r = await run(['raw', `dnp3://127.0.0.1:${proxy.port}?master=1&outstation=10`, '--ranges', file]);
      expect(r.code).toBe(5);
      expect(r.stdout[0]).toMatch(/OBJECT_UNKNOWN/);
      const pcap = join(dir, 'raw.pcap');
      writePcap(pcap, proxy.packets);
      const rows = tsharkFields(pcap, ['dnp3.al.func', 'dnp3.al.obj', 'dnp3.al.objq.prefix', 'dnp3.al.objq.range', 'dnp3.al.range.start', 'dnp3.al.range.stop', 'dnp3.al.ana.int'], 'dnp3.al.obj == 0x2201');
      // g34v1 = 0x2201; prefix 0, range code 0, 0..0, the 16-bit deadband 0x000a = 10.
      expect(rows).toEqual([['2', '0x2201', '0', '0', '0', '0', '10']]);
    } finally {
      await proxy.close();
    }
  });

  it('exits 2 naming the field of a bad description', async () => {
    const missing = await run(['raw', dnp3.url, '--ranges', ranges('bad', { function: 'read', ranges: [{ type: 30, variation: 0, qualifier_code: 1 }] })]);
    expect(missing.code).toBe(2);
    expect(missing.stderr[0]).toMatch(/ranges\[0\]: qualifier_code 1 needs start and stop/);
    expect((await run(['raw', dnp3.url, '--ranges', ranges('fn', { function: 'frobnicate', ranges: [] })])).stderr[0]).toMatch(/unknown function code "frobnicate"/);
    expect((await run(['raw', dnp3.url, '--ranges', join(dir, 'none.json')])).code).toBe(2);
    expect((await run(['raw', 'iec104://127.0.0.1:2404', '--ranges', 'x.json'])).code).toBe(2);
  });
});
