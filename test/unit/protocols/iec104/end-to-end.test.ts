import { describe, expect, it } from 'vitest';
import type { PointUpdate } from '../../../../src-shared/session';
import { appendPointUpdates } from '../../../../src-main/protocols/iec104/master/points';
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
    // 16 objects, of which the M_PS_NA_1 at IOA 1008 becomes 16 single points
    expect(gi.length).toBe(31);
    expect(gi.find((u) => u.ref === 'ioa:1007')).toMatchObject({ type: 'M_ME_NC_1', commonAddress: 1, isEvent: false });
    expect(gi.find((u) => u.ref === 'ioa:1010')).toMatchObject({ type: 'M_SP_NA_1' });
    expect(gi.filter((u) => u.ref.startsWith('ioa:1008.')).map((u) => u.ref)).toEqual(Array.from({ length: 16 }, (_, b) => `ioa:1008.${b}`));
    expect(gi.find((u) => u.ref === 'ioa:1008')).toBeUndefined();
  });

  it('reports M_PS_NA_1 as 16 single points with their change-detection bits (quality CD)', () => {
    const into: PointUpdate[] = [];
    const asdu = { typeId: 20, typeName: 'M_PS_NA_1', cause: 3, negative: false, test: false, originator: 0, commonAddress: 1, sequence: false, objects: [{ ioa: 1008, value: 0x8001, changes: 0x0003, quality: [] }] };
    appendPointUpdates(asdu as unknown as Parameters<typeof appendPointUpdates>[0], 0, into);
    expect(into).toHaveLength(16);
    expect(into[0]).toEqual({ ref: 'ioa:1008.0', commonAddress: 1, type: 'M_PS_NA_1', value: true, quality: ['CD'], deviceTime: null, isEvent: true, cause: 'spont' });
    expect(into[1]).toMatchObject({ ref: 'ioa:1008.1', value: false, quality: ['CD'] });
    expect(into[2]).toMatchObject({ ref: 'ioa:1008.2', value: false, quality: [] });
    expect(into[15]).toMatchObject({ ref: 'ioa:1008.15', value: true, quality: [] });
  });
});
