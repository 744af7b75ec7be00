/**
 * A one-shot target: one device reached by URL (the CLI's and the commissioning checks'
 * way of naming a device without a workspace station), and the errors of reaching it.
 */
import type { Protocol } from '../../../src-shared/session';
import type { ActTermMode } from '../../protocols/iec104';
import { describeLineFormat, type SerialLineSettings } from '../../transport/serial-settings';
import type { TransportErrorCode } from '../../transport/transport-error';
import type { SaSettings } from '../../engine/stations/sa-key-file';

/** TLS files of a target (mutual authentication, the peer always verified). */
export interface TargetTls {
  caFile: string;
  certFile: string;
  keyFile: string;
  /** Name expected in the peer certificate; default the host. */
  servername?: string;
}

/** One device to talk to. */
export interface Target {
  protocol: Protocol;
  transport: 'tcp' | 'udp' | 'tls' | 'serial';
  /** The host; for a serial target the port path. */
  host: string;
  /** The TCP/UDP port; 0 for a serial target. */
  port: number;
  /** DNP3 over a serial line: the line's settings (`host` is its path). */
  serial?: SerialLineSettings;
  /** DNP3 link addresses. */
  masterAddress: number;
  outstationAddress: number;
  /** IEC 104 common address. */
  commonAddress: number;
  /** IEC 104 activation termination of commands (URL `actterm`, default `auto`). */
  actTerm?: ActTermMode;
  /** IEC 104 `auto`: ms ACTTERM is awaited after the execute ACTCON (URL `actterm-ms`, default 2000). */
  actTermWindowMs?: number;
  tls?: TargetTls;
  /** DNP3 Secure Authentication v5 (URL `sa-user`, `sa-key-file`, `sa-aggressive`, `sa-mac`). */
  secureAuth?: SaSettings;
}

/** Why a target could not be used, by code. Transport codes are connection failures. */
export type TargetErrorCode =
  | TransportErrorCode
  /** Connected, but the device never answered at the protocol level. */
  | 'NO_ANSWER'
  /** DNP3 frames came from/to other link addresses than configured. */
  | 'WRONG_ADDRESS'
  /** IEC 104: the station answered COT 46, unknown common address. */
  | 'WRONG_COMMON_ADDRESS'
  /** The device closed the connection right after accepting it (master limit, allow-list). */
  | 'CLOSED_AFTER_ACCEPT'
  /** The device speaks another protocol on this port (IEC 104 where DNP3 was expected, TLS...). */
  | 'WRONG_PROTOCOL'
  /** The connection was lost in the middle of the exchange. */
  | 'CONNECTION_LOST'
  /** The device answered, negatively or with an error. */
  | 'PROTOCOL_ERROR'
  | 'INVALID_CONFIG';

/** A target failure. */
export interface TargetError {
  code: TargetErrorCode;
  message: string;
}

/** Success or a TargetError. */
export type TargetResult<T> = { ok: true; value: T } | { ok: false; error: TargetError };

const CONNECTION_CODES: ReadonlySet<string> = new Set([
  'REFUSED',
  'TIMEOUT',
  'HOST_UNREACHABLE',
  'NETWORK_UNREACHABLE',
  'DNS',
  'OTHER',
  'CONNECTION_LOST',
  'PORT_MISSING',
  'PORT_BUSY',
  'PERMISSION_DENIED',
  'PORT_LOST',
  'RS485_UNSUPPORTED',
]);

/** True for failures to connect (refused, timed out, unreachable, DNS, a serial port that cannot be opened) or a lost connection, rather than of the protocol or TLS. */
export function isConnectionFailure(code: TargetErrorCode): boolean {
  return CONNECTION_CODES.has(code);
}

/** `dnp3://127.0.0.1:20000` style label of a target. */
export function describeTarget(t: Target): string {
  if (t.serial) return `dnp3+serial://${t.serial.path} (${describeLineFormat(t.serial)}) master=${t.masterAddress}&outstation=${t.outstationAddress}`;
  const scheme = t.transport === 'tcp' ? t.protocol : `${t.protocol}+${t.transport}`;
  const host = t.host.includes(':') ? `[${t.host}]` : t.host;
  const addressing = t.protocol === 'dnp3' ? `master=${t.masterAddress}&outstation=${t.outstationAddress}` : `ca=${t.commonAddress}`;
  return `${scheme}://${host}:${t.port}?${addressing}`;
}
