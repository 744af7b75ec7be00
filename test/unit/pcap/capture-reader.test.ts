import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import {
  buildTcpPacket,
  buildUdpPacket,
  CaptureSynth,
  extractStreams,
  LINKTYPE,
  parseIp,
  PcapWriter,
  readCapture,
  TCP_FLAGS,
  type PcapResult,
} from '../../../src-main/protocols/pcap';
import { PcapngBuilder } from './pcapng-builder';

const VECTORS = '/work/shared/vectors/captures';
const unwrap = <T>(result: PcapResult<T>): T => {
  if (!result.ok) throw new Error(`${result.error.code}: ${result.error.message}`);
  return result.value;
};
const ip = (text: string): Uint8Array => unwrap(parseIp(text));
const concat = (parts: Uint8Array[]): Uint8Array => Uint8Array.from(parts.flatMap((p) => [...p]));

describe('readCapture on real captures', () => {
  const cases = [
    { file: 'dnp3_example.pcapng', packets: 61, server: 20000, bytes: 2099, frames: 33, first: Date.UTC(2026, 10, 21, 15, 18, 50) + 83.690214 },
    { file: 'iec104_example.pcapng', packets: 40, server: 2404, bytes: 303, frames: 18, first: Date.UTC(2026, 10, 21, 15, 11, 33) + 751.440315 },
  ];
  for (const c of cases) {
    it(`${c.file}: frames, nanosecond timestamps, one reassembled connection`, () => {
      const capture = unwrap(readCapture(new Uint8Array(readFileSync(`${VECTORS}/${c.file}`))));
      expect(capture.format).toBe('pcapng');
      expect(capture.warnings).toEqual([]);
      expect(capture.packets).toHaveLength(c.packets);
      expect(capture.packets[0]!.linkType).toBe(LINKTYPE.ETHERNET);
      expect(capture.packets[0]!.timestampMs).toBeCloseTo(c.first, 3);
      const streams = extractStreams(capture);
      expect(streams.errors).toEqual([]);
      expect(streams.tcp).toHaveLength(1);
      const connection = streams.tcp[0]!;
      expect(connection.server).toEqual({ address: '127.0.0.1', port: c.server });
      expect(connection.firstFrame).toBe(1);
      expect(connection.ended).toBe(true);
      expect(connection.chunks.reduce((n, ch) => n + ch.bytes.length, 0)).toBe(c.bytes);
      expect(new Set(connection.chunks.map((ch) => ch.frame)).size).toBe(c.frames);
      expect(connection.stats.client).toEqual({ retransmissions: 0, outOfOrder: 0, gaps: 0 });
    });
  }

  it('the DNP3 capture starts with the master sending a link frame (0x05 0x64)', () => {
    const capture = unwrap(readCapture(new Uint8Array(readFileSync(`${VECTORS}/dnp3_example.pcapng`))));
    const first = extractStreams(capture).tcp[0]!.chunks[0]!;
    expect(first.fromClient).toBe(true);
    expect(first.frame).toBe(4);
    expect([...first.bytes.subarray(0, 2)]).toEqual([0x05, 0x64]);
  });
});

