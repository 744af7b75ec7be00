/**
 * The engine with two DNP3 stations on one serial port (a multidrop line over a socat pty
 * pair; one simulator process serves outstations 10 and 11 on the other end): both reach
 * ready with their points, a select-before-operate through the command service works on
 * each, and the stations' statistics carry the shared line's counters. And a station with
 * Secure Authentication on a serial line, its update key in the engine's secret store,
 * against the SA simulator: its controls are challenged and accepted.
 */
import { afterEach, describe, expect, it } from 'vitest';
import type { StationConfigInput } from '../../../src-shared/workspace/station';
import { startSerialSimulator } from '../../../src-main/commissioning/target/simulator';
import { serialLineOf } from '../../../src-main/engine/stations/station-runtime';
import { DEFAULT_SERIAL_LINE } from '../../../src-main/transport';
import { secretFingerprint } from '../../../src-main/engine/secrets/secret-store';
import { HAVE_SOCAT, VirtualSerialPair } from '../helpers/virtual-serial';
import { engineWith, readyWithPoints } from './helpers/engine-station';

const cleanups: Array<() => Promise<void> | void> = [];
afterEach(async () => {
  for (const c of cleanups.splice(0).reverse()) await c();
});

const station = (id: string, path: string, outstation: number): StationConfigInput => ({
  id,
  name: id,
  protocol: 'dnp3',
  transport: { kind: 'serial', serial: { path, baudRate: 19200 }, reconnectDelayMs: 200 },
  dnp3: { outstationAddress: outstation },
  commands: [{ address: 'bo:1', mode: 'sbo', actions: ['on', 'off'] }],
});

describe.skipIf(!HAVE_SOCAT)('engine with DNP3 stations on a serial line', () => {
  it('polls two outstations on one port and operates each through the command service', async () => {
    const pair = await new VirtualSerialPair().plugIn();
    cleanups.push(() => pair.dispose());
    const sim = await startSerialSimulator({ line: { ...DEFAULT_SERIAL_LINE, path: pair.b, baudRate: 19200 }, addresses: [10, 11], rate: 0 });
    if (!sim.ok) throw new Error(sim.error.message);
    cleanups.push(() => sim.value.close());
    const { engine, close } = await engineWith([station('north', pair.a, 10), station('south', pair.a, 11)]);
    cleanups.push(close);
    await readyWithPoints(engine, 'north', 70);
    await readyWithPoints(engine, 'south', 70);
    const user = { name: 'eng', role: 'engineer' as const };
    for (const id of ['north', 'south']) {
      const selected = await engine.commands.start(user, { station: id, address: 'bo:1', action: { action: 'on' } }, true);
      expect(selected).toMatchObject({ stage: 'selected' });
      const done = await engine.commands.operate(user, selected.id);
      expect(done).toMatchObject({ result: 'SUCCESS', ok: true });
    }
    const line = serialLineOf(engine.stations.get('north')!.config).serialLine;
    expect(line).toMatchObject({ path: pair.a, format: '19200 8N1', stations: [10, 11], crcErrors: 0, unroutedFrames: 0 });
    expect(line!.transactions).toBeGreaterThan(6);
  });
});

describe.skipIf(!HAVE_SOCAT)('engine with a DNP3 SA station on a serial line', () => {
  it('changes the session keys and answers the challenges of a select and an operate, the key from the secret store', async () => {
    const key = Buffer.from('000102030405060708090a0b0c0d0e0f101112131415161718191a1b1c1d1e1f', 'hex');
    const pair = await new VirtualSerialPair().plugIn();
    cleanups.push(() => pair.dispose());
    const sim = await startSerialSimulator({ line: { ...DEFAULT_SERIAL_LINE, path: pair.b, baudRate: 19200 }, rate: 0, secureAuth: { user: 1, updateKey: key, role: 'engineer', aggressive: false } });
    if (!sim.ok) throw new Error(sim.error.message);
    cleanups.push(() => sim.value.close());
    const { engine, close } = await engineWith([]);
    cleanups.push(close);
    const stored = await engine.secrets.put('dnp3-sa-update-key', key);
    if (!stored.ok) throw new Error(stored.error.message);
    const sa = { user: 1, macOctets: 8 as const, storedKey: { id: stored.value, fingerprint: secretFingerprint(key) } };
    const change = await engine.workspace.update((draft) => {
      draft.stations = [{ ...station('rtu', pair.a, 10), dnp3: { outstationAddress: 10, secureAuth: sa } }];
    });
    if (!change.ok) throw new Error(change.error.message);
    await readyWithPoints(engine, 'rtu', 70);
    const user = { name: 'eng', role: 'engineer' as const };
    const selected = await engine.commands.start(user, { station: 'rtu', address: 'bo:1', action: { action: 'on' } }, true);
    expect(selected).toMatchObject({ stage: 'selected' });
    expect(await engine.commands.operate(user, selected.id)).toMatchObject({ result: 'SUCCESS', ok: true });
    const stats = engine.stations.get('rtu')!.stats.snapshot().secureAuth;
    expect(stats).toMatchObject({ user: 1, keyStatus: 'OK', keyChanges: 1, failures: 0 });
    expect(stats!.challenges).toBeGreaterThanOrEqual(2);
  });
});
