import { describe, expect, it } from 'vitest';
import { parseTargetUrl, TARGET_URL_SCHEMES } from '../../../src-main/commissioning/target/target-url';

describe('target URLs in the engine (shared by the CLI and ad-hoc checks)', () => {
  it('parses a URL as CLI.md defines it, ignoring surrounding blanks', () => {
    expect(parseTargetUrl(' iec104://127.0.0.1:2405?ca=7 ')).toEqual({
      ok: true,
      value: { protocol: 'iec104', transport: 'tcp', host: '127.0.0.1', port: 2405, masterAddress: 1, outstationAddress: 10, commonAddress: 7 },
    });
    expect(TARGET_URL_SCHEMES).toEqual(['dnp3', 'dnp3+udp', 'dnp3+tls', 'dnp3+serial', 'iec104', 'iec104+tls']);
  });

  it('parses the serial URL of CLI.md with its line settings and defaults (9600 8N1)', () => {
    expect(parseTargetUrl('dnp3+serial:///dev/ttyUSB0?baud=19200&parity=even&databits=7&stopbits=2&master=3&outstation=11&rs485=1&gap-ms=5')).toEqual({
      ok: true,
      value: {
        protocol: 'dnp3',
        transport: 'serial',
        host: '/dev/ttyUSB0',
        port: 0,
        masterAddress: 3,
        outstationAddress: 11,
        commonAddress: 1,
        serial: { path: '/dev/ttyUSB0', baudRate: 19200, dataBits: 7, parity: 'even', stopBits: 2, rs485: true, interFrameGapMs: 5 },
      },
    });
    expect(parseTargetUrl('dnp3+serial:///dev/ttyS1')).toMatchObject({ ok: true, value: { serial: { path: '/dev/ttyS1', baudRate: 9600, dataBits: 8, parity: 'none', stopBits: 1, rs485: false } } });
    expect(parseTargetUrl('dnp3+serial:///COM3?baud=4800')).toMatchObject({ ok: true, value: { serial: { path: 'COM3', baudRate: 4800 } } });
    expect(parseTargetUrl('dnp3+serial://dev/ttyUSB0')).toMatchObject({ ok: false, error: { message: expect.stringMatching(/three slashes/) } });
    expect(parseTargetUrl('dnp3+serial:///dev/ttyUSB0?stopbits=3')).toMatchObject({ ok: false, error: { message: "bad URL: stopbits must be one of 1, 2, got '3'" } });
    expect(parseTargetUrl('dnp3+serial:///dev/ttyUSB0?ca=1')).toMatchObject({ ok: false, error: { message: "bad URL: unknown parameter 'ca' for dnp3+serial" } });
    // Secure Authentication over serial, with the 8-octet MAC serial links use.
    expect(parseTargetUrl('dnp3+serial:///dev/ttyUSB0?sa-user=2&sa-key-file=/k/user2.key&sa-mac=8')).toMatchObject({ ok: true, value: { secureAuth: { user: 2, keyFile: '/k/user2.key', aggressive: false, macOctets: 8 } } });
    expect(parseTargetUrl('dnp3+serial:///dev/ttyUSB0?sa-user=2')).toMatchObject({ ok: false, error: { message: "bad URL: sa-user needs sa-key-file (the user's update key)" } });
  });

  it('returns BAD_URL errors naming the problem instead of throwing', () => {
    expect(parseTargetUrl('')).toMatchObject({ ok: false, error: { code: 'BAD_URL', message: expect.stringMatching(/expected e\.g\. dnp3:\/\//) } });
    expect(parseTargetUrl('iec104s://rtu')).toMatchObject({ ok: false, error: { message: expect.stringMatching(/scheme must be one of/) } });
    expect(parseTargetUrl('dnp3://rtu?master=x')).toMatchObject({ ok: false, error: { message: "bad URL: master must be 0-65519, got 'x'" } });
    expect(parseTargetUrl('dnp3://rtu?ca=1')).toMatchObject({ ok: false, error: { message: "bad URL: unknown parameter 'ca' for dnp3" } });
  });

  it('takes the IEC 104 activation termination mode and window, and only for IEC 104', () => {
    expect(parseTargetUrl('iec104://rtu?ca=1&actterm=expected')).toMatchObject({ ok: true, value: { actTerm: 'expected' } });
    expect(parseTargetUrl('iec104://rtu?actterm=none&actterm-ms=750')).toMatchObject({ ok: true, value: { actTerm: 'none', actTermWindowMs: 750 } });
    const plain = parseTargetUrl('iec104://rtu');
    expect(plain.ok && 'actTerm' in plain.value).toBe(false);
    expect(parseTargetUrl('iec104://rtu?actterm=never')).toMatchObject({ ok: false, error: { message: "bad URL: actterm must be one of auto, expected, none, got 'never'" } });
    expect(parseTargetUrl('iec104://rtu?actterm-ms=60001')).toMatchObject({ ok: false, error: { message: "bad URL: actterm-ms must be 1-60000, got '60001'" } });
    expect(parseTargetUrl('dnp3://rtu?actterm=none')).toMatchObject({ ok: false, error: { message: "bad URL: unknown parameter 'actterm' for dnp3" } });
  });

  it('takes DNP3 Secure Authentication settings: sa-key-file turns SA on, sa-user (default 1), sa-aggressive, sa-mac', () => {
    expect(parseTargetUrl('dnp3://rtu?sa-key-file=/k/u1.key')).toMatchObject({ ok: true, value: { secureAuth: { user: 1, keyFile: '/k/u1.key', aggressive: false, macOctets: 16 } } });
    expect(parseTargetUrl('dnp3+tls://rtu?ca-file=a&cert=b&key=c&sa-user=7&sa-key-file=k&sa-aggressive=1&sa-mac=8')).toMatchObject({
      ok: true,
      value: { tls: { caFile: 'a' }, secureAuth: { user: 7, keyFile: 'k', aggressive: true, macOctets: 8 } },
    });
    const plain = parseTargetUrl('dnp3://rtu');
    expect(plain.ok && 'secureAuth' in plain.value).toBe(false);
    expect(parseTargetUrl('dnp3://rtu?sa-aggressive=1')).toMatchObject({ ok: false, error: { message: "bad URL: sa-aggressive needs sa-key-file (the user's update key)" } });
    expect(parseTargetUrl('dnp3://rtu?sa-key-file=k&sa-user=0')).toMatchObject({ ok: false, error: { message: "bad URL: sa-user must be 1-65535, got '0'" } });
    expect(parseTargetUrl('dnp3://rtu?sa-key-file=k&sa-mac=10')).toMatchObject({ ok: false, error: { message: expect.stringContaining('sa-mac must be 16') } });
    expect(parseTargetUrl('iec104://rtu?sa-key-file=k')).toMatchObject({ ok: false, error: { message: "bad URL: unknown parameter 'sa-key-file' for iec104" } });
  });
});
