/**
 * The APDU framer: accepts bytes split anywhere and yields whole APDUs. A bad start octet
 * or a length outside 4..253 is fatal (the connection must be closed); the framer then
 * stays failed.
 */
import { ByteSlab } from '../../../../src-shared/byte-slab';
import { MAX_LENGTH, START } from './apdu';

/** A framing error; `offset` is the position in the stream of the offending octet. */
export interface FramerError {
  code: 'FRAME_BAD_START' | 'FRAME_BAD_LENGTH';
  message: string;
  offset: number;
}

/** What one push produced: whole APDUs (possibly none) and at most one fatal error. */
export interface FramerResult {
  frames: Uint8Array[];
  error: FramerError | null;
}

/**
 * Splits a byte stream into APDUs. Frames wholly inside a pushed chunk are views of that
 * chunk (no copy), so callers must not reuse a chunk's memory after pushing it. A frame
 * split across chunks is joined in a ByteSlab (never reused), not a small array of its own.
 */
export class ApduFramer {
  private readonly partial = new Uint8Array(MAX_LENGTH + 2);
  private readonly joined = new ByteSlab(16 * 1024);
  private have = 0;
  private consumed = 0;
  private failed: FramerError | null = null;

  /** Pushes a chunk; returns the APDUs it completed and any fatal error. */
  push(received: Uint8Array): FramerResult {
    // A plain Uint8Array view: subarrays of a Node Buffer are Buffers, several times dearer
    // to make, and this path makes one or two per APDU.
    const chunk = received.constructor === Uint8Array ? received : new Uint8Array(received.buffer, received.byteOffset, received.byteLength);
    const frames: Uint8Array[] = [];
    if (this.failed !== null) return { frames, error: this.failed };
    let i = 0;
    const n = chunk.length;
    if (this.have > 0) {
      i = this.fillPartial(chunk, frames);
      if (this.failed !== null) return { frames, error: this.failed };
    }
    while (i < n) {
      if (chunk[i] !== START) return this.fail(frames, 'FRAME_BAD_START', chunk[i] as number, i);
      if (i + 1 < n) {
        const len = chunk[i + 1] as number;
        if (len < 4 || len > MAX_LENGTH) return this.fail(frames, 'FRAME_BAD_LENGTH', len, i + 1);
        if (i + 2 + len <= n) {
          frames.push(chunk.subarray(i, i + 2 + len));
          i += 2 + len;
          continue;
        }
      }
      this.partial.set(chunk.subarray(i), 0);
      this.have = n - i;
      i = n;
    }
    this.consumed += n;
    return { frames, error: null };
  }

  /** Completes a buffered partial APDU from the start of `chunk`; returns octets used. */
  private fillPartial(chunk: Uint8Array, frames: Uint8Array[]): number {
    let i = 0;
    if (this.have === 1) {
      if (chunk.length === 0) return 0;
      const len = chunk[0] as number;
      if (len < 4 || len > MAX_LENGTH) {
        this.fail(frames, 'FRAME_BAD_LENGTH', len, 0);
        return 0;
      }
      this.partial[1] = len;
      this.have = 2;
      i = 1;
    }
    const total = (this.partial[1] as number) + 2;
    const take = Math.min(total - this.have, chunk.length - i);
    this.partial.set(chunk.subarray(i, i + take), this.have);
    this.have += take;
    i += take;
    if (this.have === total) {
      frames.push(this.joined.copy(this.partial, 0, total));
      this.have = 0;
    }
    return i;
  }

  private fail(frames: Uint8Array[], code: FramerError['code'], octet: number, at: number): FramerResult {
    const what = code === 'FRAME_BAD_START' ? `start octet 0x${octet.toString(16)} is not 0x68` : `length ${octet} is outside 4..253`;
    this.failed = { code, message: what, offset: this.consumed + at };
    return { frames, error: this.failed };
  }
}
