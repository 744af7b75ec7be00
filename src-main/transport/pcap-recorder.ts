/**
 * PcapRecorder: records a live session's traffic, through the byte tap, as a classic pcap
 * file with synthetic TCP/UDP headers carrying the real addresses and ports, so Wireshark
 * and tshark decode DNP3 (20000) and IEC 104 (2404) without "Decode As".
 */
import { createWriteStream, type WriteStream } from 'node:fs';
import { CaptureSynth, PcapWriter, type WriterLinkType } from '../protocols/pcap';
import type { ByteTap } from './byte-tap';
import { tapFlow } from './tap-flow';
import { classifyError, type TransportResult } from './transport-error';

/** Recorder options. */
export interface PcapRecorderOptions {
  /** Default `raw` (LINKTYPE_RAW). */
  linkType?: WriterLinkType;
  /**
   * Ports written in place of real ones, e.g. `{ 19998: 2404 }`: tshark 4.0 knows IEC 104
   * on 2404 only, so TLS-protected IEC 104 (whose cleartext is recorded) decodes without
   * "Decode As" only when its port is mapped.
   */
  rewritePorts?: Record<number, number>;
}

/** Records tapped bytes into a pcap file. */
export class PcapRecorder {
  /** Pass this as `onBytes` to a SessionDriver or serveSessions. */
  readonly tap: ByteTap;
  private readonly synth: CaptureSynth;
  private packets = 0;
  private failure: string | null = null;

  private constructor(
    private readonly out: WriteStream,
    writer: PcapWriter,
    private readonly rewritePorts: Record<number, number>,
  ) {
    this.synth = new CaptureSynth(writer);
    out.on('error', (err) => {
      this.failure ??= err.message;
    });
    out.write(writer.fileHeader());
    this.tap = (direction, link, bytes, nowMs, connection) => {
      const flow = tapFlow(link, connection, direction === 'tx', this.rewritePorts);
      if (!flow) {
        this.failure ??= 'serial line traffic is not written to pcap (it has no IP flow)';
        return;
      }
      const { key, spec, fromClient } = flow;
      const records = this.synth.data(key, spec, fromClient, bytes, performance.timeOrigin + nowMs);
      if (!records.ok) {
        this.failure ??= records.error.message;
        return;
      }
      for (const record of records.value) out.write(record);
      this.packets += records.value.length;
    };
  }

  /** Opens (truncates) `path` and writes the pcap header. */
  static open(path: string, options: PcapRecorderOptions = {}): Promise<TransportResult<PcapRecorder>> {
    const writer = new PcapWriter(options.linkType ? { linkType: options.linkType } : {});
    const out = createWriteStream(path);
    return new Promise((resolve) => {
      out.once('error', (err) => resolve({ ok: false, error: classifyError(err) }));
      out.once('open', () => resolve({ ok: true, value: new PcapRecorder(out, writer, options.rewritePorts ?? {}) }));
    });
  }

  /** Packets written so far (including synthetic handshakes). */
  get packetCount(): number {
    return this.packets;
  }

  /** Why something could not be recorded (an unparsable address, a write error), if anything. */
  get error(): string | null {
    return this.failure;
  }

  /** Writes FINs for every open TCP flow and closes the file. */
  close(): Promise<void> {
    const now = performance.timeOrigin + performance.now();
    for (const key of this.synth.openFlows()) {
      const records = this.synth.close(key, now);
      for (const record of records) this.out.write(record);
      this.packets += records.length;
    }
    return new Promise((resolve) => this.out.end(() => resolve()));
  }
}
