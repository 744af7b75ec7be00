/**
 * Socket reads without the stream machinery: through net's `onread` option the kernel
 * copies received bytes straight into memory that this owns, and each read is handed on
 * synchronously. A stream read instead allocates and shrinks a buffer, wraps it in a
 * Buffer, queues it and emits 'data' per read: at a flood of small reads (an IEC 104
 * station's APDUs arrive about a dozen per read) that bookkeeping costs more than the
 * protocol work.
 *
 * Memory is never reused: every read goes to the unused rest of the current slab, and a
 * fresh slab is taken when less than one full read would fit. So a chunk, and the views
 * protocol framers cut from it, stay valid for as long as anyone holds them, exactly as
 * with stream reads.
 */

/** Size of one slab. */
const SLAB_SIZE = 256 * 1024;
/** A read is offered at least this much room (the size a stream read asks for). */
const MIN_READ = 64 * 1024;

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
  private slab = new Uint8Array(SLAB_SIZE);
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
    if (SLAB_SIZE - this.used < MIN_READ) {
      this.slab = new Uint8Array(SLAB_SIZE);
      this.used = 0;
    }
    return this.slab.subarray(this.used);
  }

  /** `bytesRead` octets arrived at the start of `buffer` (the last `nextBuffer()`). */
  private received(bytesRead: number, buffer: Uint8Array): boolean {
    this.used += bytesRead;
    const chunk = buffer.subarray(0, bytesRead);
    if (this.sink) this.sink(chunk);
    else this.early.push(chunk);
    return true;
  }
}
