/**
 * Likely causes and what to check, per classified failure, worded for commissioning
 * engineers and filled in with the target's port, address and protocol.
 */
import type { Protocol } from '../../../src-shared/session';
import type { CertificateSummary, TransportError, TransportErrorCode } from '../../transport';
import type { Diagnosis } from './connectivity-report';

/** What the texts refer to. */
export interface DiagnosisContext {
  protocol: Protocol;
  host: string;
  address: string | null;
  port: number;
  /** Default TCP; over UDP a refusal is an ICMP port unreachable, not a reset. */
  transport?: 'tcp' | 'udp';
  /** Our address on the path, when known (for firewall rules). */
  localAddress?: string;
  peerCertificate?: CertificateSummary | null;
}

type Advice = { likelyCauses: string[]; checks: string[] };

const SERVICE: Record<Protocol, string> = { dnp3: 'DNP3 outstation', iec104: 'IEC 104 controlled station' };
const STANDARD_PORTS = 'the standard ports are 20000 (DNP3), 2404 (IEC 104) and 19998 (IEC 104 over TLS)';

function advice(code: TransportErrorCode, c: DiagnosisContext): Advice {
  const at = `${c.address ?? c.host}:${c.port}`;
  const from = c.localAddress ? ` from this host (${c.localAddress})` : ' from this host';
  const cert = c.peerCertificate;
  switch (code) {
    case 'REFUSED':
      return {
        likelyCauses: [
          `Nothing listens on ${at}: the RTU's ${SERVICE[c.protocol]} service is not running or not enabled`,
          `Wrong port: the RTU is configured for another port (${STANDARD_PORTS})`,
          c.transport === 'udp'
            ? 'A firewall rejects the datagrams actively (ICMP port unreachable) instead of dropping them'
            : 'A firewall rejects the connection actively (TCP reset) instead of dropping it',
        ],
        checks: [
          `The port in the RTU's configuration against ${c.port}`,
          `That the ${SERVICE[c.protocol]} service / protocol slave is enabled and running on the RTU`,
          `Run a port sweep (check --sweep ${c.host}) to see which standard ports answer`,
        ],
      };
    case 'TIMEOUT':
      return {
        likelyCauses: [
          `A firewall drops the packets: no rule allows TCP ${c.port}${from} to ${c.address ?? c.host}`,
          'Wrong IP address: no device answers there',
          `NAT or port forwarding in the path is not set up for port ${c.port}`,
          'The RTU is overloaded or its network interface is down',
        ],
        checks: [
          `Firewall rules for TCP ${c.port}${from} to ${c.address ?? c.host}, on every firewall in the path and on the RTU`,
          'The RTU\'s IP address and that it is powered and connected',
          `NAT / port-forwarding rules for ${c.port} if the RTU sits behind a router`,
          'ping and traceroute from this host to the RTU',
        ],
      };
    case 'HOST_UNREACHABLE':
      return {
        likelyCauses: [
          `No device answers for ${c.address ?? c.host} on its network (ARP unanswered): wrong IP, device off or unplugged`,
          'A router reports the host unreachable (ICMP), e.g. an access list or a down link',
        ],
        checks: ["The RTU's IP address and subnet mask", 'That the RTU is powered and cabled', 'Routes and access lists on the routers in the path'],
      };
    case 'NETWORK_UNREACHABLE':
      return {
        likelyCauses: [
          `This host has no route to the network of ${c.address ?? c.host}`,
          'Wrong IP address, a missing gateway or static route, or a VPN / tunnel that is not up',
        ],
        checks: ["This host's routing table and default gateway", 'The RTU\'s IP address', 'That any VPN to the substation network is connected'],
      };
    case 'DNS':
      return {
        likelyCauses: [`The name ${c.host} does not resolve: a typo, no DNS record, or no DNS server reachable from this host`],
        checks: [`The spelling of ${c.host}`, 'The DNS record or this host\'s hosts file', 'Use the RTU\'s IP address instead'],
      };
    case 'RESET':
    case 'CLOSED':
      return {
        likelyCauses: [
          'The RTU accepted the connection and closed it at once: its limit on concurrent masters is reached',
          'The RTU only accepts masters from an IP allow-list that does not include this host',
          'A TLS-only port reached without TLS, or TLS expected where the RTU speaks plain TCP',
        ],
        checks: [
          'Other masters (SCADA, another engineer\'s laptop) connected to the RTU; its maximum number of connections',
          `The RTU's list of allowed master addresses${c.localAddress ? ` (this host is ${c.localAddress})` : ''}`,
          'Whether this port expects TLS',
        ],
      };
    case 'TLS_CERT_EXPIRED':
      return {
        likelyCauses: [`The RTU's certificate expired${cert ? ` on ${cert.validTo} (${cert.subject})` : ''}`],
        checks: ['Renew the RTU\'s certificate', 'This host\'s clock, if the certificate should still be valid'],
      };
    case 'TLS_CERT_NOT_YET_VALID':
      return {
        likelyCauses: [`The RTU's certificate is valid only from ${cert?.validFrom ?? 'a later date'}`, "This host's or the CA's clock is wrong"],
        checks: ["This host's clock and time zone", "The RTU's certificate dates"],
      };
    case 'TLS_UNKNOWN_CA':
      return {
        likelyCauses: [`The RTU's certificate${cert ? ` (issued by ${cert.issuer})` : ''} is not signed by the CA we trust`, 'The RTU sends its certificate without the intermediate CA'],
        checks: ['The CA file configured for this station', "The RTU's certificate chain"],
      };
    case 'TLS_NAME_MISMATCH':
      return {
        likelyCauses: [`The RTU's certificate does not name ${c.host}${cert?.subjectAltName ? ` (it names ${cert.subjectAltName})` : ''}`],
        checks: ['The host name or IP address used for the station against the certificate', 'Set the expected server name for this station'],
      };
    case 'TLS_HANDSHAKE':
      return {
        likelyCauses: ['No TLS version or cipher suite in common (we offer TLS 1.2 and 1.3 only)', 'The port does not speak TLS'],
        checks: ["The RTU's TLS versions and cipher suites", 'Whether this port expects TLS'],
      };
    case 'TLS_CLIENT_CERT_REJECTED':
      return {
        likelyCauses: [
          'The RTU does not trust our client certificate (unknown CA, expired, or not on its list)',
          'Without an alert, rarely: an RTU that enforces its limit of concurrent masters only after the TLS handshake',
        ],
        checks: ["Our certificate's issuer against the RTU's trusted CAs", 'Our certificate\'s validity dates', "The RTU's list of allowed master certificates"],
      };
    case 'PORT_MISSING':
    case 'PORT_BUSY':
    case 'PERMISSION_DENIED':
    case 'PORT_LOST':
    case 'RS485_UNSUPPORTED':
      return serialAdvice(code, c.host);
    case 'OTHER':
      return { likelyCauses: ['A local problem on this host (see the message)'], checks: ['The message and this host\'s configuration'] };
  }
}

