import * as v from 'valibot';
import { describe, expect, it } from 'vitest';
import { PointConfig } from '../../../src-shared/workspace/point-config';
import { limitLevel } from '../../../src-main/engine/alarms/alarm-rules';
import { AlarmService, type Alarm, type AlarmTransition } from '../../../src-main/engine/alarms/alarm-service';

const limits = { hh: 90, h: 80, l: 20, ll: 10, deadband: 2, priority: 3 };

function setup() {
  const log: Array<[AlarmTransition, string]> = [];
  let now = 1000;
  const alarms = new AlarmService((alarm: Alarm, t) => log.push([t, alarm.id]), () => now++);
  return { alarms, log };
}

describe('alarm rules', () => {
  it('enters limits at the limit and leaves them only past the deadband', () => {
    expect(limitLevel(50, null, limits)).toBeNull();
    expect(limitLevel(80, null, limits)).toBe('H');
    expect(limitLevel(79, 'H', limits)).toBe('H');
    expect(limitLevel(77.9, 'H', limits)).toBeNull();
    expect(limitLevel(95, 'H', limits)).toBe('HH');
    expect(limitLevel(89, 'HH', limits)).toBe('HH');
    expect(limitLevel(87, 'HH', limits)).toBe('H');
    expect(limitLevel(10, null, limits)).toBe('LL');
    expect(limitLevel(11, 'LL', limits)).toBe('LL');
    expect(limitLevel(13, 'LL', limits)).toBe('L');
    expect(limitLevel(21, 'L', limits)).toBe('L');
    expect(limitLevel(22.5, 'L', limits)).toBeNull();
  });
});

describe('alarm service', () => {
  const analog = v.parse(PointConfig, { address: 'ai:0', name: 'Temp', unit: '°C', alarms: limits });

  it('raises, escalates and clears analog limit alarms with priorities', () => {
    const { alarms, log } = setup();
    alarms.evaluatePoint('s', 'ai:0', analog, 85, false, false, 'Temp');
    expect(alarms.list()).toMatchObject([{ id: 's/ai:0#H', kind: 'H', priority: 3, active: true, value: 85 }]);
    alarms.evaluatePoint('s', 'ai:0', analog, 92, false, false, 'Temp');
    expect(alarms.list().find((a) => a.active)).toMatchObject({ kind: 'HH', priority: 2, message: 'Temp HH: 92 °C (limit 90 °C)' });
    alarms.evaluatePoint('s', 'ai:0', analog, 50, false, false, 'Temp');
    expect(alarms.list().every((a) => !a.active)).toBe(true);
    expect(log).toEqual([
      ['raised', 's/ai:0#H'],
      ['cleared', 's/ai:0#H'],
      ['raised', 's/ai:0#HH'],
      ['cleared', 's/ai:0#HH'],
    ]);
  });

  it('keeps cleared alarms until acknowledged; acknowledges one, per station and all', () => {
    const { alarms, log } = setup();
    const state = v.parse(PointConfig, { address: 'bi:0', name: 'Trip', stateLabels: { '1': 'Tripped' }, stateAlarms: [{ state: 1, priority: 1 }] });
    alarms.evaluatePoint('a', 'bi:0', state, 1, false, false, 'Trip');
    alarms.evaluatePoint('b', 'bi:0', state, 1, false, false, 'Trip');
    alarms.stationConnection('c', 'Station C', true, 'REFUSED');
    expect(alarms.unacknowledged()).toBe(3);
    alarms.evaluatePoint('a', 'bi:0', state, 0, false, false, 'Trip');
    expect(alarms.acknowledge('op', (x) => x.id === 'a/bi:0#STATE:1')).toBe(1);
    expect(alarms.list().map((x) => x.id)).not.toContain('a/bi:0#STATE:1');
    expect(log).toContainEqual(['removed', 'a/bi:0#STATE:1']);
    expect(alarms.acknowledge('op', (x) => x.station === 'b')).toBe(1);
    const b = alarms.list().find((x) => x.station === 'b')!;
    expect(b).toMatchObject({ active: true, acknowledged: true, ackBy: 'op', message: 'Trip: Tripped' });
    expect(alarms.acknowledge('op', () => true)).toBe(1);
    expect(alarms.unacknowledged()).toBe(0);
    alarms.stationConnection('c', 'Station C', false, '');
    expect(alarms.list().map((x) => x.id)).toEqual(['b/bi:0#STATE:1']);
  });

  it('raises quality alarms for invalid values and lost communication', () => {
    const { alarms } = setup();
    const q = v.parse(PointConfig, { address: 'ai:1', name: 'Flow', qualityAlarm: true });
    alarms.evaluatePoint('s', 'ai:1', q, 5, true, false, 'Flow');
    expect(alarms.list()).toMatchObject([{ kind: 'INVALID' }]);
    alarms.evaluatePoint('s', 'ai:1', q, 5, true, true, 'Flow');
    expect(alarms.list().filter((a) => a.active).map((a) => a.kind)).toEqual(['COMM_LOST']);
    alarms.evaluatePoint('s', 'ai:1', q, 5, false, false, 'Flow');
    expect(alarms.list().filter((a) => a.active)).toEqual([]);
  });

  it('does not evaluate limits of an invalid value, and drops a station', () => {
    const { alarms } = setup();
    alarms.evaluatePoint('s', 'ai:0', analog, 99, true, false, 'Temp');
    expect(alarms.list()).toEqual([]);
    alarms.evaluatePoint('s', 'ai:0', analog, 99, false, false, 'Temp');
    alarms.dropStation('s');
    expect(alarms.list()).toEqual([]);
  });
});
