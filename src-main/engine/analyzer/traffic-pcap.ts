/**
 * Writes a station's recent traffic (a {@link TrafficRing}'s chunks) as a classic pcap
 * file in memory, with the pcap codec's synthetic TCP/UDP headers carrying the real
 * addresses, and the ports labelled as the CLI's `capture` labels them
 * ({@link capturePorts}): a TLS station's cleartext is written with the protocol's plain
 * port so Wireshark and tshark decode it, and a non-standard plain port gets a note with
 * the tshark option that decodes it. The same writer, synthesiser and flow mapping as the
 * CLI's `capture` (PcapRecorder).
 */
import { concatOctets } from '../../../src-shared/concat-octets';
import type { StationConfig } from '../../../src-shared/workspace/station';
import { CaptureSynth, PcapWriter } from '../../protocols/pcap';
import { tapFlow } from '../../transport/tap-flow';
import { capturePorts, capturePortsNote, type CapturePorts } from '../../protocols/capture';
import type { TrafficChunk } from './traffic-ring';

/** A pcap file made from tapped chunks. */
export interface TrafficPcap {
  bytes: Uint8Array;
  /** Records written (data segments and synthetic handshakes): Wireshark's frame count. */
  packets: number;
  /** Chunks that could not be written, each with the reason (e.g. an unparsable address). */
  warnings: string[];
  /** How the file decodes (a port rewritten, or the tshark option needed), or null when it decodes as is. */
  note: string | null;
}

/** The port labelling of each of a station's endpoints (the IEC 104 redundancy group included). */
export function stationCapturePorts(config: {
  protocol: StationConfig['protocol'];
  transport: { kind: 'serial' } | { kind: 'tcp' | 'udp' | 'tls' | 'tcp-listen'; port: number };
  iec104: { redundancy: ReadonlyArray<{ port: number }> };
}): CapturePorts[] {
  // A serial line has no ports: its frames are not written to pcap (see trafficToPcap).
  if (config.transport.kind === 'serial') return [];
  const transport = config.transport.kind === 'tcp-listen' ? 'tcp' : config.transport.kind;
  const ports = [config.transport.port, ...(config.protocol === 'iec104' ? config.iec104.redundancy.map((e) => e.port) : [])];
  return [...new Set(ports)].map((port) => capturePorts({ protocol: config.protocol, transport, port }));
}

/**
 * Builds the file (Ethernet link type, the most widely read), labelling the device's
 * ports as `ports` says (none given: the real ports, no note). Flows still open at the
 * end are left open: no FIN is invented for a connection that is still up.
 */
export function trafficToPcap(chunks: readonly TrafficChunk[], ports: readonly CapturePorts[] = []): TrafficPcap {
  const rewritePorts = Object.fromEntries(ports.filter((p) => p.written !== p.real).map((p) => [p.real, p.written]));
  const notes = ports.map(capturePortsNote).filter((n): n is string => n !== null);
  const writer = new PcapWriter({ linkType: 'ethernet' });
  const synth = new CaptureSynth(writer);
  const parts: Uint8Array[] = [writer.fileHeader()];
  const warnings: string[] = [];
  for (const chunk of chunks) {
    const flow = tapFlow(chunk.link, chunk.connection, chunk.direction === 'tx', rewritePorts);
    if (!flow) {
      warnings.push(`${chunk.direction} chunk of ${chunk.bytes.length} bytes skipped: a serial line has no IP flow to write`);
      continue;
    }
    const { key, spec, fromClient } = flow;
    const records = synth.data(key, spec, fromClient, chunk.bytes, chunk.timeMs);
    if (records.ok) parts.push(...records.value);
    else warnings.push(`${chunk.direction} chunk of ${chunk.bytes.length} bytes skipped: ${records.error.code} ${records.error.message}`);
  }
  return { bytes: concatOctets(parts), packets: parts.length - 1, warnings, note: notes.length > 0 ? notes.join('; ') : null };
}
