import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { CaptureStreamReader, PcapWriter, readCapture, type CapturedPacket } from '../../../src-main/protocols/pcap';

const VECTORS = '/work/shared/vectors/captures';

/** Feeds `bytes` in pieces of `size`; the packets, or the error that ended the stream. */
function readInPieces(bytes: Uint8Array, size: number): { packets: CapturedPacket[]; error: string | null } {
  const reader = new CaptureStreamReader();
  const packets: CapturedPacket[] = [];
  for (let at = 0; at < bytes.length; at += size) {
    const got = reader.push(bytes.subarray(at, at + size));
    if (!got.ok) return { packets, error: `${got.error.code} ${got.error.message}` };
    packets.push(...got.value);
  }
  const end = reader.end();
  return { packets, error: end ? `${end.code} ${end.message}` : null };
}

function classicPcap(count: number): Uint8Array {
  const writer = new PcapWriter();
  const records = Array.from({ length: count }, (_, i) => writer.record(1_700_000_000_000 + i * 1.5, new Uint8Array(20 + i).fill(i)));
  return new Uint8Array(Buffer.concat([writer.fileHeader(), ...records]));
}

describe('CaptureStreamReader', () => {
  it('reads a classic pcap split at every offset into the packets the file reader finds', () => {
    const bytes = classicPcap(4);
    const whole = readCapture(bytes);
    if (!whole.ok) throw new Error(whole.error.message);
    for (let size = 1; size <= bytes.length; size++) {
      const got = readInPieces(bytes, size);
      expect(got.error, `pieces of ${size}`).toBeNull();
      expect(got.packets, `pieces of ${size}`).toEqual(whole.value.packets);
    }
  });

  it('reads third-party pcapng captures in pieces as the file reader does', () => {
    for (const file of ['dnp3_example.pcapng', 'iec104_example.pcapng']) {
      const bytes = new Uint8Array(readFileSync(`${VECTORS}/${file}`));
      const whole = readCapture(bytes);
      if (!whole.ok) throw new Error(whole.error.message);
      for (const size of [1, 7, 64, 1000]) {
        const got = readInPieces(bytes, size);
        expect(got.error).toBeNull();
        expect(got.packets).toEqual(whole.value.packets);
      }
    }
  });

  it('names a stream that ends inside a record, with the frame it was reading', () => {
    const bytes = classicPcap(3);
    const got = readInPieces(bytes.subarray(0, bytes.length - 5), 10);
    expect(got.packets).toHaveLength(2);
    expect(got.error).toBe('TRUNCATED the stream ended inside frame 3 (33 bytes of it arrived)');
    expect(readInPieces(bytes.subarray(0, 10), 4).error).toBe('TRUNCATED the stream ended before the capture header was complete');
  });

  it('stops at a damaged record or block and stays stopped', () => {
    const bytes = classicPcap(3);
    new DataView(bytes.buffer).setUint32(24 + 16 + 20 + 8, 0x7000_0000, true); // frame 2's captured length
    const reader = new CaptureStreamReader();
    const first = reader.push(bytes);
    expect(first.ok).toBe(false);
    if (!first.ok) expect(first.error).toMatchObject({ code: 'BAD_BLOCK', frame: 2, offset: 60 });
    expect(reader.push(new Uint8Array(4)).ok).toBe(false);
    const ng = new Uint8Array(readFileSync(`${VECTORS}/dnp3_example.pcapng`));
    const view = new DataView(ng.buffer, ng.byteOffset);
    const shbLength = view.getUint32(4, true);
    const idbLength = view.getUint32(shbLength + 4, true);
    view.setUint32(shbLength + idbLength + 4, 13, true); // the first packet block's length: not a multiple of 4
    const damaged = readInPieces(ng, 50);
    expect(damaged.packets).toEqual([]);
    expect(damaged.error).toBe('BAD_BLOCK frame 1: block length 13 is invalid');
  });

  it('refuses what is not a capture', () => {
    expect(readInPieces(new TextEncoder().encode('GET / HTTP/1.1\r\n'), 3).error).toBe('BAD_MAGIC not a pcap or pcapng stream (magic 0x47455420)');
  });
});
