/**
 * The connectivity check of a DNP3 serial target: can the port be opened (missing, busy,
 * permission denied, RS-485 not possible), then the protocol probe over the line. A silent
 * line is named for what it is on serial, no answer at this baud rate and format, and
 * octets that were no DNP3 frame point at a baud or parity mismatch; answers from another
 * link address are WRONG_ADDRESS as over TCP.
 */
import {
  attachSerialStation,
  describeLineFormat,
  lastSerialLineStats,
  type SerialLineSettings,
  type SerialLineStats,
  type TransportError,
} from '../../transport';
import type { ConnectivityReport, ConnectivityTarget, Diagnosis, ProtocolProber, ProtocolSection, SerialSection } from './connectivity-report';
import { serialAdvice } from './diagnosis';

type SerialCode = Parameters<typeof serialAdvice>[0];
const SERIAL_CODES: ReadonlySet<string> = new Set<SerialCode>(['PORT_MISSING', 'PORT_BUSY', 'PERMISSION_DENIED', 'PORT_LOST', 'RS485_UNSUPPORTED']);

/** Explains a port that could not be opened. */
function portDiagnosis(error: TransportError, path: string): Diagnosis {
  const advice = SERIAL_CODES.has(error.code) ? serialAdvice(error.code as SerialCode, path) : { likelyCauses: ['A local problem with the port (see the message)'], checks: ['The message and the port settings'] };
  return { code: error.code, message: error.message, ...(error.cause ? { cause: error.cause } : {}), ...advice };
}

/** No answer on a serial line: the device's baud rate, format, wiring or address. */
function silentLine(line: SerialLineSettings, stats: SerialLineStats | null, outstation: number): Diagnosis {
  const format = describeLineFormat(line);
  const noise = stats ? stats.discardedOctets + stats.crcErrors : 0;
  const heard = noise > 0 ? `; ${stats!.discardedOctets} octets arrived that were no DNP3 frame and ${stats!.crcErrors} frames failed their CRC` : '; nothing at all came back';
  return {
    code: 'NO_ANSWER',
    message: `no answer at ${format} from outstation ${outstation}${heard}`,
    likelyCauses:
      noise > 0
        ? [`The device talks at another baud rate or parity than ${format}: its octets arrive garbled`, 'Noise on the line: a missing termination or ground on RS-485']
        : [
            `The device uses another baud rate or format than ${format}, or another outstation address than ${outstation}`,
            'TX and RX swapped (RS-232: a null-modem cable is needed or not), or RS-485 A and B swapped',
            'The device is off, or its serial port is assigned to another protocol',
          ],
    checks: [
      "The device's serial settings (baud, data bits, parity, stop bits) against ours",
      'The wiring: RS-232 TX/RX/GND; RS-485 A/B polarity and termination',
      "The device's DNP3 outstation address and the master address it expects",
    ],
  };
}

/** Opens the port once (then releases it for the probe); its section says why it could not. */
async function portStage(target: ConnectivityTarget, line: SerialLineSettings): Promise<SerialSection> {
  const start = performance.now();
  const attached = await attachSerialStation({
    line,
    masterAddress: target.addresses?.master ?? 1,
    outstationAddress: target.addresses?.outstation ?? 10,
    responseTimeoutMs: target.connectTimeoutMs ?? 5000,
  });
  const durationMs = Math.round(performance.now() - start);
  const section: SerialSection = { ok: attached.ok, path: line.path, format: describeLineFormat(line), durationMs, line: null };
  if (attached.ok) attached.value.destroy();
  else section.diagnosis = portDiagnosis(attached.error, line.path);
  return section;
}

/** Re-explains a silent protocol probe in serial terms and adds the line's counters. */
function serialProtocol(protocol: ProtocolSection, line: SerialLineSettings, stats: SerialLineStats | null, outstation: number): ProtocolSection {
  if (protocol.status === 'not-run') return protocol;
  const problems = protocol.problems.map((p) => (p.code === 'NO_ANSWER' ? silentLine(line, stats, outstation) : p));
  return { ...protocol, problems };
}

/** Runs the serial check; the port and protocol outcomes are the report, never thrown. */
export async function checkSerial(target: ConnectivityTarget, line: SerialLineSettings, prober: ProtocolProber | undefined): Promise<Omit<ConnectivityReport, 'summary' | 'startedAt' | 'durationMs' | 'kind' | 'version'>> {
  const serial = await portStage(target, line);
  const outstation = target.addresses?.outstation ?? 10;
  let protocol: ProtocolSection;
  if (!serial.ok) protocol = { status: 'not-run', reason: 'the serial port could not be opened' };
  else if (!prober) protocol = { status: 'not-run', reason: 'no DNP3 protocol probe is available' };
  else {
    const endpoint = { kind: 'serial' as const, line, masterAddress: target.addresses?.master ?? 1, outstationAddress: outstation, responseTimeoutMs: target.connectTimeoutMs ?? 5000 };
    const probed = await prober({ target, endpoint });
    serial.line = lastSerialLineStats(line.path);
    protocol = serialProtocol(probed, line, serial.line, outstation);
  }
  const failure: ConnectivityReport['failure'] = !serial.ok
    ? { stage: 'serial', code: serial.diagnosis!.code, message: serial.diagnosis!.message }
    : protocol.status === 'failed'
      ? { stage: 'protocol', code: protocol.problems[0]?.code ?? 'PROTOCOL_FAILED', message: protocol.problems[0]?.message ?? 'protocol-level probe failed' }
      : null;
  return { target: { protocol: target.protocol, host: line.path, port: 0, transport: 'serial', tls: false, ...(target.addresses ? { addresses: target.addresses } : {}) }, dns: null, connect: null, tls: null, serial, protocol, failure };
}
