import { afterEach, describe, expect, it, vi } from 'vitest';
import type { AudienceClient, EventName } from '../../../src-shared/ipc/contract';
import { PointFanout } from '../../../src-main/engine/pipeline/fanout';
import { PointDatabase } from '../../../src-main/engine/points/point-database';

describe('point fan-out', () => {
  it('sends the last value of each changed point once per batch, only to subscribers of the station', () => {
    const db = new PointDatabase();
    const sent: Array<{ client: string; name: EventName; payload: unknown }> = [];
    const clients: AudienceClient[] = [
      { id: 'all', user: { name: 'a', role: 'viewer' } },
      { id: 's1', user: { name: 'b', role: 'viewer' } },
      { id: 'none', user: { name: 'c', role: 'viewer' } },
      { id: 'anonymous', user: null },
    ];
    const fanout = new PointFanout(db, ((name: EventName, payload: unknown, accept?: (c: AudienceClient) => boolean) => {
      for (const client of clients) if (!accept || accept(client)) sent.push({ client: client.id, name, payload });
    }) as never, 100);
    fanout.subscribe(clients[0]!, 'all');
    fanout.subscribe(clients[1]!, new Set(['s1']));
    fanout.subscribe(clients[3]!, 'all');
    for (let i = 0; i < 10; i++) {
      const { index } = db.apply('s1', 'ai:0', { ref: 'ai:0', type: 'g30v1', value: i, quality: [], deviceTime: null, isEvent: false }, i);
      fanout.mark('s1', index);
    }
    const other = db.apply('s2', 'ai:0', { ref: 'ai:0', type: 'g30v1', value: 1, quality: [], deviceTime: null, isEvent: false }, 1).index;
    fanout.mark('s2', other);
    fanout.flush();
    expect(sent.map((s) => s.client).sort()).toEqual(['all', 'all', 's1']);
    const s1 = sent.find((s) => s.client === 's1')!.payload as { station: string; points: Array<{ raw: number }> };
    expect(s1.station).toBe('s1');
    expect(s1.points).toHaveLength(1);
    expect(s1.points[0]!.raw).toBe(9);
    sent.length = 0;
    fanout.flush();
    expect(sent).toEqual([]);
  });

  it('sends nothing of a station forgotten on its removal, and still sends the others', () => {
    const db = new PointDatabase();
    const stations: string[] = [];
    const fanout = new PointFanout(db, ((_name: EventName, payload: unknown) => stations.push((payload as { station: string }).station)) as never, 100);
    const removed = db.apply('gone', 'ai:0', { ref: 'ai:0', type: 'g30v1', value: 1, quality: [], deviceTime: null, isEvent: false }, 1).index;
    const kept = db.apply('kept', 'ai:0', { ref: 'ai:0', type: 'g30v1', value: 1, quality: [], deviceTime: null, isEvent: false }, 1).index;
    fanout.markMany('gone', [removed]);
    fanout.mark('kept', kept);
    fanout.forget('gone');
    fanout.flush();
    expect(stations).toEqual(['kept']);
  });

  afterEach(() => vi.useRealTimers());

  it('pushes at most one batch per station per interval, and follows a changed interval', () => {
    vi.useFakeTimers();
    const db = new PointDatabase();
    const times: number[] = [];
    const fanout = new PointFanout(db, (() => times.push(Date.now())) as never, 100);
    const start = Date.now();
    const update = (value: number) => fanout.mark('s1', db.apply('s1', 'ai:0', { ref: 'ai:0', type: 'g30v1', value, quality: [], deviceTime: null, isEvent: false }, value).index);
    fanout.start();
    for (let t = 0; t < 500; t += 5) {
      update(t);
      vi.advanceTimersByTime(5);
    }
    expect(times.map((t) => t - start)).toEqual([100, 200, 300, 400, 500]);
    times.length = 0;
    fanout.setInterval(250);
    for (let t = 0; t < 500; t += 5) {
      update(t);
      vi.advanceTimersByTime(5);
    }
    expect(times.map((t) => t - start)).toEqual([750, 1000]);
    fanout.stop();
    update(1);
    vi.advanceTimersByTime(1000);
    expect(times).toHaveLength(2);
  });
});
