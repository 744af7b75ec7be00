/**
 * Host addresses for firewall rules: strict parsing, RFC 5952 text, and the ranges that
 * are not the masters' (the Windows block rule's remote addresses).
 */
import { describe, expect, it } from 'vitest';
import { complementRanges, notAHostAddress, parseIpAddress } from '../../../../src-main/commissioning/firewall/ip-address';

const text = (t: string): string | undefined => parseIpAddress(t)?.text;

describe('parseIpAddress', () => {
  it('takes dotted quads and refuses leading zeros, signs, short forms and out-of-range octets', () => {
    expect(text('192.0.2.10')).toBe('192.0.2.10');
    expect(parseIpAddress('192.0.2.10')?.value).toBe(0xc000020an);
    for (const bad of ['192.0.2.010', '192.0.2', '192.0.2.256', '192.0.2.-1', '192.0.2.1.5', '1e2.0.0.1', '', 'rtu7.example', '192.0.2.0/24']) {
      expect(parseIpAddress(bad), bad).toBeNull();
    }
  });

  it('takes IPv6 in every RFC 4291 text form and writes it as RFC 5952 does', () => {
    expect(text('2001:DB8:0:0:0:0:0:10')).toBe('2001:db8::10');
    expect(text('2001:db8:0:0:1:0:0:1')).toBe('2001:db8::1:0:0:1');
    expect(text('2001:db8:0:1:1:1:1:1')).toBe('2001:db8:0:1:1:1:1:1');
    expect(text('::')).toBe('::');
    expect(text('fe80::')).toBe('fe80::');
    expect(text('::ffff:192.0.2.1')).toBe('::ffff:c000:201');
    expect(text('[2001:db8::7]')).toBe('2001:db8::7');
    for (const bad of ['2001:db8::1::2', '2001:db8:1:2:3:4:5:6:7', '2001:db8::g', 'fe80::1%eth0', '2001:db8::/64', ':::', '1:2:3:4:5:6:7::8:9', '12345::1']) {
      expect(parseIpAddress(bad), bad).toBeNull();
    }
  });

  it('names the addresses that are no device of their own', () => {
    const why = (t: string): string | null => notAHostAddress(parseIpAddress(t)!);
    expect(why('0.0.0.0')).toBe('the unspecified address');
    expect(why('127.0.0.5')).toBe('a loopback address');
    expect(why('239.1.1.1')).toBe('a multicast address');
    expect(why('255.255.255.255')).toBe('the broadcast address');
    expect(why('::1')).toBe('the loopback address');
    expect(why('ff02::1')).toBe('a multicast address');
    expect(why('192.0.2.1')).toBeNull();
    expect(why('2001:db8::1')).toBeNull();
  });
});

describe('complementRanges', () => {
  const ranges = (family: 4 | 6, addresses: string[]): string[] =>
    complementRanges(family, addresses.map((a) => parseIpAddress(a)!)).map((r) => `${r.first.text}-${r.last.text}`);

  it('leaves out exactly the given addresses, merged and sorted, of one family only', () => {
    expect(ranges(4, ['192.0.2.22', '192.0.2.21', '2001:db8::1', '192.0.2.21'])).toEqual(['0.0.0.0-192.0.2.20', '192.0.2.23-255.255.255.255']);
    expect(ranges(4, ['0.0.0.0', '255.255.255.255'])).toEqual(['0.0.0.1-255.255.255.254']);
    expect(ranges(6, ['2001:db8::21'])).toEqual(['::-2001:db8::20', '2001:db8::22-ffff:ffff:ffff:ffff:ffff:ffff:ffff:ffff']);
    expect(ranges(6, [])).toEqual(['::-ffff:ffff:ffff:ffff:ffff:ffff:ffff:ffff']);
  });
});
