/**
 * Classic pcap file writer (sans-IO: returns bytes, the caller writes them). Packets are
 * IP packets; the file's link type is LINKTYPE_RAW or Ethernet with synthetic MACs.
 */

/** Link types we write or read (tcpdump.org LINKTYPE_* numbers). */
export const LINKTYPE = {
  NULL: 0,
  ETHERNET: 1,
  RAW: 101,
  LOOP: 108,
  LINUX_SLL: 113,
  IPV4: 228,
  IPV6: 229,
  LINUX_SLL2: 276,
} as const;

/** Link layer of a written file. */
export type WriterLinkType = 'raw' | 'ethernet';

/** Writer options. */
export interface PcapWriterOptions {
  /** Default `raw` (LINKTYPE_RAW: each record is one IP packet). */
  linkType?: WriterLinkType;
  /** Default 262144. */
  snaplen?: number;
}

const MAGIC_MICROSECONDS = 0xa1b2c3d4;
/** Synthetic MAC addresses (locally administered): 02:00:00:00:00:01 and ...:02. */
const MAC_A = [0x02, 0, 0, 0, 0, 0x01];
const MAC_B = [0x02, 0, 0, 0, 0, 0x02];

/** Produces a pcap file as a header followed by one record per packet. */
export class PcapWriter {
  readonly linkType: WriterLinkType;
  private readonly snaplen: number;

  constructor(options: PcapWriterOptions = {}) {
    this.linkType = options.linkType ?? 'raw';
    this.snaplen = options.snaplen ?? 262_144;
  }

  /** The 24-byte global header (little-endian, microsecond timestamps, version 2.4). */
  fileHeader(): Uint8Array {
    const header = new Uint8Array(24);
    const view = new DataView(header.buffer);
    view.setUint32(0, MAGIC_MICROSECONDS, true);
    view.setUint16(4, 2, true); // version major
    view.setUint16(6, 4, true); // version minor
    // thiszone (8) and sigfigs (12) stay 0
    view.setUint32(16, this.snaplen, true);
    view.setUint32(20, this.linkType === 'raw' ? LINKTYPE.RAW : LINKTYPE.ETHERNET, true);
    return header;
  }

  /**
   * One record: a 16-byte record header and the frame. `timestampMs` is wall-clock ms since
   * the Unix epoch (fractions kept to the microsecond); `fromA` picks the synthetic MAC
   * direction for Ethernet.
   */
  record(timestampMs: number, ipPacket: Uint8Array, fromA = true): Uint8Array {
    const frame = this.linkType === 'raw' ? ipPacket : this.ethernet(ipPacket, fromA);
    const captured = Math.min(frame.length, this.snaplen);
    const out = new Uint8Array(16 + captured);
    const view = new DataView(out.buffer);
    const micros = Math.round(timestampMs * 1000);
    view.setUint32(0, Math.floor(micros / 1_000_000), true);
    view.setUint32(4, micros % 1_000_000, true);
    view.setUint32(8, captured, true);
    view.setUint32(12, frame.length, true);
    out.set(frame.subarray(0, captured), 16);
    return out;
  }

  private ethernet(ipPacket: Uint8Array, fromA: boolean): Uint8Array {
    const frame = new Uint8Array(14 + ipPacket.length);
    frame.set(fromA ? MAC_B : MAC_A, 0); // destination
    frame.set(fromA ? MAC_A : MAC_B, 6); // source
    const ipv6 = (ipPacket[0]! >> 4) === 6;
    frame[12] = ipv6 ? 0x86 : 0x08; // EtherType 0x86DD / 0x0800
    frame[13] = ipv6 ? 0xdd : 0x00;
    frame.set(ipPacket, 14);
    return frame;
  }
}
