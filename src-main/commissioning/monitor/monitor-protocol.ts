/**
 * Which protocol an observed link speaks: named by the engineer, else told by the
 * standard port of the forward (outstation) or listening address, else by the first
 * octets that cross (a DNP3 link frame starts 05 64, an IEC 104 APDU 68 LL).
 */
import { identifyProtocol } from '../../protocols/capture';

/** A protocol the monitor decodes. */
export type MonitorProtocol = 'dnp3' | 'iec104';

// 19998 (IEC 104 over TLS) is not here: a relay sees only ciphertext there, which the first octets tell.
const BY_PORT: Record<number, MonitorProtocol> = { 20000: 'dnp3', 2404: 'iec104' };

/** The protocol of the standard port among `ports` (the forward port first), or null. */
export function protocolByPort(...ports: number[]): MonitorProtocol | null {
  for (const port of ports) if (BY_PORT[port]) return BY_PORT[port];
  return null;
}

/** The protocol the first octets of a connection announce, `tls` for a TLS record, or null (unknown, too short). */
export function protocolByOctets(bytes: Uint8Array): MonitorProtocol | 'tls' | null {
  return identifyProtocol(bytes);
}
