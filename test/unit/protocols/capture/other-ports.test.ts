/**
 * What the first octets look like (DNP3, IEC 104, TLS) and the undecoded ports a capture
 * reports with that guess, so `decode` can say which port it saw.
 */
import { describe, expect, it } from 'vitest';
import { decodeCaptureBytes, identifyProtocol } from '../../../../src-main/protocols/capture';
import { buildTcpPacket, buildUdpPacket, PcapWriter, TCP_FLAGS } from '../../../../src-main/protocols/pcap';

const client = Uint8Array.of(10, 0, 0, 1);
const server = Uint8Array.of(10, 0, 0, 2);
const STARTDT_ACT = Uint8Array.of(0x68, 0x04, 0x07, 0x00, 0x00, 0x00);
// DNP3 REQUEST_LINK_STATUS 1 -> 10 (header block with its CRC).
const LINK_STATUS = Uint8Array.of(0x05, 0x64, 0x05, 0xc9, 0x0a, 0x00, 0x01, 0x00, 0x3d, 0x8e);

function capture(packets: Uint8Array[]): Uint8Array {
  const writer = new PcapWriter();
  return Buffer.concat([writer.fileHeader(), ...packets.map((p, i) => writer.record(i, p))]);
}

const tcp = (srcPort: number, dstPort: number, flags: number, payload?: Uint8Array): Uint8Array =>
  buildTcpPacket({ src: srcPort > dstPort ? client : server, dst: srcPort > dstPort ? server : client, srcPort, dstPort, seq: 1, ack: 1, flags, ...(payload ? { payload } : {}) });

describe('identifyProtocol', () => {
  it('tells DNP3, IEC 104 and TLS apart by their first octets', () => {
    expect(identifyProtocol(LINK_STATUS)).toBe('dnp3');
    expect(identifyProtocol(STARTDT_ACT)).toBe('iec104');
    expect(identifyProtocol(Uint8Array.of(0x16, 0x03, 0x01, 0x00, 0xf4))).toBe('tls');
    expect(identifyProtocol(Uint8Array.of(0x15, 0x03, 0x03, 0x00, 0x02, 0x02, 0x30))).toBe('tls');
  });

  it('answers null for other bytes and for too few to tell', () => {
    expect(identifyProtocol(new TextEncoder().encode('GET / HTTP/1.1\r\n'))).toBeNull();
    expect(identifyProtocol(Uint8Array.of(0x68))).toBeNull();
    expect(identifyProtocol(Uint8Array.of(0x68, 0x02))).toBeNull();
    expect(identifyProtocol(Uint8Array.of(0x16, 0x03))).toBeNull();
    expect(identifyProtocol(new Uint8Array(0))).toBeNull();
  });
});

describe('undecoded ports of a capture', () => {
  it('names the service port (SYN destination, else the lower port), counts its packets and guesses its protocol', () => {
    const decoded = decodeCaptureBytes(
      capture([
        tcp(50000, 2405, TCP_FLAGS.SYN),
        tcp(2405, 50000, TCP_FLAGS.SYN | TCP_FLAGS.ACK),
        tcp(50000, 2405, TCP_FLAGS.ACK | TCP_FLAGS.PSH, STARTDT_ACT),
        tcp(50001, 20001, TCP_FLAGS.ACK | TCP_FLAGS.PSH, LINK_STATUS),
        buildUdpPacket({ src: client, dst: server, srcPort: 40000, dstPort: 53, payload: Uint8Array.of(1, 2, 3) }),
        tcp(2404, 50002, TCP_FLAGS.ACK | TCP_FLAGS.PSH, STARTDT_ACT),
      ]),
    );
    if (!decoded.ok) throw new Error(decoded.error.message);
    expect(decoded.value.records).toHaveLength(1);
    expect(decoded.value.otherPorts).toEqual([
      { transport: 'tcp', port: 2405, packets: 3, looksLike: 'iec104' },
      { transport: 'udp', port: 53, packets: 1, looksLike: null },
      { transport: 'tcp', port: 20001, packets: 1, looksLike: 'dnp3' },
    ]);
  });

  it('reports nothing when every packet was on a decoded port', () => {
    const decoded = decodeCaptureBytes(capture([tcp(50000, 2404, TCP_FLAGS.ACK | TCP_FLAGS.PSH, STARTDT_ACT)]));
    if (!decoded.ok) throw new Error(decoded.error.message);
    expect(decoded.value.otherPorts).toEqual([]);
  });
});
