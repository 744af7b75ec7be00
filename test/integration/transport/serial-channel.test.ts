/**
 * DNP3 over a virtual serial line (socat pty pair): one master channel, the outstation
 * simulator on the other end. Multidrop: ONE serving process answers two outstation
 * addresses on its end of the pair, as two devices on one RS-485 pair answer one master;
 * two simulator processes cannot share one pty end, and a test-side multiplexer would
 * only add a third party that a real line does not have.
 */
import { afterEach, describe, expect, it } from 'vitest';
import type { SessionEvent } from '../../../src-shared/session';
import { createDnp3Master, createDnp3Outstation } from '../../../src-main/protocols/dnp3';
import { DEFAULT_SERIAL_LINE, serialLineStats, serveSerial, SessionDriver, type LinkState, type SerialLineSettings } from '../../../src-main/transport';
import { openSerialLine } from '../../../src-main/transport/serial-port';
import { until } from '../helpers/until';
import { HAVE_SOCAT, VirtualSerialPair } from '../helpers/virtual-serial';

const cleanups: Array<() => Promise<void> | void> = [];
afterEach(async () => {
  for (const c of cleanups.splice(0).reverse()) await c();
});

async function pair(): Promise<VirtualSerialPair> {
  const p = await new VirtualSerialPair().plugIn();
  cleanups.push(() => p.dispose());
  return p;
}

const line = (path: string, extra: Partial<SerialLineSettings> = {}): SerialLineSettings => ({ ...DEFAULT_SERIAL_LINE, path, baudRate: 115200, ...extra });

async function simulate(path: string, addresses: number[], reopenMs = 1000, analogs = 10): Promise<void> {
  const served = await serveSerial({
    line: line(path),
    addresses,
    reopenMs,
    createSession: (address) =>
      createDnp3Outstation({ outstationAddress: address, counts: { ai: analogs }, epochOffsetMs: Date.now() - performance.now() }),
  });
  if (!served.ok) throw new Error(served.error.message);
  cleanups.push(() => served.value.close());
}

function master(path: string, outstation: number, onRx?: () => void): { driver: SessionDriver; events: SessionEvent[]; states: LinkState[] } {
  const events: SessionEvent[] = [];
  const states: LinkState[] = [];
  const driver = new SessionDriver({
    session: createDnp3Master({ outstationAddress: outstation, responseTimeoutMs: 2000, epochOffsetMs: Date.now() - performance.now() }),
    endpoints: { kind: 'serial', line: line(path), masterAddress: 1, outstationAddress: outstation, responseTimeoutMs: 2000 },
    onEvent: (e) => events.push(e),
    onState: (s) => states.push(s),
    onBytes: (direction) => {
      if (direction === 'rx') onRx?.();
    },
    backoff: { initialMs: 100, maxMs: 300 },
    stopGraceMs: 50,
  });
  cleanups.push(() => driver.stop());
  driver.start();
  return { driver, events, states };
}

const readyCount = (events: SessionEvent[]): number => events.filter((e) => e.type === 'state' && e.state === 'ready').length;
const refs = (events: SessionEvent[]): Set<string> => new Set(events.flatMap((e) => (e.type === 'points' ? e.updates.map((u) => u.ref) : [])));
const commandDone = (events: SessionEvent[]) => events.find((e) => e.type === 'command' && e.stage === 'done');

