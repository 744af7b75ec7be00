import { describe, expect, it } from 'vitest';
import {
  latestSecurity,
  newSecurityForm,
  securityReport,
  securityRequest,
  securitySummary,
  securityVerdict,
  verdictMark,
} from '../../../src-renderer/components/security/security-display';

const report = (counts: { high: number; medium: number; low: number; info: number }, reached = true) => ({
  kind: 'security',
  version: 1,
  target: { protocol: 'iec104', host: '127.0.0.1', port: 19998, tls: true },
  startedAt: '2026-12-03T10:00:00.000Z',
  durationMs: 10,
  reached,
  checks: [],
  findings: [],
  counts,
  summary: 'x',
});
const record = (station: string | null, at: string, counts = { high: 0, medium: 0, low: 0, info: 0 }, reached = true) => ({ kind: 'security' as const, station, at, report: report(counts, reached) });

describe('security display', () => {
  it('reads a security record only, and gives its verdict in words with the shape of the worst finding', () => {
    expect(securityReport({ kind: 'check', station: null, at: '', report: report({ high: 1, medium: 0, low: 0, info: 0 }) })).toBeNull();
    expect(securityReport({ kind: 'security', station: null, at: '', report: { kind: 'connectivity' } })).toBeNull();
    const bad = record('rtu', 'a', { high: 2, medium: 1, low: 0, info: 3 });
    expect(securityVerdict(bad)).toBe('2 high, 1 medium, 3 info');
    expect(verdictMark(bad)).toBe('▲');
    expect(verdictMark(record('rtu', 'a', { high: 0, medium: 0, low: 1, info: 0 }))).toBe('▼');
    expect([securityVerdict(record('rtu', 'a')), verdictMark(record('rtu', 'a'))]).toEqual(['no findings', '✔']);
    const away = record('rtu', 'a', undefined, false);
    expect([securityVerdict(away), verdictMark(away)]).toEqual(['not reached', '✖']);
  });

  it("summarises a station's latest check for the station details", () => {
    const history = [record('other', '2026-12-03T10:05:00Z'), record('rtu', '2026-12-03T10:32:00Z', { high: 2, medium: 1, low: 0, info: 0 }), record('rtu', '2026-12-03T09:00:00Z')];
    const latest = latestSecurity(history, 'rtu');
    expect(latest).toBe(history[1]);
    expect(securitySummary(latest, (iso) => iso.slice(11, 16))).toBe('Security: 2 high, 1 medium — checked 10:32');
    expect(securitySummary(latestSecurity(history, 'none'), String)).toBe('Security: not checked yet (Commissioning, Security tab)');
  });

  it('builds the request of the form, refusing what the engine would refuse', () => {
    const form = newSecurityForm('rtu');
    expect(securityRequest(form)).toEqual({ ok: true, request: { station: 'rtu', expiryDays: 30, maxMasters: 1 } });
    expect(securityRequest({ ...form, mode: 'url', url: '  iec104://h  ' })).toEqual({ ok: true, request: { url: 'iec104://h', expiryDays: 30, maxMasters: 1 } });
    expect(securityRequest({ ...form, mode: 'url' })).toMatchObject({ ok: false, message: expect.stringMatching(/^Type a target URL/) });
    expect(securityRequest({ ...form, maxMasters: 0 })).toEqual({ ok: false, message: 'Masters at once must be a whole number from 1 to 16' });
    expect(securityRequest({ ...form, expiryDays: 1.5 })).toMatchObject({ ok: false });
    expect(securityRequest({ ...form, plainPort: 2405, tlsPort: null })).toEqual({ ok: true, request: { station: 'rtu', expiryDays: 30, maxMasters: 1, plainPort: 2405 } });
    expect(securityRequest({ ...form, tlsPort: 70000 })).toEqual({ ok: false, message: 'TLS port must be a whole number from 1 to 65535, or empty for the standard one' });
    expect(securityRequest(newSecurityForm(undefined))).toMatchObject({ ok: false, message: 'Type a target URL, e.g. iec104+tls://rtu:19998?ca=1&ca-file=ca.pem&cert=me.pem&key=me.key' });
  });
});
