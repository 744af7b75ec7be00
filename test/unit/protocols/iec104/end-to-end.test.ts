import { describe, expect, it } from 'vitest';
import { createIec104Master, createIec104Station } from '../../../../src-main/protocols/iec104';
import { eventsOf, Net } from './net';

function setup(stationConfig = {}, masterConfig = {}) {
  const net = new Net();
  const master = net.add(createIec104Master(masterConfig));
  const station = net.add(createIec104Station(stationConfig));
  const wire = net.connect(master, 0, station, 0);
  return { net, master, station, wire };
}

describe('IEC 104 master <-> station in memory', () => {
  it('starts, runs GI and reports points', () => {
    const { net, master } = setup();
    net.advance(10);
    const states = eventsOf(master, 'state').map((e) => e.state);
    expect(states).toContain('ready');
    const task = eventsOf(master, 'task');
    expect(task[0]).toMatchObject({ name: 'GI', ok: true, result: 'SUCCESS' });
    const updates = eventsOf(master, 'points').flatMap((e) => e.updates);
    const gi = updates.filter((u) => u.cause === 'inrogen');
    expect(gi.length).toBe(16);
    expect(gi.find((u) => u.ref === 'ioa:1007')).toMatchObject({ type: 'M_ME_NC_1', commonAddress: 1, isEvent: false });
    expect(gi.find((u) => u.ref === 'ioa:1010')).toMatchObject({ type: 'M_SP_NA_1' });
  });
});
