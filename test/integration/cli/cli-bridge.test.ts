/**
 * `bridge <station-url>... --mqtt URL --group G --node N --duration S` against a real
 * mosquitto and two simulators: the same Sparkplug code as the engine publishes NBIRTH,
 * a DBIRTH per station with every point the interrogation reported, DDATA in seq order,
 * and an orderly NDEATH with the NBIRTH's bdSeq at the end.
 */
import mqtt from 'mqtt';
import sparkplug from 'sparkplug-payload';
import type { UPayload } from 'sparkplug-payload/lib/sparkplugbpayload';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Simulator } from '../../../src-main/commissioning/target/simulator';
import { COMMANDS } from '../../../src-main/host/cli/commands';
import { startMosquitto, type Mosquitto } from '../helpers/mosquitto';
import { runCommand } from './helpers/cli-run';
import { startSim } from './helpers/sims';

const codec = sparkplug.get('spBv1.0')!;
let broker: Mosquitto;
let dnp3: Simulator;
let iec104: Simulator;

beforeAll(async () => {
  broker = await startMosquitto();
  dnp3 = await startSim({ protocol: 'dnp3', points: 3, rate: 0 });
  iec104 = await startSim({ protocol: 'iec104', points: 3, rate: 20 });
});
afterAll(async () => {
  await dnp3.close();
  await iec104.close();
  await broker.close();
});

describe('bridge', () => {
  it('publishes the stations as Sparkplug devices for --duration, then NDEATH', async () => {
    const host = await mqtt.connectAsync(broker.url);
    const seen: Array<{ type: string; device?: string; payload: UPayload }> = [];
    host.on('message', (topic, bytes) => {
      const [, , type, , device] = topic.split('/');
      seen.push({ type: type!, device, payload: codec.decodePayload(new Uint8Array(bytes)) });
    });
    await host.subscribeAsync('spBv1.0/Plant/#', { qos: 1 });
    const run = await runCommand(COMMANDS, ['bridge', dnp3.url, iec104.url, '--mqtt', broker.url, '--group', 'Plant', '--node', 'Bridge1', '--duration', '3']);
    await host.endAsync();
    expect(run.code, run.stderr.join('\n')).toBe(0);
    expect(run.stdout.at(-1)).toMatch(/^\d+ messages \(\d+ metrics\) published, 0 buffered, 0 dropped$/);
    const dnpDevice = `dnp3-127.0.0.1-${dnp3.port}`;
    const iecDevice = `iec104-127.0.0.1-${iec104.port}`;
    expect(seen.slice(0, 3).map((m) => [m.type, m.device])).toEqual([
      ['NBIRTH', undefined],
      ['DBIRTH', dnpDevice],
      ['DBIRTH', iecDevice],
    ]);
    expect(seen.at(-1)!.type).toBe('NDEATH');
    const bdSeq = (m: { payload: UPayload }): number => Number(m.payload.metrics!.find((x) => x.name === 'bdSeq')!.value);
    expect(bdSeq(seen.at(-1)!)).toBe(bdSeq(seen[0]!));
    expect(seen.slice(0, -1).map((m) => Number(m.payload.seq))).toEqual(seen.slice(0, -1).map((_, i) => i % 256));
    // DNP3 simulator with 3 points of each of 7 types: 21 metrics; IEC 104 addresses carry the common address.
    expect(seen[1]!.payload.metrics).toHaveLength(21);
    expect(seen[2]!.payload.metrics!.map((m) => m.name)).toContain('ioa:3001@1');
    expect(seen.some((m) => m.type === 'DDATA' && m.device === iecDevice)).toBe(true);
  }, 30_000);

  it('refuses a bad --group and a missing --mqtt as usage errors', async () => {
    const bad = await runCommand(COMMANDS, ['bridge', dnp3.url, '--mqtt', broker.url, '--group', 'a/b', '--node', 'N']);
    expect(bad).toMatchObject({ code: 2, stderr: [expect.stringContaining("--group 'a/b': no +, # or /")] });
    const missing = await runCommand(COMMANDS, ['bridge', dnp3.url, '--group', 'G', '--node', 'N']);
    expect(missing).toMatchObject({ code: 2, stderr: [expect.stringContaining('--mqtt URL is required')] });
  });
});
