import { describe, expect, it } from 'vitest';
import { CliError } from '../../../src-main/host/cli/exit-codes';
import { parsePointRef } from '../../../src-main/host/cli/point-ref';
import { parseTargetUrl } from '../../../src-main/host/cli/target-url';

function usage(run: () => unknown): string {
  try {
    run();
  } catch (error) {
    expect(error).toBeInstanceOf(CliError);
    expect((error as CliError).exitCode).toBe(2);
    return (error as CliError).message;
  }
  throw new Error('expected a usage error');
}

describe('target URLs', () => {
  it('applies the defaults of CLI.md', () => {
    expect(parseTargetUrl('dnp3://10.0.0.5')).toEqual({ protocol: 'dnp3', transport: 'tcp', host: '10.0.0.5', port: 20000, masterAddress: 1, outstationAddress: 10, commonAddress: 1 });
    expect(parseTargetUrl('dnp3+udp://rtu')).toMatchObject({ transport: 'udp', port: 20000 });
    expect(parseTargetUrl('iec104://rtu')).toMatchObject({ protocol: 'iec104', transport: 'tcp', port: 2404, commonAddress: 1 });
    expect(parseTargetUrl('iec104+tls://rtu?ca-file=c&cert=d&key=e')).toMatchObject({ transport: 'tls', port: 19998, tls: { caFile: 'c', certFile: 'd', keyFile: 'e' } });
  });

  it('reads ports, addresses, TLS files and IPv6 hosts', () => {
    expect(parseTargetUrl('dnp3://[::1]:20001?master=3&outstation=1024')).toMatchObject({ host: '::1', port: 20001, masterAddress: 3, outstationAddress: 1024 });
    expect(parseTargetUrl('iec104://127.0.0.1:2405?ca=65535')).toMatchObject({ port: 2405, commonAddress: 65535 });
    expect(parseTargetUrl('dnp3+tls://rtu:20000?ca-file=a&cert=b&key=c&servername=rtu-1')).toMatchObject({ tls: { caFile: 'a', certFile: 'b', keyFile: 'c', servername: 'rtu-1' } });
  });

  it('refuses bad URLs with a one-line reason', () => {
    expect(usage(() => parseTargetUrl('not a url'))).toMatch(/bad URL/);
    expect(usage(() => parseTargetUrl('modbus://rtu'))).toMatch(/scheme must be one of dnp3, dnp3\+udp, dnp3\+tls, dnp3\+serial, iec104, iec104\+tls/);
    expect(usage(() => parseTargetUrl('dnp3://rtu?outstation=70000'))).toMatch(/outstation must be 0-65519/);
    expect(usage(() => parseTargetUrl('iec104://rtu?master=1'))).toMatch(/unknown parameter 'master'/);
    expect(usage(() => parseTargetUrl('iec104+tls://rtu?ca-file=a'))).toMatch(/needs ca-file, cert and key/);
  });
});

describe('point references', () => {
  it('parses every DNP3 kind and IEC 104 ioa', () => {
    for (const kind of ['bi', 'dbi', 'bo', 'ai', 'ao', 'ctr', 'fc']) expect(parsePointRef(`${kind}:7`, 'dnp3')).toEqual({ kind, index: 7, ref: `${kind}:7` });
    expect(parsePointRef('ioa:5001', 'iec104')).toEqual({ kind: 'ioa', index: 5001, ref: 'ioa:5001' });
  });

  it('refuses unknown points', () => {
    expect(usage(() => parsePointRef('ioa:1', 'dnp3'))).toMatch(/unknown point 'ioa:1'/);
    expect(usage(() => parsePointRef('bi:1', 'iec104'))).toMatch(/iec104 points: ioa:N/);
    expect(usage(() => parsePointRef('bi:x', 'dnp3'))).toMatch(/unknown point/);
    expect(usage(() => parsePointRef('bi:70000', 'dnp3'))).toMatch(/index over 65535/);
  });
});
