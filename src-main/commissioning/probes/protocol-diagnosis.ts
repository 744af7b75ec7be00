/**
 * Likely causes and what to check for the protocol-level problems a probe finds, in the
 * connectivity report's Diagnosis shape.
 */
import type { TargetError } from '../target/target';
import type { Diagnosis } from '../connectivity';

const ADVICE: Record<string, { likelyCauses: string[]; checks: string[] }> = {
  NO_ANSWER: {
    likelyCauses: ['the device is not configured for this protocol on this port', 'the device ignores our addresses (outstation / master / common address)', 'the protocol service is hung'],
    checks: ['the port is the protocol port of the device', 'the addresses configured on both sides', "the device's protocol diagnostics or event log"],
  },
  WRONG_ADDRESS: {
    likelyCauses: ['the outstation address in our settings differs from the device', "the device's configured master address differs from ours"],
    checks: ['the outstation address (the source of the answers shown)', "the master address configured in the device's DNP3 settings"],
  },
  WRONG_COMMON_ADDRESS: {
    likelyCauses: ['the common address (ASDU address) in our settings differs from the station'],
    checks: ["the station's common address(es) in its IEC 104 configuration"],
  },
  CLOSED_AFTER_ACCEPT: {
    likelyCauses: ["the device's limit of concurrent masters is reached", 'an IP allow-list on the device does not include this host'],
    checks: ['other masters (SCADA, test sets) connected to the device now', "the device's allowed master IP addresses"],
  },
  WRONG_PROTOCOL: {
    likelyCauses: ['the port belongs to another protocol on the device (DNP3 20000, IEC 104 2404, IEC 104 over TLS 19998)', 'the device expects TLS on this port, or plain TCP where TLS was used'],
    checks: ['the port and protocol in the URL against the device configuration', 'the URL scheme: dnp3:// or iec104://, with +tls where the device requires it'],
  },
  TLS_CLIENT_CERT_REJECTED: {
    likelyCauses: ['the device does not trust our client certificate (unknown CA, expired, or not on its list)'],
    checks: ["our certificate's issuer against the device's trusted CAs", "our certificate's validity dates", "the device's list of allowed master certificates"],
  },
  PROTOCOL_ERROR: {
    likelyCauses: ['another protocol listens on this port', 'the device rejected a request'],
    checks: ['the protocol and port of the device', "the device's protocol configuration"],
  },
  CONNECTION_LOST: {
    likelyCauses: ['the device or a firewall closed the connection during the exchange'],
    checks: ['session timeouts on firewalls in the path', "the device's event log"],
  },
};

/** The Diagnosis of a protocol-level TargetError. */
export function protocolDiagnosis(error: TargetError): Diagnosis {
  const advice = ADVICE[error.code] ?? { likelyCauses: [], checks: [] };
  return { code: error.code, message: error.message, likelyCauses: advice.likelyCauses, checks: advice.checks };
}