describe('pcap writer and reader round trip', () => {
  for (const linkType of ['raw', 'ethernet'] as const) {
    for (const [client, server] of [
      ['127.0.0.1', '127.0.0.2'],
      ['::1', 'fe80::1'],
    ] as const) {
      it(`${linkType}, ${client} -> ${server}: handshake, data both ways, FIN`, () => {
        const writer = new PcapWriter({ linkType });
        const synth = new CaptureSynth(writer);
        const spec = { transport: 'tcp' as const, client: { address: client, port: 40000 }, server: { address: server, port: 20000 } };
        const records = [
          ...unwrap(synth.data('a', spec, true, Uint8Array.of(1, 2, 3), 1_700_000_000_000.5)),
          ...unwrap(synth.data('a', spec, false, Uint8Array.of(4, 5), 1_700_000_000_001)),
          ...unwrap(synth.data('a', spec, true, new Uint8Array(70_000).fill(7), 1_700_000_000_002)),
          ...synth.close('a', 1_700_000_000_003),
        ];
        const capture = unwrap(readCapture(concat([writer.fileHeader(), ...records])));
        expect(capture.format).toBe('pcap');
        expect(capture.packets).toHaveLength(3 + 1 + 1 + 2 + 3);
        expect(capture.packets[0]!.timestampMs).toBeCloseTo(1_700_000_000_000.5, 3);
        const streams = extractStreams(capture);
        expect(streams.tcp).toHaveLength(1);
        const connection = streams.tcp[0]!;
        expect(connection.client).toEqual({ address: client, port: 40000 });
        expect(connection.server).toEqual({ address: server, port: 20000 });
        expect(connection.ended).toBe(true);
        expect(connection.chunks.map((c) => [c.frame, c.fromClient, c.bytes.length])).toEqual([
          [4, true, 3],
          [5, false, 2],
          [6, true, 65_000],
          [7, true, 5_000],
        ]);
      });
    }
  }

  it('UDP datagrams keep addresses, ports and payloads', () => {
    const writer = new PcapWriter();
    const synth = new CaptureSynth(writer);
    const spec = { transport: 'udp' as const, client: { address: '127.0.0.1', port: 5000 }, server: { address: '127.0.0.1', port: 20000 } };
    const records = [...unwrap(synth.data('u', spec, true, Uint8Array.of(9, 9), 1)), ...unwrap(synth.data('u', spec, false, Uint8Array.of(8), 2))];
    const streams = extractStreams(unwrap(readCapture(concat([writer.fileHeader(), ...records]))));
    expect(streams.udp.map((d) => [d.frame, d.src.port, d.dst.port, d.payload.length])).toEqual([
      [1, 5000, 20000, 2],
      [2, 20000, 5000, 1],
    ]);
  });

  it('rejects mixed address families as a value', () => {
    const synth = new CaptureSynth(new PcapWriter());
    const result = synth.data('x', { transport: 'tcp', client: { address: '127.0.0.1', port: 1 }, server: { address: '::2', port: 2 } }, true, Uint8Array.of(1), 0);
    expect(result.ok ? 'ok' : result.error.code).toBe('BAD_ADDRESS');
  });
});

/** A classic pcap (big-endian, nanosecond magic) holding raw IP packets. */
function bigEndianNanoPcap(packets: Array<[number, Uint8Array]>): Uint8Array {
  const header = new Uint8Array(24);
  const view = new DataView(header.buffer);
  view.setUint32(0, 0xa1b23c4d);
  view.setUint16(4, 2);
  view.setUint16(6, 4);
  view.setUint32(16, 65535);
  view.setUint32(20, LINKTYPE.RAW);
  const records = packets.map(([ns, data]) => {
    const record = new Uint8Array(16 + data.length);
    const rv = new DataView(record.buffer);
    rv.setUint32(0, Math.floor(ns / 1e9));
    rv.setUint32(4, ns % 1e9);
    rv.setUint32(8, data.length);
    rv.setUint32(12, data.length);
    record.set(data, 16);
    return record;
  });
  return concat([header, ...records]);
}

