import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Simulator } from '../../../src-main/commissioning/target/simulator';
import { COMMANDS } from '../../../src-main/host/cli/commands';
import { TSHARK, tsharkFields } from '../../unit/pcap/tshark';
import { writePcap } from '../../unit/protocols/dnp3/pcap';
import { tsharkFields as iec104Fields } from '../../unit/protocols/iec104/pcap';
import { runCommand } from './helpers/cli-run';
import { startRecordingProxy } from './helpers/recording-proxy';
import { startSim } from './helpers/sims';

const run = (argv: string[]): ReturnType<typeof runCommand> => runCommand(COMMANDS, argv);

let dnp3: Simulator;
let iec104: Simulator;
let dir: string;
/** Writes a ranges file and returns its path. */
function ranges(name: string, body: unknown): string {
  const file = join(dir, `${name}.json`);
  writeFileSync(file, JSON.stringify(body));
  return file;
}

beforeAll(async () => {
  dnp3 = await startSim({ protocol: 'dnp3', points: 2, rate: 0 });
  iec104 = await startSim({ protocol: 'iec104', points: 2, rate: 0 });
  dir = mkdtempSync(join(tmpdir(), 'cli-raw-'));
});
afterAll(async () => {
  await dnp3.close();
  await iec104.close();
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

describe('raw --asdu (IEC 104)', () => {
  const singleOn = { typeId: 'C_SC_NA_1', cause: 'act', commonAddress: 1, objects: [{ ioa: 5001, data: '01' }] };

  it('sends the ASDU and prints the answers decoded, then the octets', async () => {
    const r = await run(['raw', iec104.url, '--asdu', ranges('sc', singleOn)]);
    expect(r.code).toBe(0);
    expect(r.stdout[0]).toBe('raw C_SC_NA_1 (45) act CA 1 IOA 5001: SUCCESS');
    expect(r.stdout).toContain('C_SC_NA_1 actcon CA 1');
    expect(r.stdout).toContain('C_SC_NA_1 actterm CA 1');
    expect(r.stdout.find((l) => l.startsWith('tx '))).toMatch(/^tx 68 0e [0-9a-f]{2} [0-9a-f]{2} [0-9a-f]{2} [0-9a-f]{2} 2d 01 06 00 01 00 89 13 00 01$/);
    expect(r.stdout.filter((l) => l.startsWith('rx 68 '))).toHaveLength(r.stdout.filter((l) => / CA 1$/.test(l)).length);
  });

  it('answers a read in --json with the decoded ASDUs and their octets', async () => {
    const read = ranges('rd', { typeId: 102, cause: 'req', commonAddress: 1, objects: [{ ioa: 1001, data: '' }] });
    const json = JSON.parse((await run(['raw', iec104.url, '--asdu', read, '--json'])).stdout[0]!) as Record<string, unknown>;
    expect(json).toMatchObject({
      ok: true,
      result: 'SUCCESS',
      request: expect.stringMatching(/^68 0d( [0-9a-f]{2}){4} 66 01 05 00 01 00 e9 03 00$/),
      answers: [{ typeId: 1, type: 'M_SP_NA_1', cause: 'req', negative: false, commonAddress: 1, objects: [{ ioa: 1001, value: expect.any(String) }], octets: expect.stringMatching(/^68 /) }],
    });
  });

  it('exits 5 with the station\'s refusal by name', async () => {
    const r = await run(['raw', iec104.url, '--asdu', ranges('unknown', { ...singleOn, objects: [{ ioa: 9999, data: '01' }] })]);
    expect(r.code).toBe(5);
    expect(r.stdout[0]).toBe('raw C_SC_NA_1 (45) act CA 1 IOA 9999: UNKNOWN_IOA');
    expect(r.stdout).toContain('C_SC_NA_1 unknownioa negative CA 1');
  });

  it.skipIf(!TSHARK)('sends an I-frame that tshark decodes as the JSON describes', async () => {
    const proxy = await startRecordingProxy(iec104.port);
    try {
      const gi = ranges('gi', { typeId: 'C_IC_NA_1', cause: 6, commonAddress: 1, objects: [{ ioa: 0, data: '14' }] });
      expect((await run(['raw', `iec104://127.0.0.1:${proxy.port}?ca=1`, '--asdu', gi])).code).toBe(0);
      const pcap = join(dir, 'raw104.pcap');
      writePcap(pcap, proxy.packets);
      // the recorder's pcap puts the station on port 20000
      const rows = iec104Fields(pcap, ['iec60870_asdu.typeid', 'iec60870_asdu.causetx', 'iec60870_asdu.addr', 'iec60870_asdu.ioa', 'iec60870_asdu.qoi'], 20000);
      expect(rows.filter((row) => row[0] === '100')).toContainEqual(['100', '6', '1', '0', '20']);
    } finally {
      await proxy.close();
    }
  });

  it('exits 2 naming the field of a bad ASDU, and for the other protocol\'s options', async () => {
    const bad = await run(['raw', iec104.url, '--asdu', ranges('bad', { ...singleOn, objects: [{ ioa: 5001, data: '0100' }] })]);
    expect(bad.code).toBe(2);
    expect(bad.stderr[0]).toMatch(/raw: objects\[0\]\.data: C_SC_NA_1 elements are 1 octet\(s\), got 2$/);
    expect((await run(['raw', iec104.url, '--asdu', ranges('cause', { ...singleOn, cause: 'go' })])).stderr[0]).toMatch(/"cause": unknown cause "go"/);
    expect((await run(['raw', iec104.url, '--asdu', ranges('sc2', singleOn), '--function', 'read'])).code).toBe(2);
    expect((await run(['raw', dnp3.url, '--asdu', ranges('sc3', singleOn)])).stderr[0]).toMatch(/--asdu is for IEC 104/);
    expect((await run(['raw', iec104.url])).stderr[0]).toMatch(/raw: missing --asdu FILE\.json$/);
  });
});
