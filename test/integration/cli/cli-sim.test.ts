import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { runCli } from '../../../src-main/host/cli/cli';
import { COMMANDS } from '../../../src-main/host/cli/commands';
import { writePcap } from '../../unit/protocols/dnp3/pcap';
import { captureIo, hasTshark, runCommand, tsharkFields } from './helpers/cli-run';
import { startRecordingProxy } from './helpers/recording-proxy';

const run = (argv: string[]): ReturnType<typeof runCommand> => runCommand(COMMANDS, argv);
const dir = mkdtempSync(join(tmpdir(), 'cli-sim-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

/** Writes a JSON file and returns its path. */
function jsonFile(name: string, body: unknown): string {
  const file = join(dir, `${name}.json`);
  writeFileSync(file, JSON.stringify(body));
  return file;
}

/** The JSON lines of `watch --json`, values by point reference in the order they came. */
function valuesByRef(lines: string[]): Map<string, number[]> {
  const byRef = new Map<string, number[]>();
  for (const line of lines) {
    const p = JSON.parse(line) as { ref: string; value: number };
    byRef.set(p.ref, [...(byRef.get(p.ref) ?? []), p.value]);
  }
  return byRef;
}

/** Runs `sim` in-process until `body` is done, after its address lines were printed. */
async function withSim(argv: string[], body: (url: string, stdout: string[]) => Promise<void>): Promise<void> {
  const io = captureIo();
  const exit = runCli(['sim', ...argv], COMMANDS, 'test', io);
  try {
    await expect.poll(() => io.stdout.length, { timeout: 10_000 }).toBeGreaterThan(2);
    await body(/(\S+:\/\/\S+)/.exec(io.stdout[0]!)![1]!, io.stdout);
  } finally {
    io.interrupt();
    expect(await exit).toBe(0);
  }
}

describe('sim', () => {
  it('prints the IEC 104 command addresses with their type and status point at start', async () => {
    await withSim(['iec104', '--port', '0', '--rate', '0'], async (url, stdout) => {
      expect(url).toMatch(/^iec104:\/\/127\.0\.0\.1:\d+\?ca=1$/);
      expect(stdout[1]).toBe('commands:');
      expect(stdout).toContain('  ioa:5001 C_SC_NA_1, status ioa:1001');
      expect(stdout).toContain('  ioa:5002 C_DC_NA_1, status ioa:1002, select required');
      expect(stdout).toContain('  ioa:5007 C_SE_NC_1, status ioa:1007');
      // The printed address is one the station accepts.
      const r = await run(['operate', url, '--point', 'ioa:5001', '--on', '--direct']);
      expect(r.code).toBe(0);
    });
  });

  it('keeps one DNP3 database across connections: a CROB is what the next poll reads', async () => {
    await withSim(['dnp3', '--port', '0', '--rate', '0', '--points', '3'], async (url, stdout) => {
      expect(stdout.slice(1, 5)).toEqual(['points:', '  bi:0-2 binary inputs', '  dbi:0-2 double-bit inputs', '  bo:0-2 binary output status, CROB target']);
      const poll = async (): Promise<unknown> => {
        const r = await run(['poll', url, '--json']);
        return (JSON.parse(r.stdout[0]!) as Array<{ ref: string; value: unknown }>).find((p) => p.ref === 'bo:1')?.value;
      };
      expect(await poll()).toBe(false);
      const on = await run(['operate', url, '--point', 'bo:1', '--on']);
      expect(on.code).toBe(0);
      expect(on.stdout.at(-1)).toMatch(/SUCCESS/);
      expect(await poll()).toBe(true);
      expect((await run(['operate', url, '--point', 'bo:1', '--off', '--direct'])).code).toBe(0);
      expect(await poll()).toBe(false);
    });
  });

  it('serves scripted DNP3 answers from --responses to raw and attributes; other requests from its database', async () => {
    const acme = `010a${Buffer.from('ACME Power').toString('hex')}`;
    const file = jsonFile('responses', {
      responses: [
        { request: { function: 'read', ranges: [{ type: 0, variation: 252, qualifier_code: 6 }] }, response: { ranges: [{ type: 0, variation: 252, qualifier_code: 0, start: 0, stop: 0, points_data: acme }] } },
        // what `attributes --variation 252` sends: g0v252 qualifier 0x00 (its range left open)
        { request: { function: 'read', ranges: [{ type: 0, variation: 252, qualifier_code: 0 }] }, response: { ranges: [{ type: 0, variation: 252, qualifier_code: 0, start: 0, stop: 0, points_data: acme }] } },
      ],
    });
    await withSim(['dnp3', '--port', '0', '--rate', '0', '--points', '2', '--responses', file], async (url, stdout) => {
      expect(stdout).toContain(`scripted answers: 2 from ${file}`);
      const raw = await run(['raw', url, '--ranges', jsonFile('read252', { function: 'read', ranges: [{ type: 0, variation: 252, index_prefix: 0, qualifier_code: 6 }] }), '--json']);
      expect(raw.code).toBe(0);
      expect(JSON.parse(raw.stdout[0]!)).toMatchObject({ ok: true, iinWords: ['NEED_TIME'], objects: [{ object: 'g0v252', value: { name: 'manufacturerName', value: 'ACME Power' } }] });
      expect((await run(['attributes', url, '--variation', '252'])).stdout).toEqual(['read device attributes g0v252: SUCCESS', '  manufacturerName: ACME Power']);
      expect((await run(['attributes', url, '--variation', '250'])).stdout).toEqual(['read device attributes g0v250: SUCCESS', '  productNameAndModel: Switchyard DNP3 outstation simulator']);
      if (!hasTshark()) return;
      // an independent decoder reads the scripted response as the file describes it
      const proxy = await startRecordingProxy(Number(/:(\d+)\?/.exec(url)![1]));
      try {
        expect((await run(['attributes', `dnp3://127.0.0.1:${proxy.port}?master=1&outstation=10`, '--variation', '252'])).code).toBe(0);
        const pcap = join(dir, 'scripted.pcap');
        writePcap(pcap, proxy.packets);
        const rows = tsharkFields(pcap, ['tcp.port==20000,dnp3'], ['dnp3.al.obj', 'dnp3.al.objq.range', 'dnp3.al.datatype', 'dnp3.al.da.length', 'dnp3.al.da.value'], 'dnp3.al.func == 129 && dnp3.al.obj == 0x00fc');
        expect(rows).toEqual([['0x00fc', '0', '0x01', '10', 'ACME Power']]);
      } finally {
        await proxy.close();
      }
    });
  });

  it('exits 2 for a --responses file that is not valid, naming the entry and field', async () => {
    const good = { request: { function: 'read', ranges: [{ type: 0, variation: 252, qualifier_code: 6 }] }, response: { ranges: [] } };
    const bad = { request: { function: 'read', ranges: [{ type: 0, variation: 252, qualifier_code: 6 }] }, response: { ranges: [{ type: 0, variation: 252, qualifier_code: 0, start: 0, stop: 0, points_data: 'zz' }] } };
    const file = jsonFile('bad-responses', { responses: [good, bad] });
    const r = await run(['sim', 'dnp3', '--port', '0', '--responses', file]);
    expect(r.code).toBe(2);
    expect(r.stderr[0]).toBe(`switchyard: sim: --responses ${file}: responses[1].response.ranges[0].points_data must be hex octets, e.g. "0a00"`);
    expect((await run(['sim', 'dnp3', '--port', '0', '--responses', join(dir, 'missing.json')])).stderr[0]).toMatch(/^switchyard: sim: cannot read --responses .*missing\.json/);
    expect((await run(['sim', 'iec104', '--port', '0', '--responses', file])).stderr[0]).toBe('switchyard: sim: --responses is for DNP3');
  });

  it('floods DNP3 analog events with --flood: watch --json sees each point count up without a gap', async () => {
    await withSim(['dnp3', '--port', '0', '--points', '3', '--flood', '300'], async (url, stdout) => {
      expect(stdout).toContain('flood: 300/s analog input events (g32v3, class 2) of ai:0-2 in turn; each point counts 1, 2, 3...');
      const watch = await run(['watch', url, '--json', '--duration', '2']);
      expect(watch.code).toBe(0);
      const byRef = valuesByRef(watch.stdout);
      let events = 0;
      for (const ref of ['ai:0', 'ai:1', 'ai:2']) {
        const values = byRef.get(ref) ?? [];
        // the integrity poll's static value repeats the last event it carried (a step of 0); a lost event is a step of 2 or more
        const steps = values.slice(1).map((v, i) => v - values[i]!);
        expect(steps.every((d) => d === 0 || d === 1), `${ref}: ${values.join(',')}`).toBe(true);
        events += values.at(-1)! - values[0]!;
      }
      expect(events).toBeGreaterThan(100);
    });
    expect((await run(['sim', 'dnp3', '--port', '0', '--flood', '10', '--rate', '5'])).stderr[0]).toBe('switchyard: sim: --flood replaces the --rate changes; give one of them');
    expect((await run(['sim', 'dnp3', '--port', '0', '--flood', '0'])).code).toBe(2);
  });

  it('floods IEC 104 spontaneous M_ME_NC_1 with --flood: watch --json sees the sequence numbers without a gap', async () => {
    await withSim(['iec104', '--port', '0', '--flood', '300'], async (url, stdout) => {
      expect(stdout).toContain('flood: 300/s spontaneous M_ME_NC_1 at ioa:4001, value = sequence number 0, 1, 2... (per connection)');
      const watch = await run(['watch', url, '--json', '--duration', '2']);
      expect(watch.code).toBe(0);
      const values = valuesByRef(watch.stdout).get('ioa:4001') ?? [];
      expect(values.length).toBeGreaterThan(100);
      expect(values).toEqual(values.map((_, i) => values[0]! + i));
      expect(watch.stdout.filter((l) => l.includes('"ioa:4001"')).every((l) => l.includes('"type":"M_ME_NC_1"'))).toBe(true);
    });
  });

  it('answers IEC 104 group interrogations with the points of the group: poll --group N (QOI 20+N, tshark)', async () => {
    await withSim(['iec104', '--port', '0', '--rate', '0', '--points', '2'], async (url, stdout) => {
      expect(stdout).toContain('  group 1 (poll --group 1): ioa:1001,1002,1008,1010,1011');
      expect(stdout).toContain('  group 4 (poll --group 4): ioa:3001,3002');
      const refs = async (group: number, target = url): Promise<string[]> => {
        const r = await run(['poll', target, '--group', String(group), '--json']);
        expect(r.code).toBe(0);
        return (JSON.parse(r.stdout[0]!) as Array<{ ref: string }>).map((p) => p.ref);
      };
      expect(await refs(1)).toEqual(['ioa:1001', 'ioa:1002', ...Array.from({ length: 16 }, (_, b) => `ioa:1008.${b}`), 'ioa:1010', 'ioa:1011']);
      expect(await refs(2)).toEqual(['ioa:1003', 'ioa:1004', 'ioa:1012', 'ioa:1013']);
      expect(await refs(4)).toEqual(['ioa:3001', 'ioa:3002']);
      expect(await refs(16)).toEqual([]);
      const text = await run(['poll', url, '--group', '3']);
      expect(text.stdout.at(-1)).toMatch(/^7 points in \d+ ms \(group 3\)$/);
      // counter interrogation by group: group 1 is ioa:2001, group 2 ioa:2002
      const counters = JSON.parse((await run(['counters', url, '--group', '1', '--json'])).stdout[0]!) as { points: Array<{ ref: string }> };
      expect(counters.points.map((p) => p.ref)).toEqual(['ioa:2001']);
      for (const bad of ['0', '17', 'x']) expect((await run(['poll', url, '--group', bad])).stderr[0]).toBe(`switchyard: --group must be a whole number 1-16, got '${bad}'`);
      expect((await run(['counters', url, '--group', '5'])).code).toBe(2);
      expect((await run(['poll', 'dnp3://127.0.0.1:20000', '--group', '1'])).stderr[0]).toBe('switchyard: poll: --group is the IEC 104 group interrogation; give an iec104 URL');
      if (!hasTshark()) return;
      const proxy = await startRecordingProxy(Number(/:(\d+)\?/.exec(url)![1]));
      try {
        expect(await refs(3, `iec104://127.0.0.1:${proxy.port}?ca=1`)).toHaveLength(7);
        const file = join(dir, 'group3.pcap');
        writePcap(file, proxy.packets);
        // C_IC_NA_1 act, actcon and actterm, each with QOI 23 (group 3); a frame may carry several ASDUs
        const asdus = tsharkFields(file, ['tcp.port==20000,iec60870_104'], ['iec60870_asdu.typeid', 'iec60870_asdu.causetx', 'iec60870_asdu.qoi'], 'iec60870_asdu').flatMap(([types, causes]) => {
          const c = causes!.split(',');
          return types!.split(',').map((t, i) => [t, c[i]]);
        });
        expect(asdus.filter(([t]) => t === '100').map(([, c]) => c)).toEqual(['6', '7', '10']);
        const qois = tsharkFields(file, ['tcp.port==20000,iec60870_104'], ['iec60870_asdu.qoi'], 'iec60870_asdu.qoi').flatMap(([q]) => q!.split(','));
        expect(qois).toEqual(['23', '23', '23']);
      } finally {
        await proxy.close();
      }
    });
  });
});
