/**
 * The engine with two DNP3 stations on one serial port (a multidrop line over a socat pty
 * pair; one simulator process serves outstations 10 and 11 on the other end): both reach
 * ready with their points, a select-before-operate through the command service works on
 * each, and the stations' statistics carry the shared line's counters.
 */
import { afterEach, describe, expect, it } from 'vitest';
import type { StationConfigInput } from '../../../src-shared/workspace/station';
import { startSerialSimulator } from '../../../src-main/commissioning/target/simulator';
import { serialLineOf } from '../../../src-main/engine/stations/station-runtime';
import { DEFAULT_SERIAL_LINE } from '../../../src-main/transport';
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