/** Advice for a serial port that could not be used; `path` is the port. */
export function serialAdvice(code: 'PORT_MISSING' | 'PORT_BUSY' | 'PERMISSION_DENIED' | 'PORT_LOST' | 'RS485_UNSUPPORTED', path: string): Advice {
  switch (code) {
    case 'PORT_MISSING':
      return {
        likelyCauses: [`No port ${path} on this host: a typo, or the USB-serial adapter is unplugged or enumerated under another name`],
        checks: ['ls /dev/ttyUSB* /dev/ttyACM* /dev/ttyS* (Windows: Device Manager, COM ports) with the adapter plugged in', `The port path configured for this station against ${path}`],
      };
    case 'PORT_BUSY':
      return {
        likelyCauses: [`Another program holds ${path} open and locked: another master, a terminal program (minicom, screen, PuTTY) or a second Switchyard`],
        checks: [`fuser -v ${path} or lsof ${path} to see which process has it`, 'Close that program, or give this station another port'],
      };
    case 'PERMISSION_DENIED':
      return {
        likelyCauses: [`This user may not open ${path}: serial ports belong to the dialout (or uucp) group`],
        checks: [`ls -l ${path} for its owner and group`, 'Add this user to that group (sudo usermod -aG dialout $USER) and log in again'],
      };
    case 'PORT_LOST':
      return {
        likelyCauses: [`${path} went away while open: the USB-serial adapter was unplugged, reset or lost power`],
        checks: ['The adapter\'s cable and USB connection (dmesg shows the disconnect)', 'That the port has the same name after it is plugged in again'],
      };
    case 'RS485_UNSUPPORTED':
      return {
        likelyCauses: [`${path} has no modem-control lines, so RTS cannot switch an RS-485 transceiver (a virtual port or an adapter without RTS)`],
        checks: ['Use an RS-485 adapter with automatic direction control and turn RS-485 mode off here', 'Or an adapter whose RTS line drives the transceiver\'s direction'],
      };
  }
}

/** Explains a classified failure in the target's terms. */
export function diagnose(error: TransportError, context: DiagnosisContext): Diagnosis {
  return { code: error.code, message: error.message, ...(error.cause ? { cause: error.cause } : {}), ...advice(error.code, context) };
}
