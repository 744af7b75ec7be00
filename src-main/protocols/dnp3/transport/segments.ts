/**
 * DNP3 transport function (IEEE 1815-2012 clause 8): one header octet per link frame,
 * bit7 FIN, bit6 FIR, bits0-5 SEQ, then up to 249 octets of the application fragment.
 */

/** Most fragment octets per segment (250 link user octets minus the transport header). */
const MAX_SEGMENT_PAYLOAD = 249;
/** Default and limits of the reassembled fragment size. */
export const DEFAULT_MAX_FRAGMENT = 2048;
/** Largest fragment the reassembler accepts when so configured. */
export const MAX_FRAGMENT_LIMIT = 65536;

/** Decoded transport header. */
export interface TransportHeader {
  fin: boolean;
  fir: boolean;
  seq: number;
}

/** Decodes a transport header octet. */
export function decodeTransportHeader(octet: number): TransportHeader {
  return { fin: (octet & 0x80) !== 0, fir: (octet & 0x40) !== 0, seq: octet & 0x3f };
}

/** Encodes a transport header octet. */
function encodeTransportHeader(h: TransportHeader): number {
  return (h.fin ? 0x80 : 0) | (h.fir ? 0x40 : 0) | (h.seq & 0x3f);
}

/**
 * Splits an application fragment into transport segments (header octet + payload) starting
 * at sequence `seq`; returns the segments and the next sequence number to use.
 */
export function segmentFragment(fragment: Uint8Array, seq: number): { segments: Uint8Array[]; nextSeq: number } {
  const segments: Uint8Array[] = [];
  let s = seq & 0x3f;
  let off = 0;
  do {
    const n = Math.min(MAX_SEGMENT_PAYLOAD, fragment.length - off);
    const seg = new Uint8Array(n + 1);
    seg[0] = encodeTransportHeader({ fir: off === 0, fin: off + n >= fragment.length, seq: s });
    seg.set(fragment.subarray(off, off + n), 1);
    segments.push(seg);
    off += n;
    s = (s + 1) & 0x3f;
  } while (off < fragment.length);
  return { segments, nextSeq: s };
}
