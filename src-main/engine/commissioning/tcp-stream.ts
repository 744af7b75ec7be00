/**
 * Puts one direction of a captured TCP connection back into byte order: drops
 * retransmitted octets, follows SYN, and reports a gap (lost or uncaptured segments) so
 * the protocol decoder can resynchronise instead of misreading the bytes after it.
 */

/** What one captured segment contributes to its stream. */
export interface StreamChunk {
  /** New in-order octets (possibly empty). */
  bytes: Uint8Array;
  /** True when octets before these are missing from the capture. */
  gap: boolean;
}

const SYN = 0x02;

/** Signed 32-bit distance `a - b` in TCP sequence space. */
function seqDelta(a: number, b: number): number {
  return ((a - b) | 0);
}

/** One direction of one TCP connection. */
export class TcpStream {
  private next: number | null = null;

  /** Feeds a segment; returns the octets that follow what was already seen. */
  push(seq: number, flags: number, payload: Uint8Array): StreamChunk {
    if (flags & SYN) {
      this.next = (seq + 1) >>> 0;
      return { bytes: payload.subarray(0, 0), gap: false };
    }
    if (this.next === null) {
      // Capture started mid-connection: take the first segment as the start.
      this.next = (seq + payload.length) >>> 0;
      return { bytes: payload, gap: false };
    }
    const delta = seqDelta(seq, this.next);
    if (delta > 0) {
      this.next = (seq + payload.length) >>> 0;
      return { bytes: payload, gap: true };
    }
    const fresh = payload.subarray(Math.min(-delta, payload.length));
    this.next = (this.next + fresh.length) >>> 0;
    return { bytes: fresh, gap: false };
  }
}
