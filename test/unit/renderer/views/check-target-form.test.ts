import { describe, expect, it } from 'vitest';
import { recordSubject, recordVerdict, sweepView } from '../../../../src-renderer/views/check-display';
import { checkRequest, newCheckTargetForm, sweepRequest } from '../../../../src-renderer/views/check-target-form';

describe('commissioning target form', () => {
  it('starts on the first station, or on a URL when there is no station', () => {
    expect(newCheckTargetForm('s1')).toEqual({ mode: 'station', station: 's1', url: '', probes: 5 });
    expect(newCheckTargetForm(undefined)).toMatchObject({ mode: 'url', station: '' });
  });

  it('builds the check and sweep requests of a station', () => {
    const form = { ...newCheckTargetForm('s1'), probes: 3, url: 'dnp3://ignored' };
    expect(checkRequest(form)).toEqual({ ok: true, request: { station: 's1', probes: 3 } });
    expect(sweepRequest(form)).toEqual({ ok: true, request: { station: 's1' } });
  });

  it('sends the typed URL trimmed, leaving its parsing to the engine', () => {
    const form = { ...newCheckTargetForm('s1'), mode: 'url' as const, url: '  iec104+tls://rtu?ca-file=a&cert=b&key=c ' };
    expect(checkRequest(form)).toEqual({ ok: true, request: { url: 'iec104+tls://rtu?ca-file=a&cert=b&key=c', probes: 5 } });
    expect(sweepRequest(form)).toEqual({ ok: true, request: { url: 'iec104+tls://rtu?ca-file=a&cert=b&key=c' } });
  });

  it('says what is missing instead of sending', () => {
    expect(checkRequest({ ...newCheckTargetForm(undefined), url: '   ' })).toEqual({ ok: false, message: expect.stringMatching(/^Type a target URL/) });
    expect(sweepRequest({ mode: 'station', station: '', url: '', probes: 5 })).toEqual({ ok: false, message: 'Choose a station' });
    for (const probes of [0, 101, 2.5, Number.NaN]) {
      expect(checkRequest({ ...newCheckTargetForm('s1'), probes })).toEqual({ ok: false, message: 'Latency probes must be a whole number from 1 to 100' });
    }
  });
});

describe('history rows and sweeps', () => {
  const name = (id: string): string => `Station ${id}`;
  it('names the station, else the ad-hoc target, and words the verdict', () => {
    const check = { kind: 'check' as const, ok: false, station: null, target: 'dnp3 tcp://127.0.0.1:1', report: {} };
    expect(recordSubject(check, name)).toBe('dnp3 tcp://127.0.0.1:1');
    expect(recordSubject({ ...check, station: 's1' }, name)).toBe('Station s1');
    expect(recordVerdict(check)).toBe('Failed');
    expect(recordVerdict({ ...check, ok: true })).toBe('Answered');
    const ports = [{ port: 20000, transport: 'tcp', service: 'dnp3', state: 'open', durationMs: 1 }, { port: 2404, transport: 'tcp', service: 'iec104', state: 'closed', durationMs: 2, diagnosis: { code: 'REFUSED', message: 'refused' } }];
    const sweep = { kind: 'sweep' as const, ok: true, station: null, target: '127.0.0.1', report: { ports } };
    expect(recordSubject(sweep, name)).toBe('Port sweep of 127.0.0.1');
    expect(recordVerdict(sweep)).toBe('1 open');
    expect(recordVerdict({ ...sweep, report: { ports: [] } })).toBe('None open');
    expect(recordVerdict({ ...sweep, report: { dnsFailure: { code: 'DNS' } } })).toBe('DNS failed');
  });

  it('reads the rows of a sweep report', () => {
    const view = sweepView({ address: '127.0.0.1', ports: [{ port: 20000, transport: 'tcp', service: 'dnp3', state: 'open', durationMs: 1, closedAfterAccept: true }, { port: 20000, transport: 'udp', service: 'dnp3', state: 'closed', durationMs: 3, diagnosis: { code: 'REFUSED', message: 'port unreachable' } }] });
    expect(view.address).toBe('127.0.0.1');
    expect(view.ports).toEqual([
      { port: '20000/tcp', service: 'dnp3', state: 'open', open: true, durationMs: 1, note: 'closed right after accepting' },
      { port: '20000/udp', service: 'dnp3', state: 'closed', open: false, durationMs: 3, note: 'port unreachable' },
    ]);
    expect(sweepView({ address: null, ports: [], dnsFailure: { code: 'DNS_NOT_FOUND', message: 'no such host', likelyCauses: ['typo'], checks: [] } }).problems).toEqual([{ code: 'DNS_NOT_FOUND', message: 'no such host', advice: ['likely: typo'] }]);
  });
});
