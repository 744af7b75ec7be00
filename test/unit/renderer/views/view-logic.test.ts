import { describe, expect, it } from 'vitest';
import { draftFrom, newStationDraft, parseNumberList, validateStation } from '../../../../src-renderer/components/station-form/model';
import { buildAction, buildQualifier, commandRefusal, qualifierText, secondsLeft, selectLapse, takesPulseTimes } from '../../../../src-renderer/components/command-console/command-form';
import { pointPredicate } from '../../../../src-renderer/views/points-columns';
import { errorCount, responseText, sessionText } from '../../../../src-renderer/views/station-display';
import type { PointRow } from '../../../../src-renderer/stores/point-row';
import type { StationStatus } from '../../../../src-renderer/stores/stations';

const row = (over: Partial<PointRow>): PointRow => ({
  slot: 0, id: 's1/ai:0', station: 's1', address: 'ai:0', type: 'g30v1', raw: 1, value: 1, label: null, quality: ['ONLINE'], deviceTime: null, receivedTime: null, changes: 0,
  name: 'Feeder current', description: 'bay 1', unit: 'A', configured: true, stateLabels: {}, alarms: null, stateAlarms: [], eventDeadband: 'every change', command: null, ...over,
});

describe('points filter', () => {
  it('passes everything without a filter and combines text, station, type and quality', () => {
    expect(pointPredicate({ text: ' ', station: '', type: '', quality: 'any' })).toBeUndefined();
    const p = pointPredicate({ text: 'BAY', station: 's1', type: 'g30v1', quality: 'abnormal' })!;
    expect(p(row({ quality: ['ONLINE', 'COMM_LOST'] }))).toBe(true);
    expect(p(row({}))).toBe(false);
    expect(p(row({ station: 's2', quality: ['IV'] }))).toBe(false);
    expect(pointPredicate({ text: '', station: '', type: '', quality: 'invalid' })!(row({ quality: ['IV'] }))).toBe(true);
  });

  it('finds comm-lost, stale and never-reported points as invalid, and no command-only address under any quality', () => {
    const only = (quality: 'good' | 'abnormal' | 'invalid') => pointPredicate({ text: '', station: '', type: '', quality })!;
    const commLost = row({ quality: ['ONLINE', 'COMM_LOST'] });
    const iecCommLost = row({ address: 'ioa:3001@1', type: 'M_ME_NC_1', quality: ['NT', 'COMM_LOST'] });
    const stale = row({ quality: ['ONLINE', 'STALE'] });
    const noData = row({ raw: null, value: null, quality: [] });
    const command = row({ address: 'ioa:5001@1', type: '', raw: null, value: null, quality: [], command: { mode: 'sbo', actions: ['on'], pulseOnMs: 1, pulseOffMs: 1, type: 'C_SC_NA_1' } });
    const good = row({});
    const iecGood = row({ address: 'ioa:3002@1', quality: [] });
    expect([commLost, iecCommLost, stale, noData, command, good, iecGood].map(only('invalid'))).toEqual([true, true, true, true, false, false, false]);
    expect([commLost, noData, command, good, iecGood].map(only('good'))).toEqual([false, false, false, true, true]);
    expect([commLost, command, good, row({ quality: ['ONLINE', 'ROLLOVER'] })].map(only('abnormal'))).toEqual([true, false, false, true]);
  });
});

