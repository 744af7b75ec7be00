import * as v from 'valibot';
import { describe, expect, it } from 'vitest';
import { buildRequest, checkCommand, withPolicyTimes } from '../../../src-main/engine/commands/command-policy';
import { CommandPolicy, StationConfig } from '../../../src-shared/workspace/station';

const policy = v.parse(CommandPolicy, { address: 'bo:0', actions: ['trip', 'close', 'nul', 'pulseOn', 'on'], pulseOnMs: 400, pulseOffMs: 0 });
const station = (protocol: 'dnp3' | 'iec104', address: string) =>
  v.parse(StationConfig, { id: 's1', name: 'S1', protocol, transport: { kind: 'tcp', host: '127.0.0.1', port: protocol === 'dnp3' ? 20000 : 2404 }, commands: [{ ...policy, address }] });

describe('command policy', () => {
  it("fills trip and close pulse times from the point's policy as it does for pulses, keeping what was asked", () => {
    expect(withPolicyTimes({ action: 'trip' }, policy)).toEqual({ action: 'trip', onMs: 400, offMs: 0, count: 1 });
    expect(withPolicyTimes({ action: 'close', onMs: 50 }, policy)).toEqual({ action: 'close', onMs: 50, offMs: 0, count: 1 });
    expect(withPolicyTimes({ action: 'pulseOn', count: 3 }, policy)).toEqual({ action: 'pulseOn', onMs: 400, offMs: 0, count: 3 });
    expect(withPolicyTimes({ action: 'nul' }, policy)).toEqual({ action: 'nul' });
    expect(withPolicyTimes({ action: 'on' }, policy)).toEqual({ action: 'on' });
  });

  it('builds a DNP3 trip request with the policy times', () => {
    const request = buildRequest('c1', { station: 's1', address: 'bo:0', action: { action: 'trip' } }, 'direct', policy, false);
    expect(request).toEqual({ id: 'c1', target: 'bo:0', action: { action: 'trip', onMs: 400, offMs: 0, count: 1 }, mode: 'direct' });
  });

  it('allows NUL on a DNP3 point whose policy lists it; an IEC 104 station cannot list it', () => {
    expect(checkCommand('engineer', station('dnp3', 'bo:0'), { station: 's1', address: 'bo:0', action: { action: 'nul' } })).toMatchObject({ ok: true, mode: 'sbo' });
    expect(() => station('iec104', 'ioa:5001@1')).toThrow('the nul action (CROB NUL) is for DNP3 only');
  });
});
