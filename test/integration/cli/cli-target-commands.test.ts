import { createServer } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Simulator } from '../../../src-main/commissioning/target/simulator';
import { COMMANDS } from '../../../src-main/host/cli/commands';
import { runCommand } from './helpers/cli-run';
import { closedPort, startSim } from './helpers/sims';

const run = (argv: string[]): ReturnType<typeof runCommand> => runCommand(COMMANDS, argv);

let dnp3: Simulator;
let iec104: Simulator;
let refusedPort: number;

beforeAll(async () => {
  dnp3 = await startSim({ protocol: 'dnp3', points: 3, rate: 20 });
  iec104 = await startSim({ protocol: 'iec104', points: 3, rate: 20 });
  refusedPort = await closedPort();
});
afterAll(async () => {
  await dnp3.close();
  await iec104.close();
});

describe('poll', () => {
  it('prints every DNP3 point of an integrity poll as CLI.md JSON', async () => {
    const r = await run(['poll', dnp3.url, '--json']);
    expect(r.code).toBe(0);
    const points = JSON.parse(r.stdout[0]!) as Array<Record<string, unknown>>;
    expect(points).toHaveLength(21);
    expect(points[0]).toEqual({ ref: 'bi:0', type: 'g1v2', value: expect.any(Boolean), quality: ['ONLINE'], time: null });
    expect(new Set(points.map((p) => String(p.ref).split(':')[0]))).toEqual(new Set(['bi', 'dbi', 'bo', 'ai', 'ao', 'ctr', 'fc']));
  });

  it('prints every IEC 104 point of a general interrogation', async () => {
    const r = await run(['poll', iec104.url]);
    expect(r.code).toBe(0);
    expect(r.stdout.find((l) => l.startsWith('ioa:3001'))).toMatch(/M_ME_NC_1/);
    expect(r.stdout.at(-1)).toMatch(/^34 points in \d+ ms$/);
    const json = JSON.parse((await run(['poll', iec104.url, '--json'])).stdout[0]!) as Array<Record<string, unknown>>;
    expect(json).toHaveLength(34); // M_PS_NA_1 at IOA 1008 is 16 single points ioa:1008.0-15
    expect(json.find((p) => p.ref === 'ioa:1008.15')).toEqual({ ref: 'ioa:1008.15', type: 'M_PS_NA_1', value: false, quality: [], time: null });
    expect(json.find((p) => p.ref === 'ioa:3001')).toEqual({ ref: 'ioa:3001', type: 'M_ME_NC_1', value: expect.any(Number), quality: [], time: null });
    expect(json.find((p) => p.ref === 'ioa:1001')).toEqual({ ref: 'ioa:1001', type: 'M_SP_NA_1', value: expect.any(Boolean), quality: [], time: null });
  });

  it('exits 3 naming refused for a closed port', async () => {
    const r = await run(['poll', `dnp3://127.0.0.1:${refusedPort}`, '--timeout', '1']);
    expect(r.code).toBe(3);
    expect(r.stderr[0]).toMatch(/REFUSED.*refused/);
    // Over UDP, the ICMP port unreachable that answers the first request.
    const udp = await run(['poll', `dnp3+udp://127.0.0.1:${refusedPort}`, '--timeout', '1']);
    expect(udp.code).toBe(3);
    expect(udp.stderr).toEqual([expect.stringMatching(/^switchyard: connection failure \(REFUSED\): .*refused/)]);
  });

  it('exits 3 naming DNS for a name that does not resolve', async () => {
    const r = await run(['poll', 'iec104://no-such-host.invalid:2404', '--timeout', '2']);
    expect(r.code).toBe(3);
    expect(r.stderr[0]).toMatch(/DNS/);
  });

  it('exits 4 naming a wrong outstation address and a wrong master address', async () => {
    const port = new URL(dnp3.url).port;
    const outstation = await run(['poll', `dnp3://127.0.0.1:${port}?outstation=11`, '--timeout', '1']);
    expect(outstation.code).toBe(4);
    expect(outstation.stderr[0]).toMatch(/wrong address: expected frames 11->1, the device sent 10->1/);
    const master = await run(['poll', `dnp3://127.0.0.1:${port}?master=2`, '--timeout', '1']);
    expect(master.code).toBe(4);
    expect(master.stderr[0]).toMatch(/WRONG_ADDRESS/);
  });

  it('exits 4 naming a wrong common address (COT 46)', async () => {
    const r = await run(['poll', `iec104://127.0.0.1:${new URL(iec104.url).port}?ca=7`, '--timeout', '1']);
    expect(r.code).toBe(4);
    expect(r.stderr[0]).toMatch(/wrong common address.*COT 46/);
  });

  it('exits 4 naming no answer for a device that accepts and stays silent', async () => {
    const silent = createServer((socket) => socket.on('error', () => undefined));
    await new Promise<void>((resolve) => silent.listen(0, '127.0.0.1', resolve));
    const port = (silent.address() as { port: number }).port;
    try {
      for (const scheme of ['dnp3', 'iec104']) {
        const r = await run(['poll', `${scheme}://127.0.0.1:${port}`, '--timeout', '0.5']);
        expect(r.code).toBe(4);
        expect(r.stderr[0]).toMatch(/protocol failure \(NO_ANSWER\): no answer/);
      }
    } finally {
      silent.close();
    }
  });

  it('exits 4 when a device accepts and closes at once', async () => {
    const full = await startSim({ protocol: 'iec104', maxConnections: 0 });
    try {
      const r = await run(['poll', full.url, '--timeout', '1']);
      expect(r.code).toBe(4);
      expect(r.stderr[0]).toMatch(/CLOSED_AFTER_ACCEPT/);
    } finally {
      await full.close();
    }
  });

  it('exits 4 naming WRONG_PROTOCOL, not a connection limit, for DNP3 at an IEC 104 port and the reverse', async () => {
    // Our IEC 104 station closes the connection at a DNP3 frame without a word.
    const dnp3AtIec104 = await run(['poll', `dnp3://127.0.0.1:${new URL(iec104.url).port}`, '--timeout', '1']);
    expect(dnp3AtIec104.code).toBe(4);
    expect(dnp3AtIec104.stderr).toEqual([expect.stringMatching(/^switchyard: protocol failure \(WRONG_PROTOCOL\): the device speaks another protocol: .*our DNP3 request/)]);
    // Our DNP3 outstation sends a link frame (05 64): it is named from those octets.
    const iec104AtDnp3 = await run(['poll', `iec104://127.0.0.1:${new URL(dnp3.url).port}`, '--timeout', '1']);
    expect(iec104AtDnp3.code).toBe(4);
    expect(iec104AtDnp3.stderr).toEqual([expect.stringMatching(/^switchyard: protocol failure \(WRONG_PROTOCOL\): the device speaks another protocol: DNP3 \(its first octets 05 64 /)]);
  });

  it('names an IEC 104 answer (68 ...) to a DNP3 request at once, well before the DNP3 startup timeouts', async () => {
    // A station that answers anything with an IEC 104 TESTFR act and keeps the connection open.
    const station = createServer((socket) => {
      socket.on('error', () => undefined);
      socket.once('data', () => socket.write(Uint8Array.of(0x68, 0x04, 0x43, 0x00, 0x00, 0x00)));
    });
    await new Promise<void>((resolve) => station.listen(0, '127.0.0.1', resolve));
    try {
      const started = performance.now();
      const r = await run(['poll', `dnp3://127.0.0.1:${(station.address() as { port: number }).port}`, '--timeout', '5']);
      expect(r.code).toBe(4);
      expect(r.stderr).toEqual([expect.stringMatching(/\(WRONG_PROTOCOL\): the device speaks another protocol: IEC 104 \(its first octets 68 04 43\), not DNP3 \(05 64\)/)]);
      expect(performance.now() - started, 'named from the first answer, not after 3 x 5 s').toBeLessThan(5000);
    } finally {
      station.close();
    }
  });

  it('exits 2 for a bad URL, an unknown URL parameter and a missing URL', async () => {
    expect((await run(['poll', 'modbus://127.0.0.1'])).code).toBe(2);
    expect((await run(['poll', 'dnp3://127.0.0.1?ca=1'])).stderr[0]).toMatch(/unknown parameter 'ca'/);
    expect((await run(['poll', 'dnp3://127.0.0.1?outstation=x'])).code).toBe(2);
    expect((await run(['poll'])).code).toBe(2);
    expect((await run(['poll', dnp3.url, '--bogus'])).code).toBe(2);
  });
});

describe('watch', () => {
  it('prints DNP3 changes as JSON lines', async () => {
    const r = await run(['watch', dnp3.url, '--duration', '1.5', '--json']);
    expect(r.code).toBe(0);
    expect(r.stdout.length).toBeGreaterThan(0);
    for (const line of r.stdout) expect(Object.keys(JSON.parse(line) as object)).toEqual(['ref', 'type', 'value', 'quality', 'time']);
  });

  it('prints an IEC 104 summary object with --summary --json', async () => {
    const r = await run(['watch', iec104.url, '--duration', '1', '--summary', '--json']);
    expect(r.code).toBe(0);
    expect(r.stdout).toHaveLength(1);
    const s = JSON.parse(r.stdout[0]!) as { updates: number; seconds: number; perSecond: number; byType: Record<string, number> };
    expect(s.updates).toBeGreaterThan(5);
    expect(s.seconds).toBeGreaterThanOrEqual(1);
    expect(Object.values(s.byType).reduce((a, b) => a + b, 0)).toBe(s.updates);
    expect(s.perSecond).toBeCloseTo(s.updates / s.seconds, 0);
  });

  it('exits 3 naming the lost connection when the device goes away', async () => {
    const leaving = await startSim({ protocol: 'iec104', rate: 10 });
    const watching = run(['watch', leaving.url, '--duration', '10', '--summary', '--json']);
    await new Promise((resolve) => setTimeout(resolve, 700));
    await leaving.close();
    const r = await watching;
    expect(r.code).toBe(3);
    expect(r.stderr[0]).toMatch(/CONNECTION_LOST/);
    expect(JSON.parse(r.stdout[0]!)).toMatchObject({ updates: expect.any(Number) });
  });

  it('prints a human summary and exits 2 for a bad duration', async () => {
    const r = await run(['watch', iec104.url, '--duration', '0.5', '--summary']);
    expect(r.code).toBe(0);
    expect(r.stdout.at(-1)).toMatch(/^\d+ updates in 0\.\d s: [\d.]+\/s$/);
    const negative = await run(['watch', iec104.url, '--duration', '-1']);
    expect(negative.code).toBe(2);
    expect(negative.stderr).toEqual(["switchyard: --duration must be a positive number of seconds, got '-1': a negative time means nothing"]);
  });
});

describe('operate', () => {
  it('runs a DNP3 CROB with select-before-operate and prints every stage', async () => {
    const r = await run(['operate', dnp3.url, '--point', 'bo:1', '--on']);
    expect(r.code).toBe(0);
    expect(r.stdout.map((l) => l.replace(/\s+/g, ' '))).toEqual([
      'SELECT SENT',
      'SELECT echo SUCCESS',
      'OPERATE SENT',
      'OPERATE echo SUCCESS',
      'feedback OUTPUT_STATUS bo:1=true',
      'result SUCCESS bo:1=true',
    ]);
  });

  it('runs DNP3 direct pulse and an analog output', async () => {
    const pulse = await run(['operate', dnp3.url, '--point', 'bo:0', '--pulse-on', '--on-ms', '50', '--direct']);
    expect(pulse.code).toBe(0);
    expect(pulse.stdout[0]).toMatch(/^DIRECT_OPERATE/);
    expect((await run(['operate', dnp3.url, '--point', 'ao:1', '--value', '12.5'])).code).toBe(0);
  });

  it('runs DNP3 trip/close pulses honouring --on-ms and a CROB NUL that ends at its echo', async () => {
    const trip = await run(['operate', dnp3.url, '--point', 'bo:2', '--trip', '--on-ms', '50', '--json']);
    expect(trip.code).toBe(0);
    expect(JSON.parse(trip.stdout[0]!)).toMatchObject({ point: 'bo:2', mode: 'sbo', result: 'SUCCESS', ok: true });
    expect((await run(['operate', dnp3.url, '--point', 'bo:2', '--close', '--on-ms', '50', '--direct'])).code).toBe(0);
    const nul = await run(['operate', dnp3.url, '--point', 'bo:1', '--nul']);
    expect(nul.code).toBe(0);
    expect(nul.stdout.map((l) => l.replace(/\s+/g, ' '))).toEqual(['SELECT SENT', 'SELECT echo SUCCESS', 'OPERATE SENT', 'OPERATE echo SUCCESS', 'result SUCCESS']);
  });

  it('exits 2 with one line for --nul on IEC 104', async () => {
    const r = await run(['operate', iec104.url, '--point', 'ioa:5001', '--nul']);
    expect(r.code).toBe(2);
    expect(r.stderr).toEqual(['switchyard: operate: --nul is the DNP3 CROB NUL; IEC 104 has no command that operates nothing']);
    expect(r.stdout).toEqual([]);
  });

  it('exits 5 naming the status when the outstation refuses', async () => {
    const r = await run(['operate', dnp3.url, '--point', 'bo:99', '--on']);
    expect(r.code).toBe(5);
    expect(r.stderr[0]).toMatch(/command failed: NOT_SUPPORTED/);
  });

  it('runs IEC 104 single, regulating step and set-point commands with ACTCON and ACTTERM', async () => {
    const single = await run(['operate', iec104.url, '--point', 'ioa:5001', '--on']);
    expect(single.code).toBe(0);
    const text = single.stdout.join('\n');
    for (const stage of ['select ACTCON', 'execute ACTCON', 'ACTTERM', 'result']) expect(text).toContain(stage);
    expect(single.stdout.at(-1)).toMatch(/SUCCESS/);
    expect((await run(['operate', iec104.url, '--point', 'ioa:5003', '--step', 'up'])).code).toBe(0);
    const setpoint = await run(['operate', iec104.url, '--point', 'ioa:5007', '--value', '3.5', '--type', 'C_SE_NC_1', '--json']);
    expect(setpoint.code).toBe(0);
    expect(JSON.parse(setpoint.stdout[0]!)).toMatchObject({ point: 'ioa:5007', mode: 'sbo', result: 'SUCCESS', ok: true });
  });

  it('exits 5 for a negative ACTCON (direct execute where select is required) and an unknown IOA', async () => {
    const negative = await run(['operate', iec104.url, '--point', 'ioa:5002', '--close', '--direct']);
    expect(negative.code).toBe(5);
    expect(negative.stderr[0]).toMatch(/NEGATIVE_ACTCON/);
    const unknown = await run(['operate', iec104.url, '--point', 'ioa:5099', '--on']);
    expect(unknown.code).toBe(5);
    expect(unknown.stderr[0]).toMatch(/UNKNOWN_IOA/);
  });

  it('sends a negative set-point given as --value -300 (DNP3 g41v1, IEC 104 C_SE_NB_1)', async () => {
    const dnp3Run = await run(['operate', dnp3.url, '--point', 'ao:1', '--value', '-300', '--type', 'g41v1', '--json']);
    expect(dnp3Run.code).toBe(0);
    expect(JSON.parse(dnp3Run.stdout[0]!)).toMatchObject({ point: 'ao:1', result: 'SUCCESS', ok: true });
    const iec104Run = await run(['operate', iec104.url, '--point', 'ioa:5006', '--value', '-300', '--type', 'C_SE_NB_1', '--json']);
    expect(iec104Run.code).toBe(0);
    expect(JSON.parse(iec104Run.stdout[0]!)).toMatchObject({ point: 'ioa:5006', result: 'SUCCESS', ok: true });
  });

  it('exits 5 at once naming BAD_VALUE for a value its type cannot carry, well before the 20 s command timeout', async () => {
    const cases: Array<[string[], RegExp]> = [
      [['operate', dnp3.url, '--point', 'ao:1', '--type', 'g41v1', '--value', '12.5'], /value 12\.5 does not fit g41v1/],
      [['operate', iec104.url, '--point', 'ioa:5006', '--type', 'C_SE_NB_1', '--value', '99999'], /scaled set-point 99999 is outside -32768 \.\. 32767/],
    ];
    for (const [argv, reason] of cases) {
      const started = performance.now();
      const r = await run(argv);
      const elapsedMs = performance.now() - started;
      expect(r.code, argv.join(' ')).toBe(5);
      expect(r.stderr).toEqual([expect.stringMatching(/^switchyard: command failed: BAD_VALUE \(/)]);
      expect(r.stderr[0]).toMatch(reason);
      expect(r.stdout).toEqual([]);
      expect(elapsedMs, 'a functional bound: far under the 20 s command timeout').toBeLessThan(5000);
    }
  });

  it('exits 2 at once with one line for an unknown --type and for --on with a set-point type', async () => {
    const cases: Array<[string[], string]> = [
      [['operate', iec104.url, '--point', 'ioa:5006', '--type', 'C_XX_NB_1', '--value', '5'], 'switchyard: operate: BAD_TYPE: C_XX_NB_1 is not a command type ('],
      [['operate', iec104.url, '--point', 'ioa:5006', '--type', 'C_SE_NB_1', '--on'], 'switchyard: operate: BAD_TYPE: on does not fit a set-point command'],
      [['operate', dnp3.url, '--point', 'ao:1', '--type', 'g41v7', '--value', '5'], 'switchyard: operate: BAD_TYPE: type g41v7 is not g41v1-g41v4'],
      [['operate', dnp3.url, '--point', 'ao:1', '--on'], 'switchyard: operate: NOT_SUPPORTED: action on does not apply to an analog output'],
    ];
    for (const [argv, line] of cases) {
      const started = performance.now();
      const r = await run(argv);
      expect(r.code, argv.join(' ')).toBe(2);
      expect(r.stderr).toHaveLength(1);
      expect(r.stderr[0]!.startsWith(line), r.stderr[0]).toBe(true);
      expect(performance.now() - started).toBeLessThan(5000);
    }
  });

  it('exits 2 for an unknown point, a missing or doubled action and a missing value', async () => {
    expect((await run(['operate', dnp3.url, '--point', 'xx:1', '--on'])).stderr[0]).toMatch(/unknown point 'xx:1'/);
    expect((await run(['operate', dnp3.url, '--point', 'bi:1', '--on'])).code).toBe(2);
    expect((await run(['operate', dnp3.url, '--point', 'bo:1'])).code).toBe(2);
    expect((await run(['operate', dnp3.url, '--point', 'bo:1', '--on', '--off'])).code).toBe(2);
    expect((await run(['operate', dnp3.url, '--point', 'ao:1', '--value', 'abc'])).code).toBe(2);
    expect((await run(['operate', dnp3.url, '--on'])).code).toBe(2);
    expect((await run(['operate', iec104.url, '--point', 'ioa:5001', '--on', '--sbo', '--direct'])).code).toBe(2);
  });
});

describe('time-sync', () => {
  it('synchronises a DNP3 outstation with each procedure and prints the offset', async () => {
    for (const procedure of [[], ['--procedure', 'non-lan'], ['--procedure', 'write']]) {
      const r = await run(['time-sync', dnp3.url, ...procedure]);
      expect(r.code).toBe(0);
      expect(r.stdout[0]).toMatch(/^time-sync SUCCESS: offset [+-]\d+\.\d ms/);
    }
  });

  it('synchronises an IEC 104 station (C_CS_NA_1) with JSON output', async () => {
    const r = await run(['time-sync', iec104.url, '--json']);
    expect(r.code).toBe(0);
    expect(JSON.parse(r.stdout[0]!)).toMatchObject({ ok: true, result: 'SUCCESS', offsetMs: expect.any(Number) });
  });

  it('exits 5 naming the cause when the station refuses the clock synchronisation', async () => {
    const r = await run(['time-sync', iec104.url.replace('ca=1', 'ca=5'), '--json']);
    expect(r.code).toBe(5);
    expect(JSON.parse(r.stdout[0]!)).toMatchObject({ ok: false, result: 'UNKNOWN_CA', offsetMs: null });
    expect(r.stderr.join('\n')).toContain('time-sync failed: UNKNOWN_CA');
  });

  it('exits 2 for a bad procedure or one given for IEC 104', async () => {
    expect((await run(['time-sync', dnp3.url, '--procedure', 'gps'])).code).toBe(2);
    expect((await run(['time-sync', iec104.url, '--procedure', 'lan'])).code).toBe(2);
  });
});
