/**
 * Writes a station's recent traffic (a {@link TrafficRing}'s chunks) as a classic pcap
 * file in memory, with the pcap codec's synthetic TCP/UDP headers carrying the real
 * addresses and ports, so Wireshark and tshark decode DNP3 and IEC 104 on their ports.
 * The same writer, synthesiser and flow mapping as the CLI's `capture` (PcapRecorder).
 */
import { CaptureSynth, PcapWriter } from '../protocols/pcap';
import { tapFlow } from '../transport/tap-flow';
import type { TrafficChunk } from './traffic-ring';

/** A pcap file made from tapped chunks. */
export interface TrafficPcap {
  bytes: Uint8Array;
  /** Records written (data segments and synthetic handshakes): Wireshark's frame count. */
  packets: number;
  /** Chunks that could not be written, each with the reason (e.g. an unparsable address). */
  warnings: string[];
}

/**
 * Builds the file (Ethernet link type, the most widely read). Flows still open at the end
 * are left open: no FIN is invented for a connection that is still up.
 */
export function trafficToPcap(chunks: readonly TrafficChunk[]): TrafficPcap {
  const writer = new PcapWriter({ linkType: 'ethernet' });
  const synth = new CaptureSynth(writer);
  const parts: Uint8Array[] = [writer.fileHeader()];
  const warnings: string[] = [];
  for (const chunk of chunks) {
    const { key, spec, fromClient } = tapFlow(chunk.link, chunk.connection, chunk.direction === 'tx');
    const records = synth.data(key, spec, fromClient, chunk.bytes, chunk.timeMs);
    if (records.ok) parts.push(...records.value);
    else warnings.push(`${chunk.direction} chunk of ${chunk.bytes.length} bytes skipped: ${records.error.code} ${records.error.message}`);
  }
  const bytes = new Uint8Array(parts.reduce((n, p) => n + p.length, 0));
  let offset = 0;
  for (const part of parts) {
    bytes.set(part, offset);
    offset += part.length;
  }
  return { bytes, packets: parts.length - 1, warnings };
}
