import { describe, expect, it } from 'vitest';
import { metricTypeOf, passesDeadband, publishedOf, qualityCode, type MetricPoint } from '../../../../src-main/engine/sparkplug/metrics';
import { actionOfWrite, deviceWrites, isRebirthRequest } from '../../../../src-main/engine/sparkplug/node-commands';
import { commandTopics, deviceIdOf, parseCommandTopic } from '../../../../src-main/engine/sparkplug/topics';

const base: MetricPoint = { address: 'ai:0', type: 'g30v1', value: 1, quality: ['ONLINE'], deviceTime: null, receivedTime: null, name: '', unit: '', deadband: 0 };

describe('Sparkplug metrics', () => {
  it('chooses datatypes from the value, the protocol type, else the address', () => {
    expect(metricTypeOf({ ...base, value: true })).toBe('Boolean');
    expect(metricTypeOf({ ...base, value: 2, type: 'g4v1' })).toBe('Int32');
    expect(metricTypeOf({ ...base, value: 2, type: 'M_DP_TB_1' })).toBe('Int32');
    expect(metricTypeOf({ ...base, value: 'ab01', type: 'g110v2' })).toBe('String');
    expect(metricTypeOf({ ...base, value: null, address: 'bo:3' })).toBe('Boolean');
    expect(metricTypeOf({ ...base, value: null, address: 'ao:1' })).toBe('Double');
    expect(metricTypeOf({ ...base, value: null, address: 'ioa:5001@1', command: 'binary' })).toBe('Boolean');
    expect(metricTypeOf({ ...base, value: null, address: 'ioa:5004@1', command: 'setpoint' })).toBe('Double');
    expect(metricTypeOf({ ...base, value: 3.5, address: 'ioa:5004@1', command: 'binary' })).toBe('Double');
  });

  it('maps quality words to 192 good, 0 bad, 500 stale', () => {
    expect(qualityCode(base)).toBe(192);
    expect(qualityCode({ ...base, quality: ['ONLINE', 'COMM_LOST'] })).toBe(0);
    expect(qualityCode({ ...base, quality: [] })).toBe(0);
    expect(qualityCode({ ...base, address: 'ioa:1@1', quality: [] })).toBe(192);
    expect(qualityCode({ ...base, address: 'ioa:1@1', quality: ['IV'] })).toBe(0);
    expect(qualityCode({ ...base, quality: ['ONLINE', 'STALE'] })).toBe(500);
    expect(qualityCode({ ...base, value: null })).toBe(0);
  });

  it('applies the deadband to numbers, any change to the rest, and always on quality change', () => {
    const last = publishedOf({ ...base, value: 10 });
    expect(passesDeadband({ ...base, value: 10.4, deadband: 0.5 }, last)).toBe(false);
    expect(passesDeadband({ ...base, value: 10.5, deadband: 0.5 }, last)).toBe(true);
    expect(passesDeadband({ ...base, value: 10, deadband: 0 }, last)).toBe(false);
    expect(passesDeadband({ ...base, value: 10.001, deadband: 0 }, last)).toBe(true);
    expect(passesDeadband({ ...base, value: 10, quality: ['RESTART'], deadband: 5 }, last)).toBe(true);
    expect(passesDeadband({ ...base, value: true }, publishedOf({ ...base, value: false }))).toBe(true);
    expect(passesDeadband(base, undefined)).toBe(true);
  });
});

describe('Sparkplug topics and commands', () => {
  const ids = { groupId: 'G', edgeNodeId: 'N' };
  it('parses only this node\'s NCMD and DCMD topics', () => {
    expect(commandTopics(ids)).toEqual(['spBv1.0/G/NCMD/N', 'spBv1.0/G/DCMD/N/+']);
    expect(parseCommandTopic(ids, 'spBv1.0/G/NCMD/N')).toEqual({ type: 'NCMD' });
    expect(parseCommandTopic(ids, 'spBv1.0/G/DCMD/N/rtu1')).toEqual({ type: 'DCMD', device: 'rtu1' });
    expect(parseCommandTopic(ids, 'spBv1.0/G/DCMD/M/rtu1')).toBeNull();
    expect(parseCommandTopic(ids, 'spBv1.0/H/NCMD/N')).toBeNull();
    expect(parseCommandTopic(ids, 'spBv1.0/G/DDATA/N/rtu1')).toBeNull();
    expect(deviceIdOf('a/b+c#')).toBe('a_b_c_');
  });

  it('reads rebirth requests and DCMD writes by name or alias', () => {
    expect(isRebirthRequest({ metrics: [{ name: 'Node Control/Rebirth', type: 'Boolean', value: true }] })).toBe(true);
    expect(isRebirthRequest({ metrics: [{ name: 'Node Control/Rebirth', type: 'Boolean', value: false }] })).toBe(false);
    const writes = deviceWrites(
      {
        metrics: [
          { name: 'bo:0', type: 'Boolean', value: true },
          { alias: 7, type: 'Double', value: 42.5 },
          { alias: 8, type: 'Boolean', value: true },
          { name: 'os:1', type: 'String', value: 'x' },
        ],
      },
      (alias) => (alias === 7 ? 'ao:1' : undefined),
    );
    expect(writes).toEqual([
      { ok: true, address: 'bo:0', value: true },
      { ok: true, address: 'ao:1', value: 42.5 },
      { ok: false, metric: 'alias 8', code: 'UNKNOWN_METRIC', detail: 'alias 8 is not a metric of this device' },
      { ok: false, metric: 'os:1', code: 'BAD_VALUE', detail: 'os:1: only Boolean and numeric writes are commands' },
    ]);
  });

  it('maps writes onto the actions the policy allows', () => {
    expect(actionOfWrite(true, ['pulseOn', 'pulseOff', 'on', 'off'])).toEqual({ action: 'on' });
    expect(actionOfWrite(false, ['trip', 'close'])).toEqual({ action: 'trip' });
    expect(actionOfWrite(true, ['pulseOn'])).toEqual({ action: 'pulseOn' });
    expect(actionOfWrite(12, ['setpoint'])).toEqual({ action: 'setpoint', value: 12 });
    expect(actionOfWrite(12, ['on', 'off'])).toBeNull();
    expect(actionOfWrite(true, ['setpoint'])).toBeNull();
  });
});
