/**
 * Reassembles transport segments into application fragments. A segment out of sequence,
 * a non-FIR segment with nothing pending, or a fragment over the maximum size discards the
 * partial fragment and is reported by code. Storage is taken as a fragment grows (doubling,
 * up to the maximum) rather than up front, so an idle reassembler costs no buffer; whole
 * fragments are copied out into a ByteSlab.
 */
import { ByteSlab } from '../../../../src-shared/byte-slab';
import { DEFAULT_MAX_FRAGMENT, MAX_FRAGMENT_LIMIT } from './segments';

/** Reassembly error codes. */
export type TransportErrorCode = 'TRANSPORT_SEQUENCE' | 'TRANSPORT_NO_FIR' | 'TRANSPORT_OVERFLOW' | 'TRANSPORT_EMPTY';

/** What one segment produced. */
export type ReassemblyResult =
  | { kind: 'pending' }
  | { kind: 'fragment'; fragment: Uint8Array }
  | { kind: 'error'; code: TransportErrorCode; message: string; fragment?: Uint8Array };

const PENDING: ReassemblyResult = Object.freeze({ kind: 'pending' });

/** Smallest buffer taken for a fragment (one full transport segment's payload is 249 octets). */
const FIRST_BUFFER = 256;

/** Stateful reassembler for one direction of one association. */
export class Reassembler {
  private readonly maxFragment: number;
  private buf = new Uint8Array(0);
  /** Whole fragments handed out (from slabs, not an ArrayBuffer each). */
  private readonly fragments = new ByteSlab();
  private len = 0;
  private active = false;
  private lastSeq = 0;

  /** `maxFragment` is clamped to 249..65536 (default 2048). */
  constructor(maxFragment = DEFAULT_MAX_FRAGMENT) {
    this.maxFragment = Math.min(MAX_FRAGMENT_LIMIT, Math.max(249, maxFragment));
  }

  /** True while a fragment is partly reassembled (a FIR segment came, its FIN not yet). */
  get pending(): boolean {
    return this.active;
  }

  /** Octets of storage held now (grows with the fragment being reassembled, never past the maximum). */
  get bufferSize(): number {
    return this.buf.length;
  }

  /** Feeds one segment (transport header + payload). */
  push(segment: Uint8Array): ReassemblyResult {
    if (segment.length === 0) return { kind: 'error', code: 'TRANSPORT_EMPTY', message: 'empty link user data' };
    const h = segment[0]!;
    const fin = (h & 0x80) !== 0;
    const fir = (h & 0x40) !== 0;
    const seq = h & 0x3f;
    let discarded: ReassemblyResult | null = null;
    if (fir) {
      if (this.active) {
        discarded = { kind: 'error', code: 'TRANSPORT_SEQUENCE', message: `new FIR (seq ${seq}) discarded a partial fragment of ${this.len} octets` };
      }
      this.len = 0;
      this.active = true;
    } else if (!this.active) {
      return { kind: 'error', code: 'TRANSPORT_NO_FIR', message: `segment seq ${seq} without FIR discarded` };
    } else if (seq !== ((this.lastSeq + 1) & 0x3f)) {
      this.active = false;
      const dropped = this.len;
      this.len = 0;
      return { kind: 'error', code: 'TRANSPORT_SEQUENCE', message: `segment seq ${seq} after ${this.lastSeq}: partial fragment of ${dropped} octets discarded` };
    }
    const n = segment.length - 1;
    if (this.len + n > this.maxFragment) {
      this.active = false;
      this.len = 0;
      return { kind: 'error', code: 'TRANSPORT_OVERFLOW', message: `fragment over ${this.maxFragment} octets discarded` };
    }
    this.reserve(this.len + n);
    this.buf.set(segment.subarray(1), this.len);
    this.len += n;
    this.lastSeq = seq;
    if (!fin) return discarded ?? PENDING;
    this.active = false;
    const fragment = this.fragments.copy(this.buf, 0, this.len);
    this.len = 0;
    if (discarded && discarded.kind === 'error') return { ...discarded, fragment };
    return { kind: 'fragment', fragment };
  }

  /** Drops any partial fragment and its storage. */
  reset(): void {
    this.active = false;
    this.len = 0;
    this.buf = new Uint8Array(0);
  }

  /** Grows the buffer (doubling, capped at the maximum) to hold `size` octets, keeping what it holds. */
  private reserve(size: number): void {
    if (size <= this.buf.length) return;
    let next = Math.max(FIRST_BUFFER, this.buf.length);
    while (next < size) next *= 2;
    const grown = new Uint8Array(Math.min(this.maxFragment, next));
    grown.set(this.buf.subarray(0, this.len));
    this.buf = grown;
  }
}
