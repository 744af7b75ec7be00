/**
 * The CLI over a virtual serial line (socat pty pair): `sim dnp3 --serial` on one end,
 * poll / operate / time-sync / check on the other with the dnp3+serial:// URL, and the
 * check naming each serial failure: port missing, busy, permission denied, no answer at
 * this baud (silent, and garbled as a wrong baud rate makes it), wrong address answered.
 * The last two use a test-side device on the far end that answers as such a device would.
 */
import { spawnSync } from 'node:child_process';
import { afterEach, describe, expect, it } from 'vitest';
import { SerialPort } from 'serialport';
import { encodeLinkFrame, LinkFramer } from '../../../src-main/protocols/dnp3';
import { runProcess, startProcess, type RunningProcess } from './helpers/cli-process';
import { HAVE_SOCAT, VirtualSerialPair } from '../helpers/virtual-serial';

const cleanups: Array<() => Promise<unknown> | void> = [];
afterEach(async () => {
  for (const c of cleanups.splice(0).reverse()) await c();
});

async function pair(): Promise<VirtualSerialPair> {
  const p = await new VirtualSerialPair().plugIn();
  cleanups.push(() => p.dispose());
  return p;
}

async function sim(args: string[]): Promise<RunningProcess> {
  const running = await startProcess(['sim', 'dnp3', ...args]);
  cleanups.push(() => running.interrupt());
  return running;
}

const url = (path: string, query = 'baud=9600&parity=none&databits=8&stopbits=1&master=1&outstation=10'): string => `dnp3+serial://${path}?${query}`;

/** A device on `path` that answers every primary frame with `reply(frame source)`. */
async function fakeDevice(path: string, reply: (source: number) => Uint8Array): Promise<void> {
  const port = new SerialPort({ path, baudRate: 9600, autoOpen: false });
  await new Promise<void>((resolve, reject) => port.open((err) => (err ? reject(err) : resolve())));
  const framer = new LinkFramer();
  port.on('data', (chunk: Buffer) => {
    for (const item of framer.push(new Uint8Array(chunk))) if (item.ok && item.frame.prm) port.write(Buffer.from(reply(item.frame.source)));
  });
  cleanups.push(() => new Promise<void>((resolve) => port.close(() => resolve())));
}

/** Root can open any pty; the permission case needs an unprivileged user (setpriv to nobody). */
const CAN_DROP_ROOT = process.getuid?.() === 0 && spawnSync('setpriv', ['--version']).status === 0;

