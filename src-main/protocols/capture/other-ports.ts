/**
 * The ports of a capture that carried TCP or UDP traffic no decoder was set for, with
 * what their payload looks like, so `decode` can say which port it saw and how to map it.
 */
import { TCP_FLAGS, type DecodedPacket } from '../pcap';
import { identifyProtocol, type ProtocolSignature } from './protocol-signature';

/** A service port with traffic that was not decoded. */
export interface OtherPort {
  transport: 'tcp' | 'udp';
  port: number;
  /** Packets to or from it. */
  packets: number;
  /** What its payload looks like (the first recognisable one), or null. */
  looksLike: ProtocolSignature | null;
}

/**
 * Counts packets per service port: the destination of a TCP SYN, otherwise the lower of
 * the two ports (clients use high ephemeral ports). At most one entry per port and
 * transport, so the state stays bounded whatever the capture holds.
 */
export class OtherPorts {
  private readonly byPort = new Map<string, OtherPort>();

  /** Notes one packet that no decoder took. */
  note(p: DecodedPacket): void {
    const syn = p.tcp !== undefined && (p.tcp.flags & (TCP_FLAGS.SYN | TCP_FLAGS.ACK)) === TCP_FLAGS.SYN;
    const port = syn ? p.dstPort : Math.min(p.srcPort, p.dstPort);
    const key = `${p.transport}/${port}`;
    let entry = this.byPort.get(key);
    if (!entry) {
      entry = { transport: p.transport, port, packets: 0, looksLike: null };
      this.byPort.set(key, entry);
    }
    entry.packets++;
    if (entry.looksLike === null && p.payload.length > 0) entry.looksLike = identifyProtocol(p.payload);
  }

  /** The ports, busiest first. */
  list(): OtherPort[] {
    return [...this.byPort.values()].sort((a, b) => b.packets - a.packets || a.port - b.port);
  }
}
