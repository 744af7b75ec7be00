/**
 * Resumable DNP3 link framer: `push(chunk)` returns every whole frame (decoded) and every
 * framing error found so far, however the byte stream was split. A bad header or block
 * CRC is counted and reported, and the framer resynchronises on the next 0x05 0x64.
 */
import { ByteSlab } from '../../../../src-shared/byte-slab';
import { crcMatches } from './crc';
import { decodeLinkFrame, frameSizeForLength, type LinkError, type LinkFrame, LINK_HEADER_SIZE } from './frame';

/**
 * One result of the framer: a frame with its raw octets, or an error. A damaged frame's
 * error carries the octets dropped with it: the header for a header CRC or LENGTH error,
 * the whole frame for a user-data block CRC error.
 */
export type FramerItem =
  | { ok: true; frame: LinkFrame; raw: Uint8Array }
  | { ok: false; error: LinkError | { code: 'DISCARDED_OCTETS'; count: number; message: string }; raw?: Uint8Array };

/** Counters the framer keeps. */
export interface FramerStats {
  frames: number;
  headerCrcErrors: number;
  blockCrcErrors: number;
  discardedOctets: number;
}

/** Largest frame on the wire (LENGTH 255). */
const MAX_FRAME = frameSizeForLength(255);

/** Resumable link framer; holds at most one partial frame (under 300 octets). */
export class LinkFramer {
  private buf = new Uint8Array(4096);
  private start = 0;
  private end = 0;
  /** Raw frames and payloads handed out (a ByteSlab: no ArrayBuffer of their own each). */
  private readonly slab = new ByteSlab();
  private readonly alloc = (length: number): Uint8Array => this.slab.alloc(length);
  /** Running counters. */
  readonly stats: FramerStats = { frames: 0, headerCrcErrors: 0, blockCrcErrors: 0, discardedOctets: 0 };

  /** Feeds a chunk; returns frames and errors in stream order. */
  push(chunk: Uint8Array): FramerItem[] {
    this.append(chunk);
    const out: FramerItem[] = [];
    let discarded = 0;
    const flushDiscard = (): void => {
      if (discarded === 0) return;
      this.stats.discardedOctets += discarded;
      out.push({ ok: false, error: { code: 'DISCARDED_OCTETS', count: discarded, message: `${discarded} octets before a start sequence` } });
      discarded = 0;
    };
    const b = this.buf;
    for (;;) {
      const avail = this.end - this.start;
      if (avail < 2) {
        if (avail === 1 && b[this.start] !== 0x05) {
          this.start++;
          discarded++;
        }
        break;
      }
      if (b[this.start] !== 0x05 || b[this.start + 1] !== 0x64) {
        this.start++;
        discarded++;
        continue;
      }
      if (avail < LINK_HEADER_SIZE) break;
      const length = b[this.start + 2]!;
      if (!crcMatches(b, this.start, this.start + 8) || length < 5) {
        flushDiscard();
        this.stats.headerCrcErrors++;
        out.push({
          ok: false,
          error: length < 5 && crcMatches(b, this.start, this.start + 8)
            ? { code: 'BAD_LENGTH', length, message: `LENGTH ${length} under 5` }
            : { code: 'BAD_HEADER_CRC', message: 'header CRC mismatch' },
          raw: this.slab.copy(b, this.start, this.start + LINK_HEADER_SIZE),
        });
        this.start += 2;
        continue;
      }
      const size = frameSizeForLength(length);
      if (avail < size) break;
      flushDiscard();
      const raw = this.slab.copy(b, this.start, this.start + size);
      const res = decodeLinkFrame(raw, this.alloc);
      if (res.ok) {
        this.stats.frames++;
        out.push({ ok: true, frame: res.frame, raw });
        this.start += size;
      } else {
        this.stats.blockCrcErrors++;
        out.push({ ok: false, error: res.error, raw });
        this.start += 2;
      }
    }
    flushDiscard();
    if (this.start === this.end) {
      this.start = this.end = 0;
      // a huge chunk grew the buffer: give the memory back once it is drained
      if (this.buf.length > 65536) this.buf = new Uint8Array(4096);
    }
    return out;
  }

  /** Drops any partial frame (e.g. on link down). */
  reset(): void {
    this.start = this.end = 0;
  }

  private append(chunk: Uint8Array): void {
    const pending = this.end - this.start;
    if (this.end + chunk.length > this.buf.length) {
      if (pending + chunk.length <= this.buf.length && pending <= MAX_FRAME) {
        this.buf.copyWithin(0, this.start, this.end);
      } else {
        const next = new Uint8Array(Math.max(this.buf.length * 2, pending + chunk.length));
        next.set(this.buf.subarray(this.start, this.end));
        this.buf = next;
      }
      this.start = 0;
      this.end = pending;
    }
    this.buf.set(chunk, this.end);
    this.end += chunk.length;
  }
}
