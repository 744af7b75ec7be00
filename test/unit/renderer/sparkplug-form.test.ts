import { describe, expect, it } from 'vitest';
import { engineerOnlyReason, formOf, parseDcmdPoints, passwordText, statusText, writeOf } from '../../../src-renderer/components/sparkplug-form';

const settings = {
  enabled: true,
  brokerUrl: 'mqtts://broker:8883',
  groupId: 'G',
  edgeNodeId: 'N',
  primaryHostId: 'SCADA',
  caFile: '/ca.pem',
  certFile: '',
  keyFile: '',
  username: 'u',
  passwordSet: true,
  passwordStored: false,
  passwordFile: '/data/sparkplug-mqtt.password',
  passwordEnv: '',
  publishIntervalMs: 500,
  bufferLimit: 100,
  dcmdEnabled: true,
  dcmdPoints: [{ station: 'rtu1', address: 'bo:0' }],
  dcmdRole: 'engineer' as const,
};

describe('sparkplug form', () => {
  it('sends the password only when typed, or empty when cleared', () => {
    const form = formOf(settings);
    expect(form.dcmdPoints).toBe('rtu1/bo:0');
    expect('password' in writeOf(form, [])).toBe(false);
    expect(writeOf({ ...form, password: 'new-secret' }, []).password).toBe('new-secret');
    expect(writeOf({ ...form, password: 'typed', clearPassword: true }, []).password).toBe('');
    expect(writeOf(form, [{ station: 'a', address: 'bo:1' }])).toMatchObject({ brokerUrl: 'mqtts://broker:8883', primaryHostId: 'SCADA', passwordFile: '/data/sparkplug-mqtt.password', dcmdPoints: [{ station: 'a', address: 'bo:1' }] });
  });

  it('says where the password is, never what it is', () => {
    expect(passwordText(settings)).toBe('set: in file /data/sparkplug-mqtt.password');
    expect(passwordText({ ...settings, passwordFile: '', passwordEnv: 'MQTT_PW' })).toBe('set: from environment variable MQTT_PW');
    expect(passwordText({ ...settings, passwordSet: false, passwordFile: '' })).toBe('not set');
    expect(passwordText(null)).toBe('not set');
    expect(passwordText({ ...settings, passwordStored: true, passwordFile: '' })).toBe("set: kept by the host's secret store");
  });

  it('reads DCMD points one station/address per line, naming a bad line', () => {
    expect(parseDcmdPoints(' rtu1/bo:0 \n\nrtu2/ioa:5001@1')).toEqual({ ok: true, points: [{ station: 'rtu1', address: 'bo:0' }, { station: 'rtu2', address: 'ioa:5001@1' }] });
    expect(parseDcmdPoints('rtu1/bo:0\nbo:1')).toEqual({ ok: false, line: 'bo:1' });
    expect(parseDcmdPoints('rtu1/')).toEqual({ ok: false, line: 'rtu1/' });
  });

  it('says the state in words and who may change it', () => {
    const status = { enabled: true, endpoint: 'x', connected: false, primaryHost: null, bdSeq: 2, sent: 1200, metrics: 5000, buffered: 3, dropped: 1, lastError: null };
    expect(statusText(status)).toBe('Disconnected · 1,200 messages sent (5,000 metrics), 3 buffered, 1 dropped');
    expect(statusText({ ...status, connected: true })).toMatch(/^Connected \(bdSeq 2\) · /);
    expect(statusText({ ...status, enabled: false })).toBe('Not publishing (disabled)');
    const host = { id: 'SCADA', online: null };
    expect(statusText({ ...status, primaryHost: host })).toMatch(/^Waiting for primary host SCADA \(no STATE received yet\) · /);
    expect(statusText({ ...status, primaryHost: { ...host, online: false } })).toMatch(/^Waiting for primary host SCADA \(offline\) · /);
    expect(statusText({ ...status, primaryHost: host, lastError: 'connect ECONNREFUSED' })).toMatch(/^Disconnected · /);
    expect(statusText({ ...status, connected: true, primaryHost: { ...host, online: true } })).toMatch(/^Connected \(bdSeq 2\), primary host SCADA online · /);
    expect(engineerOnlyReason({ name: 'e', role: 'engineer' })).toBeUndefined();
    expect(engineerOnlyReason({ name: 'o', role: 'operator' })).toBe('Engineers and administrators only: you are logged in as o (operator).');
  });
});