describe.skipIf(!HAVE_SOCAT)('CLI over a serial line', () => {
  it('sim dnp3 --serial serves two outstations; poll, operate and time-sync reach each by its address', async () => {
    const p = await pair();
    const running = await sim(['--serial', p.b, '--baud', '9600', '--outstation', '10', '--outstation', '11', '--rate', '0']);
    expect(running.firstLine).toBe(`DNP3 outstation simulator on serial ${p.b} 9600 8N1, outstations 10, 11`);
    const poll = await runProcess(['poll', url(p.a, 'baud=9600&parity=none&databits=8&stopbits=1&master=1&outstation=11'), '--json']);
    expect(poll.code).toBe(0);
    const points = JSON.parse(poll.stdout) as Array<{ ref: string }>;
    expect(points).toHaveLength(70);
    const operate = await runProcess(['operate', url(p.a), '--point', 'bo:4', '--on', '--sbo', '--json']);
    expect(operate.code).toBe(0);
    expect(JSON.parse(operate.stdout)).toMatchObject({ result: 'SUCCESS' });
    // Outstation 10's output changed, outstation 11's did not: two devices on one line.
    const after10 = JSON.parse((await runProcess(['poll', url(p.a), '--json'])).stdout) as Array<{ ref: string; value: unknown }>;
    const after11 = JSON.parse((await runProcess(['poll', url(p.a, 'outstation=11'), '--json'])).stdout) as Array<{ ref: string; value: unknown }>;
    expect(after10.find((x) => x.ref === 'bo:4')?.value).toBe(true);
    expect(after11.find((x) => x.ref === 'bo:4')?.value).toBe(false);
    const sync = await runProcess(['time-sync', url(p.a, 'outstation=11')]);
    expect(sync.code).toBe(0);
    expect(sync.stdout).toMatch(/SUCCESS/);
    const check = await runProcess(['check', url(p.a), '--probes', '2']);
    expect(check.code).toBe(0);
    expect(check.stdout).toMatch(/port {6}opened .* 9600 8N1/);
    expect(check.stdout).toMatch(/protocol {2}passed/);
  }, 120_000);

  it('check names a missing port (exit 3)', async () => {
    const p = await pair();
    const run = await runProcess(['check', url(`${p.dir}/ttyUSB7`)]);
    expect(run.code).toBe(3);
    expect(run.stderr).toMatch(/check failed at serial: PORT_MISSING/);
    expect(run.stdout).toMatch(/likely: No port .*ttyUSB7/);
  });

  it('check names a busy port, locked by the simulator (exit 3)', async () => {
    const p = await pair();
    await sim(['--serial', p.b]);
    const run = await runProcess(['check', url(p.b), '--json']);
    expect(run.code).toBe(3);
    const report = JSON.parse(run.stdout) as { failure: { stage: string; code: string }; serial: { diagnosis: { checks: string[] } } };
    expect(report.failure).toMatchObject({ stage: 'serial', code: 'PORT_BUSY' });
    expect(report.serial.diagnosis.checks.join(' ')).toMatch(/fuser/);
  });

  it.skipIf(!CAN_DROP_ROOT)('check names a port this user may not open (exit 3)', async () => {
    const p = await pair();
    const run = spawnSync('setpriv', ['--reuid=65534', '--regid=65534', '--clear-groups', process.execPath, 'node_modules/tsx/dist/cli.mjs', 'src-main/host/cli/main.ts', 'check', url(p.a)], { encoding: 'utf8' });
    expect(run.status).toBe(3);
    expect(run.stderr).toMatch(/check failed at serial: PERMISSION_DENIED/);
    expect(run.stdout).toMatch(/dialout/);
  });

  it('check names a silent line: no answer at this baud (exit 4)', async () => {
    const p = await pair();
    const run = await runProcess(['check', url(p.a), '--timeout', '1', '--probes', '1']);
    expect(run.code).toBe(4);
    expect(run.stderr).toMatch(/NO_ANSWER: no answer at 9600 8N1 from outstation 10; nothing at all came back/);
  });

  it('check points at the baud rate when only garbled octets come back', async () => {
    const p = await pair();
    // What a device at 19200 baud looks like at 9600: octets, but never a frame.
    await fakeDevice(p.b, () => Uint8Array.of(0xff, 0x80, 0x00, 0xf8, 0x78, 0x00, 0xe0));
    const run = await runProcess(['check', url(p.a), '--timeout', '1', '--probes', '1', '--json']);
    expect(run.code).toBe(4);
    const report = JSON.parse(run.stdout) as { protocol: { problems: Array<{ code: string; message: string; likelyCauses: string[] }> } };
    const problem = report.protocol.problems[0]!;
    expect(problem.code).toBe('NO_ANSWER');
    expect(problem.message).toMatch(/octets arrived that were no DNP3 frame/);
    expect(problem.likelyCauses[0]).toMatch(/another baud rate or parity than 9600 8N1/);
  });

  it('check names a device that answers from another address (exit 4)', async () => {
    const p = await pair();
    // A device configured as outstation 11 that answers whatever it is asked.
    await fakeDevice(p.b, (master) => encodeLinkFrame({ dir: false, prm: false, func: 11, destination: master, source: 11 }));
    const run = await runProcess(['check', url(p.a), '--timeout', '1', '--probes', '1']);
    expect(run.code).toBe(4);
    expect(run.stderr).toMatch(/WRONG_ADDRESS: wrong address: expected LINK_STATUS 10->1, the device answered 11->1/);
  });

  it('rejects a serial URL that is not one (exit 2)', async () => {
    const run = await runProcess(['poll', 'dnp3+serial:///dev/ttyUSB0?parity=mark']);
    expect(run.code).toBe(2);
    expect(run.stderr).toMatch(/parity must be one of none, even, odd, got 'mark'/);
  });
});
