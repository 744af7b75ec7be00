/**
 * Where a session's bytes go: the transport endpoints a SessionDriver can connect over.
 */
import type { SerialStationSpec } from './serial-channel';
import { describeLineFormat } from './serial-settings';

/** TLS protocol versions we accept; anything older than 1.2 is refused. */
export type TlsVersion = 'TLSv1.2' | 'TLSv1.3';

/** A TCP client connection to an outstation / controlled station. */
export interface TcpEndpoint {
  kind: 'tcp';
  host: string;
  port: number;
  /** Give up on the TCP handshake after this long (IEC 104 t0). */
  connectTimeoutMs: number;
}

/** Our side of a mutually authenticated TLS connection: files, expected peer name, versions. */
export interface TlsSettings {
  /** PEM file of the CA(s) that sign the peer's certificate. */
  caFile: string;
  /** PEM file of our certificate (the client certificate the peer checks). */
  certFile: string;
  /** PEM file of our private key. */
  keyFile: string;
  /** Name expected in the peer certificate; defaults to `host` when it is a DNS name. */
  servername?: string;
  /** Lowest version offered; default `TLSv1.2`. */
  minVersion?: TlsVersion;
  /** Highest version offered; default `TLSv1.3`. */
  maxVersion?: TlsVersion;
}

/**
 * TLS over TCP with mutual X.509 authentication. The peer certificate is always verified
 * against `caFile` and the expected name; there is deliberately no way to turn that off.
 */
export interface TlsEndpoint extends TlsSettings {
  kind: 'tls';
  host: string;
  port: number;
  /** Give up on TCP connect plus TLS handshake after this long; default 10 000 ms. */
  connectTimeoutMs?: number;
}

/** UDP to one remote address (DNP3 over UDP). */
export interface UdpEndpoint {
  kind: 'udp';
  host: string;
  port: number;
  /** Local port to bind; default any free port. */
  localPort?: number;
}

/**
 * Listen for the outstation to connect to us (DNP3 "TCP server" master mode). One peer at
 * a time: a newer connection replaces the current one, as a reconnecting outstation's old
 * half-dead socket would otherwise block it.
 */
export interface TcpListenEndpoint {
  kind: 'tcp-listen';
  host: string;
  port: number;
}

/**
 * One DNP3 outstation on a serial line. Stations with the same `line.path` share the port
 * (a multidrop channel; see serial-channel.ts) and must agree on its settings.
 */
export interface SerialEndpoint extends SerialStationSpec {
  kind: 'serial';
}

/** Any endpoint a SessionDriver can use. */
export type Endpoint = TcpEndpoint | TlsEndpoint | UdpEndpoint | TcpListenEndpoint | SerialEndpoint;

/** Default TLS connect (TCP + handshake) timeout. */
export const DEFAULT_TLS_CONNECT_TIMEOUT_MS = 10_000;

/** `tcp://127.0.0.1:20000`-style label for logs and reports; `serial:///dev/ttyUSB0 9600 8N1 outstation 10` for a serial line. */
export function describeEndpoint(endpoint: Endpoint): string {
  if (endpoint.kind === 'serial') return `serial://${endpoint.line.path} ${describeLineFormat(endpoint.line)} outstation ${endpoint.outstationAddress}`;
  const host = endpoint.host.includes(':') ? `[${endpoint.host}]` : endpoint.host;
  return `${endpoint.kind}://${host}:${endpoint.port}`;
}
