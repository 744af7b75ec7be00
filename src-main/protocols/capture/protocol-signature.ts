/**
 * Which protocol the first octets one side sent belong to, from the framing alone: a
 * DNP3 link frame, an IEC 104 APDU or a TLS record. Used to name a device that speaks
 * another protocol than the one configured, and to suggest the protocol of a port that
 * a capture carries but no decoder was set for.
 */

/** A protocol recognisable by its first octets. */
export type ProtocolSignature = 'dnp3' | 'iec104' | 'tls';

/** Octets `identifyProtocol` needs at most to decide. */
export const SIGNATURE_OCTETS = 3;

/**
 * The protocol whose framing `bytes` (the start of what one side sent) begins with, or
 * null when none fits or too few octets arrived to tell.
 */
export function identifyProtocol(bytes: Uint8Array): ProtocolSignature | null {
  if (bytes.length < 2) return null;
  const [first, second, third] = [bytes[0]!, bytes[1]!, bytes[2]];
  // DNP3 link frame (IEEE 1815 9.2.4): start octets 0x05 0x64.
  if (first === 0x05 && second === 0x64) return 'dnp3';
  // IEC 104 APCI: start octet 0x68, then the APDU length 4..253.
  if (first === 0x68 && second >= 4 && second <= 253) return 'iec104';
  // TLS record: content type 20..23 (change cipher spec, alert, handshake, data), version 3.x.
  if (third !== undefined && first >= 20 && first <= 23 && second === 3 && third <= 4) return 'tls';
  return null;
}

const NAMES: Record<ProtocolSignature, string> = { dnp3: 'DNP3', iec104: 'IEC 104', tls: 'TLS' };

/** The protocol's name as engineers write it (`DNP3`, `IEC 104`, `TLS`). */
export function signatureName(signature: ProtocolSignature): string {
  return NAMES[signature];
}
