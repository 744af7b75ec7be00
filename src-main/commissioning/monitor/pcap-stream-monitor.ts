/**
 * The passive monitor's capture mode: a live pcap or pcapng stream (`tcpdump -w -` piped
 * in, or a file) is read as it arrives and its DNP3 and IEC 104 traffic decoded packet by
 * packet: TCP streams followed per direction (retransmissions dropped, out-of-order
 * segments put back in order, gaps counted), then the same records, analyzer frames and
 * point values as the relay. A stream that is not a capture or is damaged ends with an
 * error naming the problem and the frame; what came before it is reported all the same.
 */
import type { AnalyzerFrame, PointUpdate } from '../../../src-shared/session';
import { PacketDecoder, type DecodedRecord, type DecodePorts } from '../../protocols/capture';
import { CaptureStreamReader, type DirectionStats, type PcapError } from '../../protocols/pcap';

/** Where the capture monitor reports. */
export interface CaptureMonitorSink {
  record(record: DecodedRecord): void;
  frame?(frame: number, timeMs: number | null, describe: () => AnalyzerFrame): void;
  points?(frame: number, updates: PointUpdate[]): void;
}

/** How the stream went. */
export interface CaptureMonitorSummary {
  format: 'pcap' | 'pcapng' | null;
  /** Packets read. */
  packets: number;
  records: number;
  /** TCP reassembly: retransmitted and out-of-order segments, gaps. */
  tcp: DirectionStats;
  /** Bounds reached (`CODE: message`). */
  warnings: string[];
  /** Why the stream could not be read to its end (damaged, truncated, not a capture). */
  error: PcapError | null;
}


/** Reads and decodes a capture stream until it ends (or `until` resolves). */
export async function monitorCaptureStream(
  chunks: AsyncIterable<Uint8Array>,
  ports: DecodePorts,
  sink: CaptureMonitorSink,
  until?: Promise<void>,
): Promise<CaptureMonitorSummary> {
  const reader = new CaptureStreamReader();
  const decoder = new PacketDecoder({
    ports,
    ...(sink.frame ? { onUnit: sink.frame.bind(sink) } : {}),
    ...(sink.points ? { onValues: sink.points.bind(sink) } : {}),
  });
  let records = 0;
  const report = (list: DecodedRecord[]): void => {
    for (const r of list) sink.record(r);
    records += list.length;
  };
  let error: PcapError | null = null;
  const it = chunks[Symbol.asyncIterator]();
  const stop = until?.then((): null => null);
  for (;;) {
    const next = await (stop ? Promise.race([it.next(), stop]) : it.next());
    if (next === null) {
      void it.return?.();
      break;
    }
    if (next.done) {
      error = reader.end();
      break;
    }
    const packets = reader.push(next.value);
    if (!packets.ok) {
      error = packets.error;
      void it.return?.();
      break;
    }
    for (const packet of packets.value) report(decoder.packet(packet));
  }
  report(decoder.finish());
  return { format: reader.kind, packets: reader.packets, records, tcp: decoder.tcpStats(), warnings: decoder.warnings(), error };
}
