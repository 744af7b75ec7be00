/**
 * `bridge <station-url>... --mqtt URL --group G --node N --duration S` against a real
 * mosquitto and two simulators: the same Sparkplug code as the engine publishes NBIRTH,
 * a DBIRTH per station with every point the interrogation reported, DDATA in seq order,
 * and an orderly NDEATH with the NBIRTH's bdSeq at the end.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import mqtt from 'mqtt';
import sparkplug from 'sparkplug-payload';
import type { UPayload } from 'sparkplug-payload/lib/sparkplugbpayload';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Simulator } from '../../../src-main/commissioning/target/simulator';
import { COMMANDS } from '../../../src-main/host/cli/commands';
import { startMosquitto, type Mosquitto } from '../helpers/mosquitto';
import { until } from '../helpers/until';
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
    const run = await runCommand(COMMANDS, ['bridge', dnp3.url, iec104.url, '--mqtt', broker.url, '--group', 'Plant', '--node', 'Bridge1', '--duration', '6']);
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

  it('with --primary-host publishes nothing while the host is offline, and births once its STATE says online', async () => {
    const host = await mqtt.connectAsync(broker.url);
    const seen: string[] = [];
    host.on('message', (topic) => seen.push(topic.split('/')[2]!));
    await host.subscribeAsync('spBv1.0/Waiting/#', { qos: 1 });
    const bridge = (): ReturnType<typeof runCommand> =>
      runCommand(COMMANDS, ['bridge', dnp3.url, '--mqtt', broker.url, '--group', 'Waiting', '--node', 'B', '--primary-host', 'SCADA', '--duration', '2']);
    try {
      await host.publishAsync('spBv1.0/STATE/SCADA', JSON.stringify({ online: false, timestamp: Date.now() }), { qos: 1, retain: true });
      const waiting = await bridge();
      expect(waiting.code, waiting.stderr.join('\n')).toBe(0);
      expect(waiting.stderr).toContain('sparkplug: waiting for primary host SCADA to be online before the births');
      await host.publishAsync('spBv1.0/Waiting/echo', 'x', { qos: 1 });
      await until('echo', () => seen.includes('echo'));
      expect(seen).toEqual(['echo']);

      await host.publishAsync('spBv1.0/STATE/SCADA', JSON.stringify({ online: true, timestamp: Date.now() }), { qos: 1, retain: true });
      const born = await bridge();
      expect(born.code, born.stderr.join('\n')).toBe(0);
      expect(born.stderr).toContain('sparkplug: primary host SCADA online: publishing the births');
      await until('NDEATH', () => seen.includes('NDEATH'));
      expect(seen.slice(1, 3)).toEqual(['NBIRTH', 'DBIRTH']);
    } finally {
      await host.publishAsync('spBv1.0/STATE/SCADA', '', { qos: 1, retain: true });
      await host.endAsync();
    }
  }, 30_000);

  it('reads the broker password from --password-file only when it is readable by its owner alone', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'sy-bridge-pw-'));
    const file = join(dir, 'pw');
    writeFileSync(file, 'secret-in-file\n', { mode: 0o644 });
    try {
      const refused = await runCommand(COMMANDS, ['bridge', dnp3.url, '--mqtt', broker.url, '--group', 'G', '--node', 'N', '--password-file', file]);
      expect(refused).toMatchObject({ code: 2, stderr: [`switchyard: bridge: MQTT password file ${file}: readable by others (mode 0644): chmod 600 ${file}`] });
      const unset = await runCommand(COMMANDS, ['bridge', dnp3.url, '--mqtt', broker.url, '--group', 'G', '--node', 'N', '--password-env', 'SY_NOT_SET_ANYWHERE']);
      expect(unset).toMatchObject({ code: 2, stderr: ['switchyard: bridge: MQTT password: environment variable SY_NOT_SET_ANYWHERE is not set'] });
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('refuses a bad --group and a missing --mqtt as usage errors', async () => {
    const bad = await runCommand(COMMANDS, ['bridge', dnp3.url, '--mqtt', broker.url, '--group', 'a/b', '--node', 'N']);
    expect(bad).toMatchObject({ code: 2, stderr: [expect.stringContaining("--group 'a/b': no +, # or /")] });
    const missing = await runCommand(COMMANDS, ['bridge', dnp3.url, '--group', 'G', '--node', 'N']);
    expect(missing).toMatchObject({ code: 2, stderr: [expect.stringContaining('--mqtt URL is required')] });
  });
});
