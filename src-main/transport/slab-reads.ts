/**
 * Socket reads without the stream machinery: through net's `onread` option the kernel
 * copies received bytes straight into memory that this owns, and each read is handed on
 * synchronously. A stream read instead allocates and shrinks a buffer, wraps it in a
 * Buffer, queues it and emits 'data' per read: at a flood of small reads (an IEC 104
 * station's APDUs arrive about a dozen per read) that bookkeeping costs more than the
 * protocol work.
 *
 * Memory is never reused: every read goes to the unused rest of the current slab, and a
 * fresh slab is taken when less than a quarter of a slab would fit. So a chunk, and the
 * views protocol framers cut from it, stay valid for as long as anyone holds them, exactly
 * as with stream reads.
 *
 * A slab starts small (16 KiB) and doubles, up to 256 KiB, each time a read fills all the
 * room it was offered (more was waiting): a flood soon reads 64 KiB and more at a time, as
 * a stream read does, while a quiet station holds 16 KiB. With a fixed 256 KiB slab, a
 * thousand connections held 250 MiB and spent half a second zeroing it while connecting
 * (`npm run bench -- scale`).
 */

/** Size of a connection's first slab. */
const FIRST_SLAB = 16 * 1024;
/** Largest slab; a quarter of it (64 KiB) is the size a stream read asks for. */
const MAX_SLAB = 256 * 1024;

/** Where chunks go once the connection is started. */
export type ChunkSink = (bytes: Uint8Array) => void;

/** The `onread` option of one socket and the chunks it delivers. */
export class SlabReads {
  /** Pass this as `onread` to `net.connect` (plain TCP; TLS sockets keep stream reads). */
  readonly onread = {
    buffer: (): Uint8Array => this.nextBuffer(),
    // true: keep reading (false would pause the socket)
    callback: (bytesRead: number, buffer: Uint8Array): boolean => this.received(bytesRead, buffer),
  };
  private slabSize = FIRST_SLAB;
  private slab: Uint8Array | null = null;
  private used = 0;
  private sink: ChunkSink | null = null;
  private early: Uint8Array[] = [];

  /** Delivers every chunk to `sink` from now on, those read before first. */
  deliverTo(sink: ChunkSink): void {
    this.sink = sink;
    const early = this.early;
    this.early = [];
    for (const chunk of early) sink(chunk);
  }

  /** The memory the next read fills: the rest of the current slab, or a fresh one. */
  private nextBuffer(): Uint8Array {
    if (this.slab === null || this.slab.length - this.used < this.slabSize / 4) {
      this.slab = new Uint8Array(this.slabSize);
      this.used = 0;
    }
    return this.slab.subarray(this.used);
  }

  /** `bytesRead` octets arrived at the start of `buffer` (the last `nextBuffer()`). */
  private received(bytesRead: number, buffer: Uint8Array): boolean {
    this.used += bytesRead;
    if (bytesRead === buffer.length && this.slabSize < MAX_SLAB) this.slabSize *= 2;
    const chunk = buffer.subarray(0, bytesRead);
    if (this.sink) this.sink(chunk);
    else this.early.push(chunk);
    return true;
  }
}