describe.skipIf(!HAVE_SOCAT)('DNP3 over a serial line', () => {
  it('polls and operates one outstation end to end (integrity poll, SBO with feedback)', async () => {
    const p = await pair();
    await simulate(p.b, [10]);
    const { driver, events } = master(p.a, 10);
    await until('ready', () => readyCount(events) >= 1);
    expect(refs(events).size).toBe(70);
    driver.call({ op: 'command', command: { id: 'c1', target: 'bo:1', action: { action: 'on' }, mode: 'sbo' } });
    await until('command done', () => commandDone(events));
    expect(commandDone(events)).toMatchObject({ result: 'SUCCESS', ok: true });
    const stats = serialLineStats(p.a);
    expect(stats).toMatchObject({ path: p.a, format: '115200 8N1', stations: [10], crcErrors: 0, unroutedFrames: 0 });
    expect(stats!.framesTx).toBeGreaterThan(3);
    expect(stats!.transactions).toBeGreaterThan(3);
  });

  it('multidrop: two outstations on one line, polled in turn over one port, each with its own points and commands', async () => {
    const p = await pair();
    await simulate(p.b, [10, 11]);
    const s10 = master(p.a, 10);
    const s11 = master(p.a, 11);
    await until('both ready', () => readyCount(s10.events) >= 1 && readyCount(s11.events) >= 1);
    expect(refs(s10.events).size).toBe(70);
    expect(refs(s11.events).size).toBe(70);
    s10.driver.call({ op: 'command', command: { id: 'a', target: 'bo:2', action: { action: 'on' }, mode: 'direct' } });
    s11.driver.call({ op: 'command', command: { id: 'b', target: 'bo:3', action: { action: 'on' }, mode: 'direct' } });
    await until('both commands done', () => commandDone(s10.events) && commandDone(s11.events));
    expect(commandDone(s10.events)).toMatchObject({ ok: true });
    expect(commandDone(s11.events)).toMatchObject({ ok: true });
    // Each station saw only its own outstation's frames: nothing was unrouted, nothing dropped as foreign.
    const stats = serialLineStats(p.a)!;
    expect(stats.stations).toEqual([10, 11]);
    expect(stats.unroutedFrames).toBe(0);
    expect([...s10.events, ...s11.events].filter((e) => e.type === 'error' && /WRONG_SOURCE/.test(e.code))).toEqual([]);
    // The two masters' requests waited for each other: more than one transaction, none timed out.
    expect(stats.holdTimeouts).toBe(0);
    expect(stats.transactions).toBeGreaterThanOrEqual(8);
  });

  it('cable pulled mid-fragment: the link is reported lost (PORT_LOST), nothing crashes, and it reconnects when the port returns', async () => {
    const p = await pair();
    // 4000 analog inputs: the integrity response is many fragments, each confirmed before the next.
    await simulate(p.b, [10], 200, 4000);
    // Pull the cable when the first frame of the poll's response arrives, before the master
    // has seen it (the tap runs first) and so before it confirms the fragment: the rest never comes.
    let pulled: Promise<void> | null = null;
    let armed = false;
    const { driver, events, states } = master(p.a, 10, () => {
      if (armed && pulled === null) pulled = p.pull();
    });
    await until('ready', () => readyCount(events) >= 1);
    const tasks = (): number => events.filter((e) => e.type === 'task' && e.ok).length;
    const tasksBefore = tasks();
    armed = true;
    driver.call({ op: 'interrogate' });
    await until('cable pulled', () => pulled !== null);
    await pulled;
    await until('link lost', () => states.some((s) => s.state !== 'connected' && s.error?.code === 'PORT_LOST'));
    expect(tasks()).toBe(tasksBefore);
    expect(serialLineStats(p.a)).toBeNull();
    await until('retrying while the port is missing', () => states.some((s) => s.state === 'backoff' && s.error?.code === 'PORT_MISSING'));
    await p.plugIn();
    await until('ready again', () => readyCount(events) >= 2, 20_000);
    expect(states.at(-1)?.state).toBe('connected');
  });

  it('names a port that is missing or busy', async () => {
    const p = await pair();
    const { states } = master(`${p.dir}/nothing-here`, 10);
    await until('missing', () => states.find((s) => s.error?.code === 'PORT_MISSING'));
    await simulate(p.b, [10]);
    const second = await serveSerial({ line: line(p.b), addresses: [11], createSession: () => createDnp3Outstation() });
    expect(second.ok ? 'opened' : second.error.code).toBe('PORT_BUSY');
  });

  it('opens a port again at once after closing it: the open waits for the close, whose lock it would meet', async () => {
    const p = await pair();
    // Without that wait, 300 cycles met PORT_BUSY in 2 runs of 3 with both cores busy.
    for (let i = 0; i < 300; i++) {
      const opened = await openSerialLine(line(p.a));
      expect(opened.ok ? 'opened' : opened.error.code).toBe('opened');
      if (opened.ok) opened.value.close();
    }
  });

  it('refuses a station whose line settings disagree with the open port', async () => {
    const p = await pair();
    await simulate(p.b, [10, 11]);
    const first = master(p.a, 10);
    await until('ready', () => readyCount(first.events) >= 1);
    const states: LinkState[] = [];
    const driver = new SessionDriver({
      session: createDnp3Master({ outstationAddress: 11 }),
      endpoints: { kind: 'serial', line: line(p.a, { baudRate: 9600 }), masterAddress: 1, outstationAddress: 11, responseTimeoutMs: 2000 },
      onState: (s) => states.push(s),
      reconnect: false,
    });
    cleanups.push(() => driver.stop());
    driver.start();
    await until('refused', () => states.find((s) => s.state === 'disconnected'));
    expect(states.find((s) => s.state === 'disconnected')?.error?.message).toMatch(/other line settings \(baudRate 115200 vs 9600\)/);
  });
});
