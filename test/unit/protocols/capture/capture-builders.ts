/**
 * Captures built for the bounds tests: a DNP3 stream of FIR-only segments to 20,000 link
 * address pairs (the reassembly exhaustion of issue 12), many short TCP flows, and an
 * ordinary 8 MiB DNP3 capture of class 0 responses.
 */
import { encodeLinkFrame, LinkFunction } from '../../../../src-main/protocols/dnp3';
import { buildTcpPacket, PcapWriter, TCP_FLAGS } from '../../../../src-main/protocols/pcap';
import { concatOctets } from '../../../../src-shared/concat-octets';

const MASTER = Uint8Array.of(127, 0, 0, 1);
const OUTSTATION = Uint8Array.of(127, 0, 0, 2);

/** A DNP3 link frame of unconfirmed user data from `source` to `destination` carrying `segment`. */
function dnp3Frame(source: number, destination: number, segment: Uint8Array): Uint8Array {
  return encodeLinkFrame({ dir: false, prm: true, fcb: false, fcvDfc: false, func: LinkFunction.UNCONFIRMED_USER_DATA, destination, source, payload: segment });
}

/** A pcap of one TCP direction (outstation port 20000 -> master) carrying `payloads` in order, one per packet. */
function dnp3Capture(payloads: readonly Uint8Array[]): Uint8Array {
  const writer = new PcapWriter();
  let seq = 1;
  const records = payloads.map((payload, i) => {
    const packet = buildTcpPacket({ src: OUTSTATION, dst: MASTER, srcPort: 20000, dstPort: 50000, seq, ack: 1, flags: TCP_FLAGS.ACK | TCP_FLAGS.PSH, payload });
    seq += payload.length;
    return writer.record(1_700_000_000_000 + i, packet);
  });
  return concatOctets([writer.fileHeader(), ...records]);
}

/**
 * 13-octet link frames (one transport octet: FIR without FIN) from `pairs` different
 * link sources, `perPacket` frames to a TCP segment: every pair leaves a fragment pending.
 */
export function pendingPairsCapture(pairs: number, perPacket: number): Uint8Array {
  const payloads: Uint8Array[] = [];
  for (let first = 0; first < pairs; first += perPacket) {
    const frames: Uint8Array[] = [];
    for (let source = first; source < Math.min(pairs, first + perPacket); source++) frames.push(dnp3Frame(source, 1, Uint8Array.of(0x40)));
    payloads.push(concatOctets(frames));
  }
  return dnp3Capture(payloads);
}

/** A class 0 response: 10 g30v1 analog inputs (flags + 32-bit value), application sequence `seq`. */
function classZeroResponse(seq: number): Uint8Array {
  const objects = Array.from({ length: 10 }, (_, i) => [0x01, (seq + i) & 0xff, 0x00, 0x00, 0x00]).flat();
  // application control FIR|FIN|seq, RESPONSE, IIN 0000, g30v1 qualifier 0x00 (8-bit start/stop) 0..9
  return Uint8Array.of(0xc0 | (seq & 0x0f), 0x81, 0x00, 0x00, 30, 1, 0x00, 0, 9, ...objects);
}

/** An ordinary DNP3 capture of at least `bytes` octets: class 0 responses, 10 link frames to a TCP segment. */
export function ordinaryDnp3Capture(bytes: number): Uint8Array {
  const payloads: Uint8Array[] = [];
  let size = 24;
  for (let n = 0; size < bytes; n++) {
    const frames = Array.from({ length: 10 }, (_, i) => {
      const seq = (n * 10 + i) & 0x3f;
      return dnp3Frame(10, 1, concatOctets([Uint8Array.of(0xc0 | seq), classZeroResponse(seq)]));
    });
    const payload = concatOctets(frames);
    payloads.push(payload);
    size += 16 + 40 + payload.length;
  }
  return dnp3Capture(payloads);
}

/**
 * `flows` TCP connections to IEC 104 port 2404, all opened before any says more: each
 * sends STARTDT act, and after every connection has done so, TESTFR act.
 */
export function manyFlowsCapture(flows: number): Uint8Array {
  const writer = new PcapWriter();
  const apdu = (control: number): Uint8Array => Uint8Array.of(0x68, 0x04, control, 0x00, 0x00, 0x00);
  const packet = (i: number, seq: number, flags: number, payload?: Uint8Array): Uint8Array =>
    writer.record(i, buildTcpPacket({ src: MASTER, dst: OUTSTATION, srcPort: 10_000 + i, dstPort: 2404, seq, ack: 1, flags, ...(payload ? { payload } : {}) }));
  const records: Uint8Array[] = [];
  for (let i = 0; i < flows; i++) records.push(packet(i, 100, TCP_FLAGS.SYN), packet(i, 101, TCP_FLAGS.ACK | TCP_FLAGS.PSH, apdu(0x07)));
  for (let i = 0; i < flows; i++) records.push(packet(i, 107, TCP_FLAGS.ACK | TCP_FLAGS.PSH, apdu(0x43)));
  return concatOctets([writer.fileHeader(), ...records]);
}