describe('readCapture formats', () => {
  const packet = buildUdpPacket({ src: ip('10.0.0.1'), dst: ip('10.0.0.2'), srcPort: 1, dstPort: 20000, payload: Uint8Array.of(0xaa) });

  it('classic pcap, big-endian, nanosecond resolution', () => {
    const capture = unwrap(readCapture(bigEndianNanoPcap([[5_000_000_123, packet]])));
    expect(capture.packets[0]).toMatchObject({ frame: 1, linkType: LINKTYPE.RAW, originalLength: packet.length });
    expect(capture.packets[0]!.timestampMs).toBeCloseTo(5000.000123, 6);
    expect(extractStreams(capture).udp[0]!.payload).toEqual(Uint8Array.of(0xaa));
  });

  for (const little of [true, false]) {
    it(`pcapng ${little ? 'little' : 'big'}-endian: SLL and SLL2 interfaces, EPB with if_tsresol/if_tsoffset, SPB, unknown blocks`, () => {
      const sll = concat([new Uint8Array(14), Uint8Array.of(0x08, 0x00), packet]);
      const sll2 = concat([Uint8Array.of(0x08, 0x00), new Uint8Array(18), packet]);
      const file = new PcapngBuilder(little)
        .interface(LINKTYPE.LINUX_SLL, { tsresol: 9 })
        .interface(LINKTYPE.LINUX_SLL2, { tsresol: 0x80 | 10, tsoffset: 100n })
        .custom(0x0bad, Uint8Array.of(1, 2, 3, 4))
        .enhanced(0, 1_500_000_000n, sll)
        .enhanced(1, 2048n, sll2)
        .simple(sll)
        .build();
      const capture = unwrap(readCapture(file));
      expect(capture.packets.map((p) => [p.frame, p.linkType, p.timestampMs])).toEqual([
        [1, LINKTYPE.LINUX_SLL, 1500],
        [2, LINKTYPE.LINUX_SLL2, 102_000],
        [3, LINKTYPE.LINUX_SLL, null],
      ]);
      const streams = extractStreams(capture);
      expect(streams.errors).toEqual([]);
      expect(streams.udp.map((d) => d.src.address)).toEqual(['10.0.0.1', '10.0.0.1', '10.0.0.1']);
    });
  }

  it('Ethernet with a VLAN tag, BSD loopback, and padding after a short IP packet', () => {
    const eth = concat([new Uint8Array(12), Uint8Array.of(0x81, 0x00, 0, 5, 0x08, 0x00), packet, new Uint8Array(6)]);
    const loop = concat([Uint8Array.of(2, 0, 0, 0), packet]);
    const file = new PcapngBuilder(true).interface(LINKTYPE.ETHERNET).interface(LINKTYPE.NULL).enhanced(0, 1n, eth).enhanced(1, 2n, loop).build();
    const streams = extractStreams(unwrap(readCapture(file)));
    expect(streams.udp.map((d) => d.payload.length)).toEqual([1, 1]);
  });

  it('counts non-IP frames as skipped and reports undecodable ones with their frame', () => {
    const arp = concat([new Uint8Array(12), Uint8Array.of(0x08, 0x06), new Uint8Array(28)]);
    const badTcp = buildTcpPacket({ src: ip('10.0.0.1'), dst: ip('10.0.0.2'), srcPort: 1, dstPort: 2, seq: 0, ack: 0, flags: TCP_FLAGS.SYN });
    badTcp[32] = 0x10; // TCP data offset 4 words: invalid
    const eth = (p: Uint8Array): Uint8Array => concat([new Uint8Array(12), Uint8Array.of(0x08, 0x00), p]);
    const file = new PcapngBuilder(true).interface(LINKTYPE.ETHERNET).enhanced(0, 1n, arp).enhanced(0, 2n, eth(badTcp)).build();
    const streams = extractStreams(unwrap(readCapture(file)));
    expect(streams.skipped).toBe(1);
    expect(streams.errors).toEqual([expect.objectContaining({ code: 'BAD_TCP_HEADER', frame: 2 })]);
  });

  it('errors and warnings are values with codes', () => {
    expect(readCapture(Uint8Array.of(1, 2, 3, 4, 5))).toMatchObject({ ok: false, error: { code: 'BAD_MAGIC' } });
    expect(readCapture(Uint8Array.of(0xd4, 0xc3))).toMatchObject({ ok: false, error: { code: 'TRUNCATED' } });
    const writer = new PcapWriter();
    const whole = concat([writer.fileHeader(), writer.record(0, packet)]);
    const cut = unwrap(readCapture(whole.subarray(0, whole.length - 3)));
    expect(cut.packets).toHaveLength(0);
    expect(cut.warnings[0]).toMatchObject({ code: 'TRUNCATED', frame: 1 });
    const ng = new PcapngBuilder(true).interface(LINKTYPE.RAW).enhanced(3, 1n, packet).build();
    expect(readCapture(ng)).toMatchObject({ ok: false, error: { code: 'UNKNOWN_INTERFACE', frame: 1 } });
    const broken = new PcapngBuilder(true).interface(LINKTYPE.RAW).build();
    broken[broken.length - 1] = 0x7f;
    expect(readCapture(broken)).toMatchObject({ ok: false, error: { code: 'BAD_BLOCK' } });
  });
});
