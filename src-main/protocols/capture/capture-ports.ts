/**
 * Which port a capture writes in its synthetic headers, so Wireshark and tshark decode
 * the traffic as DNP3 or IEC 104 without "Decode As" whenever that can be done honestly:
 *
 * - over TLS, the capture holds the cleartext, not the TLS records that crossed the
 *   wire, so it is written with the protocol's cleartext port (IEC 104 on 19998 becomes
 *   2404; tshark knows IEC 104 on 2404 only, and 19998 cleartext would show as bare TCP);
 * - over plain TCP/UDP, the real port is kept, and when it is not the protocol's standard
 *   port the exact tshark option that decodes it is given instead.
 */

/** The part of a station or CLI target that decides how its capture labels ports. */
export interface CaptureEndpoint {
  protocol: 'dnp3' | 'iec104';
  transport: 'tcp' | 'udp' | 'tls';
  port: number;
}

/** The port tshark decodes each protocol's cleartext on (tcp.port / udp.port decode tables). */
const CLEARTEXT_PORT: Record<CaptureEndpoint['protocol'], number> = { dnp3: 20000, iec104: 2404 };

/** tshark's dissector names for `-d`. */
const DISSECTOR: Record<CaptureEndpoint['protocol'], string> = { dnp3: 'dnp3', iec104: 'iec60870_104' };

/** How a capture of a target labels the device's port. */
export interface CapturePorts {
  /** The device's real port. */
  real: number;
  /** The port written in the synthetic headers for the device's side. */
  written: number;
  /** tshark option (`-d` argument) needed to decode the file, or null when none is needed. */
  decodeAs: string | null;
}

/** The port labelling of a capture of `target`. */
export function capturePorts(target: CaptureEndpoint): CapturePorts {
  const standard = CLEARTEXT_PORT[target.protocol];
  if (target.transport === 'tls') return { real: target.port, written: standard, decodeAs: null };
  const layer = target.transport === 'udp' ? 'udp' : 'tcp';
  return { real: target.port, written: target.port, decodeAs: target.port === standard ? null : `${layer}.port==${target.port},${DISSECTOR[target.protocol]}` };
}

/** One line telling the engineer how the file decodes (port rewritten, or the tshark option). */
export function capturePortsNote(ports: CapturePorts): string | null {
  if (ports.written !== ports.real) {
    return `the TLS cleartext is written with port ${ports.written} in place of ${ports.real}, so Wireshark and tshark decode it without Decode As`;
  }
  if (ports.decodeAs === null) return null;
  return `port ${ports.real} is not the protocol's standard port: decode with tshark -d ${ports.decodeAs} (Wireshark: Decode As)`;
}