describe('command console logic', () => {
  it('ends an operate confirmation whose select lapsed, and never lets it stand for another command', () => {
    const selected = { id: 'c1', done: false, stage: 'selected', result: 'PENDING' };
    expect(selectLapse(selected, 'c1', 4)).toBeNull();
    expect(selectLapse(selected, 'c1', 0)).toBe('Select expired: nothing was operated. Select again.');
    expect(selectLapse({ ...selected, done: true, stage: 'done', result: 'SELECT_TIMEOUT' }, 'c1', 3)).toBe('Select expired: nothing was operated. Select again.');
    expect(selectLapse({ ...selected, done: true, stage: 'done', result: 'CONNECTION_LOST' }, 'c1', 3)).toBe('The selected command ended (CONNECTION_LOST) before it was operated: nothing was operated. Select again.');
    expect(selectLapse({ ...selected, id: 'c2' }, 'c1', 5)).toBe('The selected command is no longer current: nothing was operated. Select again.');
    expect(selectLapse(null, 'c1', 5)).not.toBeNull();
  });

  it('builds actions and names wrong parameters', () => {
    const params = { onMs: 500, offMs: 500, count: 1, value: '12.5', direction: 'down' as const, qualifier: '' };
    expect(buildAction('iec104', 'trip', params)).toEqual({ action: { action: 'trip' } });
    expect(buildAction('dnp3', 'pulseOn', params)).toEqual({ action: { action: 'pulseOn', onMs: 500, offMs: 500, count: 1 } });
    expect(buildAction('dnp3', 'setpoint', params, { max: 10 })).toEqual({ error: 'The setpoint must be at most 10.' });
    expect(buildAction('dnp3', 'setpoint', { ...params, value: 'x' })).toEqual({ error: 'Enter the setpoint as a number.' });
    expect(buildAction('iec104', 'step', params)).toEqual({ action: { action: 'step', direction: 'down' } });
    expect('error' in buildAction('dnp3', 'pulseOff', { ...params, count: 0 })).toBe(true);
  });

  it('gives DNP3 trip/close pulse times and NUL; IEC 104 neither', () => {
    const params = { onMs: 300, offMs: 200, count: 2, value: '', direction: 'up' as const, qualifier: '' };
    expect(buildAction('dnp3', 'close', params)).toEqual({ action: { action: 'close', onMs: 300, offMs: 200, count: 2 } });
    expect(buildAction('dnp3', 'trip', { ...params, onMs: 0 })).toEqual({ error: 'The on time must be a whole number of milliseconds, at least 1.' });
    expect(buildAction('dnp3', 'nul', params)).toEqual({ action: { action: 'nul' } });
    expect(buildAction('iec104', 'nul', params)).toEqual({ error: 'NUL is a DNP3 control: IEC 104 has no command that operates nothing.' });
    expect(takesPulseTimes('dnp3', 'trip')).toBe(true);
    expect(takesPulseTimes('iec104', 'close')).toBe(false);
    expect(takesPulseTimes('iec104', 'pulseOn')).toBe(true);
  });

  it('builds the IEC 104 qualifier (QU up to 31, QL up to 127) and none for DNP3', () => {
    expect(buildQualifier('iec104', 'on', '')).toEqual({ qualifier: undefined });
    expect(buildQualifier('iec104', 'on', '3')).toEqual({ qualifier: 3 });
    expect(buildQualifier('iec104', 'close', '32')).toEqual({ error: 'The QU must be a whole number from 0 to 31.' });
    expect(buildQualifier('iec104', 'setpoint', '100')).toEqual({ qualifier: 100 });
    expect(buildQualifier('iec104', 'setpoint', '1.5')).toEqual({ error: 'The QL must be a whole number from 0 to 127.' });
    expect(buildQualifier('dnp3', 'on', '3')).toEqual({ qualifier: undefined });
    expect(qualifierText('on', 2)).toBe(', QU 2 long pulse');
    expect(qualifierText('setpoint', 5)).toBe(', QL 5');
    expect(qualifierText('on', undefined)).toBe('');
  });

  it('counts down to the select deadline and says who may not command', () => {
    expect(secondsLeft(10_500, 1_000)).toBe(10);
    expect(secondsLeft(1_000, 5_000)).toBe(0);
    expect(commandRefusal('engineer')).toBeNull();
    expect(commandRefusal('operator')).toContain('acknowledge alarms but not issue commands');
    expect(commandRefusal('viewer')).toContain('viewer');
  });
});

describe('station form', () => {
  it('accepts a valid new station and keys errors by field path', () => {
    const draft = newStationDraft();
    draft.id = 'rtu-7';
    draft.name = 'RTU 7';
    expect(validateStation(draft).ok).toBe(true);
    draft.id = 'bad id';
    draft.transport.port = 70000;
    const result = validateStation(draft);
    expect(result.ok).toBe(false);
    if (!result.ok) expect(Object.keys(result.errors).sort()).toEqual(['id', 'transport.port']);
  });

  it('reports checks across fields, copies drafts deeply and parses CA lists', () => {
    const draft = newStationDraft();
    draft.id = 'x';
    draft.name = 'X';
    draft.protocol = 'iec104';
    draft.transport.kind = 'udp';
    const result = validateStation(draft);
    expect(result.ok).toBe(false);
    if (!result.ok) expect(Object.values(result.errors).join()).toContain('UDP is for DNP3 only');
    const copy = draftFrom(draft);
    copy.transport.port = 1;
    expect(draft.transport.port).toBe(20000);
    expect(parseNumberList('1, 2 3')).toEqual([1, 2, 3]);
    expect(parseNumberList('1,a')[1]).toBeNaN();
  });
});

describe('station display', () => {
  const station = (over: Partial<StationStatus>): StationStatus => ({
    id: 's', name: 'S', protocol: 'dnp3', target: '', enabled: true, state: 'ready', lastError: null, demo: false, iin: null, protocolState: 'ready', ...over,
  });

  it('shows DNP3 IIN words and the IEC 104 STARTDT state', () => {
    expect(sessionText(station({ iin: { value: 0x90, words: ['DEVICE_RESTART', 'NEED_TIME'] } }))).toBe('startup done; IIN DEVICE_RESTART NEED_TIME');
    expect(sessionText(station({ protocol: 'iec104', protocolState: 'starting' }))).toBe('STARTDT sent');
  });

  it('sums errors and formats response times', () => {
    const stats = { id: 's', framesTx: 0, framesRx: 0, bytesTx: 0, bytesRx: 0, errors: { TIMEOUT: 2, BAD_CRC: 1 }, reconnects: 0, lastResponseMs: 12.4, avgResponseMs: 20, maxResponseMs: null, updates: 0, connectedSince: null };
    expect(errorCount(stats)).toBe(3);
    expect(responseText(stats)).toBe('12 / 20 / –');
    expect(responseText(undefined)).toBe('');
  });
});
