import * as v from 'valibot';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { events, type AudienceClient, type EventName } from '../../../src-shared/ipc/contract';
import type { PointBatchPayload } from '../../../src-shared/ipc/point-batch';
import type { PointUpdate } from '../../../src-shared/session';
import { PointConfig } from '../../../src-shared/workspace/point-config';
import { PointFanout } from '../../../src-main/engine/pipeline/fanout';
import { PointDatabase } from '../../../src-main/engine/points/point-database';
import { samplesOf } from '../shared/point-batch-fixture';

const update = (ref: string, type: string, value: PointUpdate['value'], quality: string[] = ['ONLINE'], deviceTime: number | null = null): PointUpdate => ({ ref, type, value, quality, deviceTime, isEvent: false });

/** A fan-out of `db` that keeps every batch it publishes. */
function collecting(db: PointDatabase): { fanout: PointFanout; batches: PointBatchPayload[] } {
  const batches: PointBatchPayload[] = [];
  const fanout = new PointFanout(db, ((_name: EventName, payload: unknown) => batches.push(payload as PointBatchPayload)) as never, 100);
  return { fanout, batches };
}

describe('point fan-out', () => {
  it('sends the last value of each changed point once per batch: all stations in one batch, a client following some gets its part', () => {
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
    expect(sent.map((s) => s.client).sort(), 'one message per client and interval').toEqual(['all', 's1']);
    const all = sent.find((s) => s.client === 'all')!.payload as PointBatchPayload;
    expect(all.stations).toEqual(['s1', 's2']);
    expect(Array.from(all.stationEnds)).toEqual([1, 2]);
    expect(samplesOf(all).map((p) => p.slot)).toEqual([0, other]);
    const s1 = sent.find((s) => s.client === 's1')!.payload as PointBatchPayload;
    expect(v.safeParse(events['points.batch'], s1).success).toBe(true);
    expect(s1.stations).toEqual(['s1']);
    expect(Array.from(s1.stationEnds)).toEqual([1]);
    expect(samplesOf(s1)).toEqual([{ slot: 0, type: 'g30v1', raw: 9, value: 9, label: null, quality: [], deviceTime: null, receivedTime: 9, changes: 10 }]);
    sent.length = 0;
    fanout.flush();
    expect(sent).toEqual([]);
  });

  it('sends nothing of a station forgotten on its removal, and still sends the others', () => {
    const db = new PointDatabase();
    const stations: string[] = [];
    const fanout = new PointFanout(db, ((_name: EventName, payload: unknown) => stations.push(...(payload as PointBatchPayload).stations)) as never, 100);
    const removed = db.apply('gone', 'ai:0', { ref: 'ai:0', type: 'g30v1', value: 1, quality: [], deviceTime: null, isEvent: false }, 1).index;
    const kept = db.apply('kept', 'ai:0', { ref: 'ai:0', type: 'g30v1', value: 1, quality: [], deviceTime: null, isEvent: false }, 1).index;
    fanout.markMany('gone', [removed]);
    fanout.mark('kept', kept);
    fanout.forget('gone');
    fanout.flush();
    expect(stations).toEqual(['kept']);
  });

  it('sends a batch column-wise that the contract accepts: kinds, labels, text values, times and shared quality lists', () => {
    const db = new PointDatabase();
    db.configure('s1', [v.parse(PointConfig, { address: 'bi:0', name: 'Breaker', stateLabels: { '0': 'Open', '1': 'Closed' } })]);
    const { fanout, batches } = collecting(db);
    const apply = (address: string, u: PointUpdate) => fanout.mark('s1', db.apply('s1', address, u, 1_000).index);
    apply('bi:0', update('bi:0', 'g1v2', true, ['ONLINE'], 900));
    apply('dbi:1', update('dbi:1', 'g3v2', 2));
    apply('ai:2', update('ai:2', 'g30v5', 12.5, ['ONLINE', 'OVER_RANGE']));
    apply('os:3', update('os:3', 'g110v5', 'hello'));
    apply('ai:4', update('ai:4', 'g30v5', -1));
    fanout.flush();
    expect(batches).toHaveLength(1);
    const batch = v.parse(events['points.batch'], batches[0]!);
    expect(batch.qualityLists, 'each distinct list once').toEqual([['ONLINE'], ['ONLINE', 'OVER_RANGE']]);
    expect(samplesOf(batch).map(({ slot, raw, value, label, quality, deviceTime }) => ({ slot, raw, value, label, quality: quality.join(' '), deviceTime }))).toEqual([
      { slot: db.find('s1', 'bi:0'), raw: true, value: 1, label: 'Closed', quality: 'ONLINE', deviceTime: 900 },
      { slot: db.find('s1', 'dbi:1'), raw: 2, value: 2, label: 'On', quality: 'ONLINE', deviceTime: null },
      { slot: db.find('s1', 'ai:2'), raw: 12.5, value: 12.5, label: null, quality: 'ONLINE OVER_RANGE', deviceTime: null },
      { slot: db.find('s1', 'os:3'), raw: 'hello', value: null, label: null, quality: 'ONLINE', deviceTime: null },
      { slot: db.find('s1', 'ai:4'), raw: -1, value: -1, label: null, quality: 'ONLINE', deviceTime: null },
    ]);
  });

  it('refuses a batch whose columns differ in length or whose indices leave its tables', () => {
    const db = new PointDatabase();
    const { fanout, batches } = collecting(db);
    fanout.mark('s1', db.apply('s1', 'ai:0', update('ai:0', 'g30v1', 1), 1).index);
    fanout.flush();
    const good = batches[0]!;
    expect(v.safeParse(events['points.batch'], good).success).toBe(true);
    expect(v.safeParse(events['points.batch'], { ...good, values: new Float64Array(2) }).success).toBe(false);
    expect(v.safeParse(events['points.batch'], { ...good, qualities: Uint16Array.of(1) }).success).toBe(false);
    expect(v.safeParse(events['points.batch'], { ...good, labels: Uint16Array.of(2) }).success).toBe(false);
    expect(v.safeParse(events['points.batch'], { ...good, slots: [0] }).success, 'a column must be a typed array').toBe(false);
    expect(v.safeParse(events['points.batch'], { ...good, stationEnds: Uint32Array.of(0) }).success, 'the last station ends at the columns').toBe(false);
    expect(v.safeParse(events['points.batch'], { ...good, stations: ['s1', 's2'] }).success, 'one end per station').toBe(false);
    expect(v.safeParse(events['points.batch'], { ...good, stations: ['s1', 's2'], stationEnds: Uint32Array.of(1, 0) }).success, 'ends in order').toBe(false);
  });

  it('builds one batch of many stations with every column a view on one buffer, and copies a part with its text values re-indexed', () => {
    const db = new PointDatabase();
    const sent: Array<{ client: AudienceClient; payload: PointBatchPayload }> = [];
    const clients: AudienceClient[] = [
      { id: 'all', user: { name: 'a', role: 'viewer' } },
      { id: 'some', user: { name: 'b', role: 'viewer' } },
    ];
    const fanout = new PointFanout(db, ((_name: EventName, payload: unknown, accept?: (c: AudienceClient) => boolean) => {
      for (const client of clients) if (!accept || accept(client)) sent.push({ client, payload: payload as PointBatchPayload });
    }) as never, 100);
    fanout.subscribe(clients[0]!, 'all');
    fanout.subscribe(clients[1]!, new Set(['st7', 'st3']));
    for (let s = 0; s < 10; s++) {
      for (let i = 0; i < 3; i++) fanout.mark(`st${s}`, db.apply(`st${s}`, `os:${i}`, update(`os:${i}`, 'g110v5', `t${s}.${i}`), 1).index);
    }
    fanout.flush();
    expect(sent).toHaveLength(2);
    const whole = sent.find((s) => s.client.id === 'all')!.payload;
    expect(whole.stations).toHaveLength(10);
    expect(v.safeParse(events['points.batch'], whole).success).toBe(true);
    const columns = [whole.slots, whole.kinds, whole.raws, whole.values, whole.deviceTimes, whole.receivedTimes, whole.changes, whole.qualities, whole.types, whole.labels, whole.stationEnds];
    expect(new Set(columns.map((c) => c.buffer)).size, 'one buffer').toBe(1);
    const part = sent.find((s) => s.client.id === 'some')!.payload;
    expect(v.safeParse(events['points.batch'], part).success).toBe(true);
    expect(part.stations).toEqual(['st3', 'st7']);
    expect(Array.from(part.stationEnds)).toEqual([3, 6]);
    expect(samplesOf(part).map((p) => [p.slot, p.raw])).toEqual(
      ['st3', 'st7'].flatMap((st) => [0, 1, 2].map((i) => [db.find(st, `os:${i}`), `t${st.slice(2)}.${i}`])),
    );
  });

  it('sends 100,000 points of a station marked at once as one batch, and a point marked again after a forget', () => {
    const db = new PointDatabase();
    const { fanout, batches } = collecting(db);
    const indices = Array.from({ length: 100_000 }, (_, i) => db.apply('big', `ai:${i}`, update(`ai:${i}`, 'g30v1', i), 1).index);
    fanout.markMany('big', indices);
    fanout.markMany('big', indices);
    fanout.flush();
    expect(batches).toHaveLength(1);
    expect(Array.from(batches[0]!.slots)).toEqual(indices);
    expect(batches[0]!.values[99_999]).toBe(99_999);
    fanout.mark('big', indices[7]!);
    fanout.forget('big');
    fanout.mark('big', indices[7]!);
    fanout.flush();
    expect(Array.from(batches[1]!.slots), 'forgetting clears the marks, so the point is sent when marked again').toEqual([indices[7]]);
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
