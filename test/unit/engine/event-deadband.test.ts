import { describe, expect, it } from 'vitest';
import * as v from 'valibot';
import type { PointUpdate } from '../../../src-shared/session';
import { PointConfig, type PointConfigInput } from '../../../src-shared/workspace/point-config';
import { AlarmService } from '../../../src-main/engine/alarms/alarm-service';
import type { LogEvent } from '../../../src-main/engine/event-log/event-types';
import { EventDeadbandFilter, eventDeadband, eventDeadbandText, isMeasured } from '../../../src-main/engine/pipeline/event-deadband';
import { PointFanout } from '../../../src-main/engine/pipeline/fanout';
import { applyUpdates } from '../../../src-main/engine/pipeline/update-pipeline';
import { PointDatabase } from '../../../src-main/engine/points/point-database';
import { TrendStore } from '../../../src-main/engine/points/trend-store';

const ONLINE = Object.freeze(['ONLINE']);
const update = (ref: string, type: string, value: number | boolean, quality: readonly string[] = ONLINE): PointUpdate => ({ ref, type, value, quality, deviceTime: null, isEvent: true });
const config = (input: Omit<PointConfigInput, 'name'>): PointConfig => v.parse(PointConfig, { name: 'p', ...input });

describe('event deadband', () => {
  it('applies to analogs and counters of both protocols, not to digital points', () => {
    expect(isMeasured(update('ai:0', 'g32v3', 1))).toBe(true);
    expect(isMeasured(update('ctr:0', 'g22v5', 1))).toBe(true);
    expect(isMeasured(update('ioa:3001', 'M_ME_NC_1', 1))).toBe(true);
    expect(isMeasured(update('ioa:2001', 'M_IT_NA_1', 1))).toBe(true);
    expect(isMeasured(update('bi:0', 'g2v2', true))).toBe(false);
    expect(isMeasured(update('dbi:0', 'g4v2', 2))).toBe(false);
    expect(isMeasured(update('ioa:1003', 'M_ST_NA_1', 4))).toBe(false); // a tap step is always an event
  });

  it('is the configured one, else 1% of the largest alarm limit, else 1% of the last logged value', () => {
    expect(eventDeadband(config({ address: 'ai:0', eventDeadband: 0.5 }), 100)).toBe(0.5);
    expect(eventDeadband(config({ address: 'ai:0', eventDeadband: 0 }), 100)).toBe(0);
    expect(eventDeadband(config({ address: 'ai:0', alarms: { hh: 320, h: 280, l: 120, ll: -400 } }), 100)).toBe(4);
    expect(eventDeadband(config({ address: 'ai:0' }), -250)).toBe(2.5);
    expect(eventDeadband(undefined, 50)).toBe(0.5);
  });

  it('logs an analog change only when it moved the deadband from the last logged value, or its quality changed', () => {
    const filter = new EventDeadbandFilter();
    const c = config({ address: 'ai:0', eventDeadband: 1 });
    const u = update('ai:0', 'g32v3', 0);
    expect(filter.admit(7, u, 100, c)).toBe(true); // the first event
    expect(filter.admit(7, u, 100.6, c)).toBe(false);
    expect(filter.admit(7, u, 100.9, c)).toBe(false); // still measured against 100, not against 100.6
    expect(filter.admit(7, u, 101, c)).toBe(true);
    expect(filter.admit(7, u, 100.2, c)).toBe(false);
    expect(filter.admit(7, update('ai:0', 'g32v3', 0, ['ONLINE', 'OVER_RANGE']), 100.2, c)).toBe(true);
    expect(filter.admit(8, u, 100.2, c)).toBe(true); // another point has its own reference
    expect(filter.admit(9, update('bi:0', 'g2v2', true), 1, c)).toBe(true);
    expect(filter.admit(9, update('bi:0', 'g2v2', true), 1, c)).toBe(true);
  });

  it('logs every change with an event deadband of 0', () => {
    const filter = new EventDeadbandFilter();
    const c = config({ address: 'ai:0', eventDeadband: 0 });
    for (const value of [1, 1.001, 1.002, 1.002]) expect(filter.admit(1, update('ai:0', 'g32v3', value), value, c)).toBe(true);
  });

  it('starts a forgotten point afresh', () => {
    const filter = new EventDeadbandFilter();
    const c = config({ address: 'ai:0', eventDeadband: 5 });
    filter.admit(3, update('ai:0', 'g32v3', 0), 10, c);
    expect(filter.admit(3, update('ai:0', 'g32v3', 0), 11, c)).toBe(false);
    filter.forget([3]);
    expect(filter.admit(3, update('ai:0', 'g32v3', 0), 11, c)).toBe(true);
  });

  it('in the update pipeline, thins the SOE log while values, trends and alarms see every update', () => {
    const points = new PointDatabase();
    points.configure('st', [config({ address: 'ai:0', unit: 'A', alarms: { h: 100 } })]); // default deadband 1 A
    const trends = new TrendStore(1000);
    const alarms = new AlarmService(() => undefined);
    const logged: LogEvent[] = [];
    const deps = { points, trends, alarms, fanout: new PointFanout(points, () => undefined, 100), log: (e: LogEvent) => void logged.push(e), eventDeadband: new EventDeadbandFilter() };
    const noisy = Array.from({ length: 200 }, (_, i) => 50 + 0.3 * Math.sin(i)); // +-0.3 A of noise around 50 A
    for (const value of noisy) applyUpdates(deps, 'st', 'dnp3', [update('ai:0', 'g32v3', value)]);
    expect(logged.filter((e) => e.kind === 'soe')).toHaveLength(1);
    applyUpdates(deps, 'st', 'dnp3', [update('ai:0', 'g32v3', 120)]);
    expect(logged.filter((e) => e.kind === 'soe')).toHaveLength(2);
    expect(logged.at(-1)!.message).toBe('p = 120 A [ONLINE]');
    const index = points.find('st', 'ai:0');
    expect(points.get(index).changes).toBe(201);
    expect(trends.read(index).values.length).toBe(201);
    expect(alarms.list().map((a) => a.kind)).toContain('H');
  });
});

describe('the event deadband in words, for point details', () => {
  const config = (input: Omit<PointConfigInput, 'address' | 'name'>) => v.parse(PointConfig, { address: 'ai:0', name: 'p', ...input });
  it('names a configured deadband, the default from the alarm limits, the default from the last value, and digital points', () => {
    expect(eventDeadbandText('ai:0', 'g30v1', config({ unit: '°C', eventDeadband: 0.5 }))).toBe('0.5 °C (configured)');
    expect(eventDeadbandText('ai:0', 'g30v1', config({ unit: 'A', alarms: { h: 280, ll: -300, deadband: 4, priority: 3 } }))).toBe('3 A (1 % of the largest alarm limit)');
    expect(eventDeadbandText('ioa:4001', 'M_ME_NC_1', undefined)).toBe('1 % of the last logged value');
    expect(eventDeadbandText('bi:0', 'g1v2', config({}))).toBe('every change');
    expect(eventDeadbandText('ioa:1', 'M_SP_NA_1', undefined)).toBe('every change');
  });
});
