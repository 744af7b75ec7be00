import { mkdtempSync, rmSync } from 'node:fs';
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
const json = (r: { stdout: string[] }): Record<string, unknown> => JSON.parse(r.stdout[0]!) as Record<string, unknown>;

let dnp3: Simulator;
let iec104: Simulator;
let dir: string;

beforeAll(async () => {
  dnp3 = await startSim({ protocol: 'dnp3', points: 3, rate: 20 });
  iec104 = await startSim({ protocol: 'iec104', points: 2, rate: 0 });
  dir = mkdtempSync(join(tmpdir(), 'cli-tasks-'));
});
afterAll(async () => {
  await dnp3.close();
  await iec104.close();
  rmSync(dir, { recursive: true, force: true });
});

const polled = async (ref: string): Promise<unknown> => {
  const r = await run(['poll', dnp3.url, '--json']);
  if (r.code !== 0) throw new Error(r.stderr.join(' '));
  return (JSON.parse(r.stdout[0]!) as Array<{ ref: string; value: unknown }>).find((p) => p.ref === ref)?.value;
};

describe('DNP3 device task commands', () => {
  it('freezes one counter range and clears it; no-ack prints SENT', async () => {
    // The simulator changes values while a master is connected: keep one watching.
    const watching = run(['watch', dnp3.url, '--duration', '4', '--summary']);
    await expect.poll(() => polled('ctr:1'), { timeout: 10_000 }).not.toBe(0);
    await watching;
    const r = await run(['freeze', dnp3.url, '--clear', '--range', '1-1']);
    expect(r.code).toBe(0);
    expect(r.stdout[0]).toBe('freeze-and-clear counters 1-1: SUCCESS');
    expect(await polled('fc:1')).not.toBe(0);
    expect(await polled('fc:2')).toBe(0);
    expect(json(await run(['freeze', dnp3.url, '--no-ack', '--json']))).toMatchObject({ task: 'immediate freeze no-ack counters all', ok: true, result: 'SENT' });
  });

  it('restarts cold and warm with the delay, assigns a class, switches unsolicited and reads attributes', async () => {
    const cold = await run(['restart', dnp3.url, '--cold']);
    expect(cold.code).toBe(0);
    expect(cold.stdout[0]).toBe('cold restart: SUCCESS');
    expect(cold.stdout[1]).toMatch(/^ {2}delayMs: \d+$/);
    expect(json(await run(['restart', dnp3.url, '--warm', '--json']))).toMatchObject({ result: 'SUCCESS', value: { delayMs: expect.any(Number) } });
    expect((await run(['assign-class', dnp3.url, '--class', '2', '--type', 'bi', '--range', '0-2'])).stdout[0]).toBe('assign class 2 to g1 0-2: SUCCESS');
    expect((await run(['unsolicited', dnp3.url, '--disable', '--class', '1,3'])).stdout[0]).toBe('disable unsolicited class 1,3: SUCCESS');
    const attrs = json(await run(['attributes', dnp3.url, '--json']));
    expect(attrs).toMatchObject({ ok: true, value: { manufacturerName: 'Switchyard', numCounters: 3 } });
    const one = await run(['attributes', dnp3.url, '--variation', '252']);
    expect(one.stdout).toEqual(['read device attributes g0v252: SUCCESS', '  manufacturerName: Switchyard']);
  });

  it('exits 5 naming the IIN when the outstation does not know the object, 2 for bad usage', async () => {
    const r = await run(['attributes', dnp3.url, '--variation', '1']);
    expect(r.code).toBe(5);
    expect(r.stdout[0]).toMatch(/^read device attributes g0v1: OBJECT_UNKNOWN/);
    expect((await run(['restart', dnp3.url])).code).toBe(2);
    expect((await run(['restart', dnp3.url, '--cold', '--warm'])).code).toBe(2);
    expect((await run(['freeze', dnp3.url, '--range', '5-2'])).stderr[0]).toMatch(/ends before it starts/);
    expect((await run(['assign-class', dnp3.url, '--class', '1', '--type', 'xx'])).code).toBe(2);
    expect((await run(['counters', dnp3.url])).stderr[0]).toMatch(/an? IEC 104 function; give a iec104 URL/);
    expect((await run(['operate', dnp3.url, '--point', 'bo:0', '--on', '--count', '2'])).code).toBe(2);
  });

  it.skipIf(!TSHARK)('sends the CROB pulse count, on and off times given by --count, --on-ms and --off-ms (tshark)', async () => {
    const proxy = await startRecordingProxy(dnp3.port);
    try {
      const url = `dnp3://127.0.0.1:${proxy.port}?master=1&outstation=10`;
      const r = await run(['operate', url, '--point', 'bo:1', '--pulse-on', '--count', '3', '--on-ms', '40', '--off-ms', '60', '--direct']);
      expect(r.code).toBe(0);
      const file = join(dir, 'crob.pcap');
      writePcap(file, proxy.packets);
      const rows = tsharkFields(file, ['dnp3.al.func', 'dnp3.al.count', 'dnp3.al.on_time', 'dnp3.al.off_time'], 'dnp3.al.func == 5');
      expect(rows[0]).toEqual(['5', '3', '40', '60']);
    } finally {
      await proxy.close();
    }
  });
});

describe('IEC 104 device task commands', () => {
  it('runs counter interrogation and prints the integrated totals', async () => {
    const r = await run(['counters', iec104.url]);
    expect(r.code).toBe(0);
    expect(r.stdout[0]).toMatch(/^counter interrogation general request: SUCCESS/);
    expect(r.stdout.some((l) => l.startsWith('ioa:2001') && l.includes('M_IT_NA_1'))).toBe(true);
    const group = json(await run(['counters', iec104.url, '--group', '2', '--freeze', 'freeze-reset', '--json']));
    expect(group).toMatchObject({ task: 'counter interrogation group 2 freezeReset', ok: true });
    expect((await run(['counters', iec104.url, '--freeze', 'thaw'])).code).toBe(2);
  });

  it('reads one IOA, sends a test command and a reset process', async () => {
    const read = json(await run(['read', iec104.url, '--point', 'ioa:1001', '--json']));
    expect(read).toMatchObject({ task: 'read ioa:1001', ok: true, result: 'SUCCESS' });
    expect(read.points).toEqual([expect.objectContaining({ ref: 'ioa:1001', type: 'M_SP_NA_1' })]);
    const unknown = await run(['read', iec104.url, '--point', 'ioa:4999']);
    expect(unknown.code).toBe(5);
    expect((await run(['test-command', iec104.url])).stdout[0]).toBe('test command: SUCCESS');
    expect((await run(['reset-process', iec104.url, '--qrp', '2'])).stdout[0]).toMatch(/^reset process QRP 2: /);
  });
});
