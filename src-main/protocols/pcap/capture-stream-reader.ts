/**
 * Reads a pcap or pcapng capture as it arrives (`tcpdump -w -` on a pipe): chunks split
 * anywhere go in, whole captured packets come out, numbered from 1 as Wireshark numbers
 * them. A stream that is not a capture, or a damaged block, is an error value naming the
 * problem, its byte offset and the frame number it concerns; a stream that ends inside a
 * header or record is `TRUNCATED` (see `end`).
 */
import {
  CLASSIC_HEADER,
  CLASSIC_RECORD_HEADER,
  captureFormat,
  classicHeader,
  classicRecord,
  classicRecordLength,
  type ClassicHeader,
} from './capture-reader';
import type { CapturedPacket } from './capture';
import { pcapFail, type PcapError, type PcapResult } from './pcap-error';
import { PCAPNG_BLOCK_HEADER, PcapngBlocks } from './pcapng-reader';

/** A captured packet larger than this (pcap's usual snapshot limit is 262 144) is a damaged record. */
const MAX_RECORD = 1 << 20;

/** Incremental reader of one capture stream. */
export class CaptureStreamReader {
  private pending = new Uint8Array(0);
  /** Stream offset of `pending[0]`. */
  private offset = 0;
  private format: 'pcap' | 'pcapng' | null = null;
  private classic: ClassicHeader | null = null;
  private readonly blocks = new PcapngBlocks();
  private frames = 0;
  private failed: PcapError | null = null;

  /** The format, once its first bytes arrived. */
  get kind(): 'pcap' | 'pcapng' | null {
    return this.format;
  }

  /** Packets read so far. */
  get packets(): number {
    return this.frames;
  }

  /** Feeds the next chunk; returns the packets it completed, or the error that ends the stream. */
  push(chunk: Uint8Array): PcapResult<CapturedPacket[]> {
    if (this.failed) return { ok: false, error: this.failed };
    const joined = new Uint8Array(this.pending.length + chunk.length);
    joined.set(this.pending);
    joined.set(chunk, this.pending.length);
    const out: CapturedPacket[] = [];
    const used = this.read(joined, out);
    if (!used.ok) {
      this.failed = used.error;
      return used;
    }
    this.pending = joined.subarray(used.value);
    this.offset += used.value;
    return { ok: true, value: out };
  }

  /** The end of the stream: `TRUNCATED` (naming where) when it stopped inside a header or record. */
  end(): PcapError | null {
    if (this.failed) return this.failed;
    if (this.pending.length === 0 && this.format !== null) return null;
    const headerless = this.format === null || (this.format === 'pcap' && this.classic === null);
    const where = headerless ? 'before the capture header was complete' : `inside frame ${this.frames + 1} (${this.pending.length} bytes of it arrived)`;
    return { code: 'TRUNCATED', message: `the stream ended ${where}`, offset: this.offset, frame: this.frames + 1 };
  }

  /** Reads what `bytes` holds whole into `out`; returns the bytes used. */
  private read(bytes: Uint8Array, out: CapturedPacket[]): PcapResult<number> {
    const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
    let at = 0;
    if (this.format === null) {
      if (bytes.length < 4) return { ok: true, value: 0 };
      this.format = captureFormat(view);
      if (this.format === null) {
        return pcapFail('BAD_MAGIC', `not a pcap or pcapng stream (magic 0x${view.getUint32(0, false).toString(16).padStart(8, '0')})`, { offset: 0 });
      }
    }
    if (this.format === 'pcap' && this.classic === null) {
      if (bytes.length < CLASSIC_HEADER) return { ok: true, value: 0 };
      this.classic = classicHeader(view);
      at = CLASSIC_HEADER;
    }
    for (;;) {
      const next = this.format === 'pcap' ? this.classicAt(view, bytes, at) : this.blockAt(view, bytes, at);
      if (!next.ok) return next;
      if (next.value === null) return { ok: true, value: at };
      if (next.value.packet) out.push(next.value.packet);
      at += next.value.length;
    }
  }

  /** The classic record at `at`, or null when it has not wholly arrived. */
  private classicAt(view: DataView, bytes: Uint8Array, at: number): PcapResult<{ length: number; packet: CapturedPacket } | null> {
    if (at + CLASSIC_RECORD_HEADER > bytes.length) return { ok: true, value: null };
    const header = this.classic!;
    const captured = classicRecordLength(view, at, header);
    if (captured > MAX_RECORD) {
      return pcapFail('BAD_BLOCK', `frame ${this.frames + 1}: record claims ${captured} captured bytes (the stream is damaged or not aligned)`, { offset: this.offset + at, frame: this.frames + 1 });
    }
    if (at + CLASSIC_RECORD_HEADER + captured > bytes.length) return { ok: true, value: null };
    this.frames++;
    const packet = classicRecord(view, bytes, at, header, this.frames);
    packet.data = packet.data.slice(); // a copy, so that the packet does not hold the stream's buffer
    return { ok: true, value: { length: CLASSIC_RECORD_HEADER + captured, packet } };
  }

  /** The pcapng block at `at` (its packet, if any), or null when it has not wholly arrived. */
  private blockAt(view: DataView, bytes: Uint8Array, at: number): PcapResult<{ length: number; packet: CapturedPacket | null } | null> {
    if (at + PCAPNG_BLOCK_HEADER > bytes.length) return { ok: true, value: null };
    const length = this.blocks.blockLength(view, at);
    if (!length.ok) return this.located(length.error);
    if (length.value > MAX_RECORD + 64) {
      return pcapFail('BAD_BLOCK', `frame ${this.frames + 1}: block claims ${length.value} bytes (the stream is damaged)`, { offset: this.offset + at, frame: this.frames + 1 });
    }
    if (at + length.value > bytes.length) return { ok: true, value: null };
    const packet = this.blocks.read(view, bytes, at, length.value, this.frames + 1);
    if (!packet.ok) return this.located(packet.error);
    if (packet.value) {
      this.frames++;
      packet.value.data = packet.value.data.slice();
    }
    return { ok: true, value: { length: length.value, packet: packet.value } };
  }

  /** An error with its stream offset and the frame it concerns. */
  private located<T>(error: PcapError): PcapResult<T> {
    const frame = error.frame ?? this.frames + 1;
    return { ok: false, error: { ...error, message: `frame ${frame}: ${error.message}`, offset: this.offset + (error.offset ?? 0), frame } };
  }
}
