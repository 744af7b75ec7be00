import * as v from 'valibot';
import { describe, expect, it } from 'vitest';
import type { PointUpdate } from '../../../src-shared/session';
import { PointConfig } from '../../../src-shared/workspace/point-config';
import { PointDatabase } from '../../../src-main/engine/points/point-database';
import { toInfo, toSample } from '../../../src-main/engine/pipeline/point-view';
import { TrendStore } from '../../../src-main/engine/points/trend-store';

const ONLINE = Object.freeze(['ONLINE']);
const up = (ref: string, value: PointUpdate['value'], extra: Partial<PointUpdate> = {}): PointUpdate => ({ ref, type: 'g30v1', value, quality: ONLINE, deviceTime: null, isEvent: false, ...extra });

describe('point database', () => {
  it('creates points as they are reported, keyed by station and address', () => {
    const db = new PointDatabase();
    const a = db.apply('s1', 'ai:0', up('ai:0', 5), 1000);
    const b = db.apply('s2', 'ai:0', up('ai:0', 6), 1000);
    expect(a.index).not.toBe(b.index);
    expect(db.find('s1', 'ai:0')).toBe(a.index);
    expect(db.get(b.index)).toMatchObject({ station: 's2', address: 'ai:0', raw: 6, value: 6, type: 'g30v1', quality: ['ONLINE'], receivedTime: 1000, deviceTime: null });
  });

  it('counts changes of value or quality, not repeats', () => {
    const db = new PointDatabase();
    db.apply('s', 'ai:0', up('ai:0', 1), 1);
    db.apply('s', 'ai:0', up('ai:0', 1), 2);
    db.apply('s', 'ai:0', up('ai:0', 1, { quality: ['ONLINE', 'OVER_RANGE'] }), 3);
    const { index } = db.apply('s', 'ai:0', up('ai:0', 2, { deviceTime: 77 }), 4);
    expect(db.get(index)).toMatchObject({ changes: 3, deviceTime: 77, receivedTime: 4, quality: ['ONLINE'] });
  });

  it('scales with the point list, labels digital states, and keeps text values', () => {
    const db = new PointDatabase();
    const config = [
      v.parse(PointConfig, { address: 'ai:0', name: 'Flow', unit: 'l/s', scale: 0.5, offset: 10 }),
      v.parse(PointConfig, { address: 'bi:0', name: 'Breaker', stateLabels: { '0': 'Open', '1': 'Closed' } }),
    ];
    db.configure('s', config);
    expect(db.get(db.find('s', 'bi:0')).raw).toBeNull();
    const ai = db.apply('s', 'ai:0', up('ai:0', 20), 1).index;
    const bi = db.apply('s', 'bi:0', up('bi:0', true, { type: 'g1v2' }), 1).index;
    const os = db.apply('s', 'os:1', up('os:1', '0a0b', { type: 'g110v2' }), 1).index;
    expect(db.get(ai).value).toBe(20);
    expect(toSample(db.get(bi))).toMatchObject({ raw: true, value: 1, label: 'Closed' });
    expect(db.get(os)).toMatchObject({ raw: '0a0b', value: null });
    expect(toInfo(db.get(ai), undefined)).toMatchObject({ id: 's/ai:0', name: 'Flow', unit: 'l/s', configured: true, command: null });
    db.configure('s', [v.parse(PointConfig, { address: 'ai:0', name: 'Flow', scale: 2 })]);
    expect(db.get(ai).value).toBe(40);
  });

  it('lists the controllable addresses of command policies before any report', () => {
    const db = new PointDatabase();
    db.configure('rtu', [], ['ioa:5001@1']);
    expect(db.indicesOf('rtu').map((i) => db.get(i))).toMatchObject([{ address: 'ioa:5001@1', raw: null }]);
  });

  it('names the states of double-bit points where the point list does not', () => {
    const db = new PointDatabase();
    db.configure('s', [v.parse(PointConfig, { address: 'dbi:1', name: 'Disconnector', stateLabels: { '1': 'Open', '2': 'Closed' } })]);
    const labels = (address: string, type: string) => [0, 1, 2, 3].map((value) => toSample(db.get(db.apply('s', address, up(address, value, { type }), value).index)).label);
    expect(labels('dbi:0', 'g3v2')).toEqual(['Intermediate', 'Off', 'On', 'Indeterminate']);
    expect(labels('dbi:1', 'g4v1')).toEqual(['Intermediate', 'Open', 'Closed', 'Indeterminate']);
    expect(labels('ioa:10@1', 'M_DP_TB_1')).toEqual(['Intermediate', 'Off', 'On', 'Indeterminate']);
    expect(labels('ai:5', 'g30v1')).toEqual([null, null, null, null]);
  });

  it('grows past its initial capacity and drops a station', () => {
    const db = new PointDatabase();
    for (let i = 0; i < 5000; i++) db.apply('s', `ai:${i}`, up(`ai:${i}`, i), 1);
    expect(db.count).toBe(5000);
    expect(db.get(db.find('s', 'ai:4999')).raw).toBe(4999);
    db.dropStation('s');
    expect(db.find('s', 'ai:1')).toBe(-1);
    expect(db.indicesOf('s')).toEqual([]);
  });
});

describe('trend store', () => {
  it('keeps the last N samples per point in order, with invalid samples flagged', () => {
    const trends = new TrendStore(4);
    for (let i = 1; i <= 6; i++) trends.append(7, 1000 + i, i * 10, i === 5);
    trends.append(70_000, 5, 1, false);
    const samples = trends.read(7);
    expect(Array.from(samples.times)).toEqual([1003, 1004, 1005, 1006]);
    expect(Array.from(samples.values)).toEqual([30, 40, 50, 60]);
    expect(Array.from(samples.invalid)).toEqual([0, 0, 1, 0]);
    expect(Array.from(trends.read(7, 1005).values)).toEqual([50, 60]);
    expect(trends.read(3).times.length).toBe(0);
    expect(Array.from(trends.read(70_000).values)).toEqual([1]);
  });

  it('uses 16 bytes per sample', () => {
    const trends = new TrendStore(100);
    for (let i = 0; i < 1024; i++) trends.append(i, 1, 1, false);
    expect(trends.sampleBytes / (1024 * 100)).toBe(16);
  });
});
