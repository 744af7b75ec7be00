import { describe, expect, it } from 'vitest';
import { buildTcpPacket, buildUdpPacket, formatIp, parseIp, TCP_FLAGS, transportChecksum } from '../../../src-main/protocols/pcap';

const ip = (text: string): Uint8Array => {
  const r = parseIp(text);
  if (!r.ok) throw new Error(r.error.message);
  return r.value;
};

describe('IP addresses', () => {
  const cases: Array<[string, string]> = [
    ['127.0.0.1', '127.0.0.1'],
    ['::1', '::1'],
    ['::', '::'],
    ['fe80::1%eth0', 'fe80::1'],
    ['2001:DB8:0:0:1:0:0:1', '2001:db8::1:0:0:1'],
    ['::ffff:10.1.2.3', '10.1.2.3'],
    ['1:2:3:4:5:6:7:8', '1:2:3:4:5:6:7:8'],
  ];
  for (const [text, formatted] of cases) {
    it(`${text} -> ${formatted}`, () => expect(formatIp(ip(text))).toBe(formatted));
  }
  for (const bad of ['256.1.1.1', '1.2.3', '1::2::3', 'rtu-7', '1:2:3:4:5:6:7:8:9', '']) {
    it(`rejects ${JSON.stringify(bad)} as BAD_ADDRESS`, () => {
      expect(parseIp(bad)).toMatchObject({ ok: false, error: { code: 'BAD_ADDRESS' } });
    });
  }
});

/** Sum of 16-bit words folded: 0xffff when a checksummed region is intact. */
const fold = (bytes: Uint8Array): number => {
  let s = 0;
  for (let i = 0; i < bytes.length; i += 2) s += (bytes[i]! << 8) | (bytes[i + 1] ?? 0);
  while (s > 0xffff) s = (s & 0xffff) + (s >>> 16);
  return s;
};

describe('synthetic packets', () => {
  it('IPv4 header and TCP checksums verify', () => {
    const p = buildTcpPacket({
      src: ip('192.0.2.1'), dst: ip('192.0.2.2'), srcPort: 40000, dstPort: 20000, seq: 7, ack: 9,
      flags: TCP_FLAGS.PSH | TCP_FLAGS.ACK, payload: Uint8Array.of(5, 0x64, 5),
    });
    expect(fold(p.subarray(0, 20))).toBe(0xffff);
    expect(transportChecksum(p.subarray(12, 16), p.subarray(16, 20), 6, p.subarray(20))).toBe(0);
    expect(p.length).toBe(43);
    expect((p[2]! << 8) | p[3]!).toBe(43);
  });

  it('IPv6 UDP checksum verifies and is never zero', () => {
    const p = buildUdpPacket({ src: ip('::1'), dst: ip('::1'), srcPort: 1, dstPort: 2, payload: Uint8Array.of(1, 2, 3) });
    expect(p[0]! >> 4).toBe(6);
    expect(transportChecksum(p.subarray(8, 24), p.subarray(24, 40), 17, p.subarray(40))).toBe(0);
    expect((p[46]! << 8) | p[47]!).not.toBe(0);
  });
});
