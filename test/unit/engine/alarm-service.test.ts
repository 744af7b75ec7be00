import * as v from 'valibot';
import { describe, expect, it } from 'vitest';
import { PointConfig } from '../../../src-shared/workspace/point-config';
import { limitLevel } from '../../../src-main/engine/alarms/alarm-rules';
import { alarmLogEvent } from '../../../src-main/engine/alarms/alarm-log';
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

  describe('shelving', () => {
    const MIN = 60_000;
    /** A service on a clock the test moves, logging every transition with who did it. */
    function shelving() {
      const clock = { now: 1_000_000 };
      const log: Array<[AlarmTransition, string, string | null]> = [];
      const alarms = new AlarmService((alarm, t, by) => log.push([t, alarm.id, by]), () => clock.now);
      return { alarms, log, clock };
    }

    it('hides a shelved alarm from the unacknowledged count and brings it back unacknowledged at expiry', () => {
      const { alarms, log, clock } = shelving();
      alarms.evaluatePoint('s', 'ai:0', analog, 85, false, false, 'Temp');
      expect(alarms.unacknowledged()).toBe(1);
      const shelved = alarms.shelve('op', 's/ai:0#H', 'sensor under repair', 30 * MIN);
      expect(shelved).toMatchObject({ ok: true, alarm: { shelf: { by: 'op', reason: 'sensor under repair', at: 1_000_000, until: 1_000_000 + 30 * MIN } } });
      expect(alarms.unacknowledged()).toBe(0);
      expect(log.at(-1)).toEqual(['shelved', 's/ai:0#H', 'op']);

      clock.now += 30 * MIN - 1;
      alarms.expireShelves();
      expect(alarms.list()[0]!.shelf).not.toBeNull();
      clock.now += 1;
      alarms.expireShelves();
      expect(alarms.list()[0]).toMatchObject({ shelf: null, active: true, acknowledged: false });
      expect(alarms.unacknowledged()).toBe(1);
      expect(log.at(-1)).toEqual(['unshelved', 's/ai:0#H', null]);
    });

    it('re-announces an acknowledged alarm that is still active when its shelf ends', () => {
      const { alarms } = shelving();
      alarms.evaluatePoint('s', 'ai:0', analog, 85, false, false, 'Temp');
      alarms.acknowledge('op', () => true);
      alarms.shelve('op', 's/ai:0#H', 'known', MIN);
      expect(alarms.unshelve('sup', 's/ai:0#H')).toEqual({ ok: true });
      expect(alarms.list()[0]).toMatchObject({ acknowledged: false, ackBy: null, shelf: null });
    });

    it('keeps a shelved alarm listed through clear, acknowledge and a new raise, and drops it when the shelf ends cleared', () => {
      const { alarms, log, clock } = shelving();
      alarms.evaluatePoint('s', 'ai:0', analog, 85, false, false, 'Temp');
      alarms.shelve('op', 's/ai:0#H', 'chattering', 10 * MIN);
      alarms.evaluatePoint('s', 'ai:0', analog, 50, false, false, 'Temp');
      alarms.acknowledge('op', () => true);
      expect(alarms.list()).toMatchObject([{ id: 's/ai:0#H', active: false, acknowledged: true, shelf: { reason: 'chattering' } }]);
      alarms.evaluatePoint('s', 'ai:0', analog, 86, false, false, 'Temp');
      expect(alarms.list()).toMatchObject([{ id: 's/ai:0#H', active: true, acknowledged: false, shelf: { reason: 'chattering' } }]);
      expect(alarms.unacknowledged()).toBe(0);
      alarms.evaluatePoint('s', 'ai:0', analog, 50, false, false, 'Temp');
      alarms.acknowledge('op', () => true);
      clock.now += 10 * MIN;
      alarms.expireShelves();
      expect(alarms.list()).toEqual([]);
      expect(log.slice(-2)).toEqual([
        ['unshelved', 's/ai:0#H', null],
        ['removed', 's/ai:0#H', null],
      ]);
    });

    it('expires each shelf at its own time, and refuses unknown or unshelved alarms by code', () => {
      const { alarms, clock } = shelving();
      const trip = v.parse(PointConfig, { address: 'bi:0', name: 'Trip', stateAlarms: [{ state: 1, priority: 1 }] });
      alarms.evaluatePoint('s', 'ai:0', analog, 85, false, false, 'Temp');
      alarms.evaluatePoint('s', 'bi:0', trip, 1, false, false, 'Trip');
      alarms.shelve('op', 's/bi:0#STATE:1', 'test', 20 * MIN);
      alarms.shelve('op', 's/ai:0#H', 'test', 5 * MIN);
      clock.now += 5 * MIN;
      alarms.expireShelves();
      expect(alarms.list().filter((a) => a.shelf).map((a) => a.id)).toEqual(['s/bi:0#STATE:1']);
      clock.now += 15 * MIN;
      alarms.expireShelves();
      expect(alarms.list().every((a) => a.shelf === null)).toBe(true);
      expect(alarms.shelve('op', 'nope', 'x', MIN)).toMatchObject({ ok: false, error: { code: 'NOT_FOUND' } });
      expect(alarms.unshelve('op', 's/ai:0#H')).toMatchObject({ ok: false, error: { code: 'NOT_SHELVED' } });
    });

    it('logs who shelved, for how long, until when and why, and who lifted the shelf', () => {
      const clock = { now: 1_000_000 };
      const logged: string[] = [];
      const audited = new AlarmService((alarm, t, by) => logged.push(alarmLogEvent(alarm, t, by).message), () => clock.now);
      audited.evaluatePoint('s', 'ai:0', analog, 85, false, false, 'Temp');
      audited.shelve('op', 's/ai:0#H', 'probe replaced', 90 * MIN);
      audited.unshelve('sup', 's/ai:0#H');
      audited.shelve('op', 's/ai:0#H', 'again', MIN);
      clock.now += MIN;
      audited.expireShelves();
      expect(logged).toEqual([
        'raised: Temp H: 85 °C (limit 80 °C)',
        `shelved: Temp H: 85 °C (limit 80 °C) (by op for 90 min until ${new Date(1_000_000 + 90 * MIN).toISOString().replace('.000', '')}; reason: probe replaced)`,
        'unshelved: Temp H: 85 °C (limit 80 °C) (by sup; active again, unacknowledged)',
        `shelved: Temp H: 85 °C (limit 80 °C) (by op for 1 min until ${new Date(1_000_000 + MIN).toISOString().replace('.000', '')}; reason: again)`,
        'unshelved: Temp H: 85 °C (limit 80 °C) (shelf expired; active again, unacknowledged)',
      ]);
      expect(alarmLogEvent(audited.list()[0]!, 'acknowledged', 'op')).toMatchObject({ kind: 'alarm', user: 'op', station: 's', point: 'ai:0' });
    });
  });
});
