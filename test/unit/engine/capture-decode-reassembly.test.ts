/**
 * The capture decoder puts TCP streams back in order with the pcap module's reassembly:
 * out-of-order segments are held until the hole fills, retransmissions dropped, and a hole
 * that never fills resynchronises the decoder instead of misreading the bytes after it.
 */
import { describe, expect, it } from 'vitest';
import { decodeCaptureBytes } from '../../../src-main/protocols/capture/capture-decode';
import { buildTcpPacket, PcapWriter, TCP_FLAGS } from '../../../src-main/protocols/pcap';
import { concatOctets } from '../../../src-shared/concat-octets';

const client = Uint8Array.of(127, 0, 0, 1);
const server = Uint8Array.of(127, 0, 0, 2);
// IEC 104 U-format APDUs: STARTDT act, TESTFR act, STOPDT act (68 04 <control> 00 00 00).
const APDUS = [0x07, 0x43, 0x13].map((control) => Uint8Array.of(0x68, 0x04, control, 0x00, 0x00, 0x00));
const stream = new Uint8Array(APDUS.flatMap((a) => [...a]));

/** A capture of the client's side: the SYN, then `segments` ([offset, length]) in the order given. */
function capture(segments: Array<[number, number]>): Uint8Array {
  const writer = new PcapWriter();
  const isn = 1000;
  const packet = (seq: number, flags: number, payload?: Uint8Array) => buildTcpPacket({ src: client, dst: server, srcPort: 50000, dstPort: 2404, seq, ack: 1, flags, ...(payload ? { payload } : {}) });
  const records = [writer.record(0, packet(isn, TCP_FLAGS.SYN))];
  segments.forEach(([offset, length], i) => records.push(writer.record(i + 1, packet(isn + 1 + offset, TCP_FLAGS.ACK | TCP_FLAGS.PSH, stream.subarray(offset, offset + length)))));
  return concatOctets([writer.fileHeader(), ...records]);
}

const formats = (bytes: Uint8Array) => {
  const decoded = decodeCaptureBytes(bytes);
  if (!decoded.ok) throw new Error(decoded.error.message);
  return decoded.value.records.map((r) => (r.protocol === 'iec104' ? `${r.format ?? '-'}${r.error ? ` ${r.error}` : ''}` : 'dnp3'));
};

describe('capture decoding over reassembled TCP', () => {
  it('decodes APDUs split across segments that arrive out of order and retransmitted', () => {
    // Segments: [0,4) [4,10) [10,18); captured as 2nd, 1st, 1st again, 3rd.
    expect(formats(capture([[4, 6], [0, 4], [0, 4], [10, 8]]))).toEqual(['U', 'U', 'U']);
  });

  it('drops the partial APDU before a hole that never fills and decodes what follows', () => {
    // [0,4) then the bytes from 6 on: the first APDU is cut, the next two are whole.
    expect(formats(capture([[0, 4], [6, 12]]))).toEqual(['U', 'U']);
  });
});
