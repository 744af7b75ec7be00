/**
 * Reassembles one direction of a TCP connection into an ordered byte stream: duplicates
 * and retransmissions are dropped, overlaps trimmed, out-of-order segments held until the
 * gap is filled. Each delivered chunk keeps the capture frame that carried it.
 */

/** Bytes of one direction, in stream order. */
export interface StreamChunk {
  /** Frame that carried these bytes. */
  frame: number;
  timestampMs: number | null;
  bytes: Uint8Array;
  /** Bytes missing from the capture just before this chunk (a lost segment); absent if none. */
  gapBefore?: number;
}

/** Counters of one direction. */
export interface DirectionStats {
  retransmissions: number;
  outOfOrder: number;
  gaps: number;
}

interface Held {
  seq: number;
  frame: number;
  timestampMs: number | null;
  bytes: Uint8Array;
}

/** Out-of-order segments kept per direction before a gap is given up on. */
const MAX_HELD = 256;

/** Signed difference a - b of two sequence numbers, modulo 2^32. */
const seqDiff = (a: number, b: number): number => (a - b) | 0;

/** One direction's reassembler. */
export class DirectionReassembler {
  readonly stats: DirectionStats = { retransmissions: 0, outOfOrder: 0, gaps: 0 };
  private next: number | null = null;
  private held: Held[] = [];

  /** The first SYN fixes the initial sequence number: data starts at ISN + 1. */
  syn(seq: number): void {
    this.next ??= (seq + 1) >>> 0;
  }

  /** Feeds a segment's payload; returns the chunks now deliverable, in order. */
  push(seq: number, bytes: Uint8Array, frame: number, timestampMs: number | null): StreamChunk[] {
    if (bytes.length === 0) return [];
    if (this.next === null) this.next = seq;
    const out: StreamChunk[] = [];
    const offset = seqDiff(seq, this.next);
    if (offset + bytes.length <= 0) {
      this.stats.retransmissions++;
      return out;
    }
    if (offset > 0) {
      this.stats.outOfOrder++;
      if (!this.held.some((h) => h.seq === seq && h.bytes.length >= bytes.length)) {
        this.held.push({ seq, frame, timestampMs, bytes });
        this.held.sort((a, b) => seqDiff(a.seq, b.seq));
      }
      if (this.held.length > MAX_HELD) out.push(...this.skipGap());
      return out;
    }
    if (offset < 0) this.stats.retransmissions++;
    out.push(this.take(seq, bytes, frame, timestampMs));
    out.push(...this.drain());
    return out;
  }

  /** End of capture: delivers what is still held, marking the gaps before it. */
  flush(): StreamChunk[] {
    const out: StreamChunk[] = [];
    while (this.held.length > 0) out.push(...this.skipGap());
    return out;
  }

  /** Delivers `bytes` at `seq` (which is at or before `next`), trimming what was seen. */
  private take(seq: number, bytes: Uint8Array, frame: number, timestampMs: number | null, gap = 0): StreamChunk {
    const skip = Math.max(0, -seqDiff(seq, this.next ?? seq));
    const fresh = bytes.subarray(skip);
    this.next = (seq + bytes.length) >>> 0;
    return gap > 0 ? { frame, timestampMs, bytes: fresh, gapBefore: gap } : { frame, timestampMs, bytes: fresh };
  }

  /** Delivers held segments that have become contiguous. */
  private drain(): StreamChunk[] {
    const out: StreamChunk[] = [];
    while (this.held.length > 0 && this.next !== null) {
      const first = this.held[0]!;
      const offset = seqDiff(first.seq, this.next);
      if (offset > 0) break;
      this.held.shift();
      if (offset + first.bytes.length <= 0) continue;
      out.push(this.take(first.seq, first.bytes, first.frame, first.timestampMs));
    }
    return out;
  }

  /** Gives up on the gap before the first held segment and delivers from there. */
  private skipGap(): StreamChunk[] {
    const first = this.held.shift();
    if (!first || this.next === null) return [];
    const gap = seqDiff(first.seq, this.next);
    this.stats.gaps++;
    this.next = first.seq;
    return [this.take(first.seq, first.bytes, first.frame, first.timestampMs, gap), ...this.drain()];
  }
}
