/**
 * Node transports that drive sans-IO sessions: TCP, TLS, UDP, TCP listen and serial lines
 * (a multidrop channel shared by several stations); reconnect with
 * backoff; classified connection errors; a byte tap for capture.
 *
 * A master over TCP:
 * ```ts
 * const driver = new SessionDriver({
 *   session, // any Session
 *   endpoints: { kind: 'tcp', host: '10.0.0.7', port: 20000, connectTimeoutMs: 5000 },
 *   onEvent: (event) => engine.handle(event),
 *   onState: (s) => log(s.link, s.state, s.error?.code),
 * });
 * driver.start();
 * driver.call({ op: 'interrogate' });
 * await driver.stop(); // the session gets { op: 'stop' }, then the links close
 * ```
 * A simulator on a free loopback port, one session per connection:
 * ```ts
 * const server = await serveSessions({ endpoint: { kind: 'tcp', port: 0 }, createSession: () => new Outstation(cfg) });
 * // ... connect to server.port ...
 * await server.close();
 * ```
 */
export { backoffDelay, backoffOptions, DEFAULT_BACKOFF, type BackoffOptions } from './backoff';
export type { ByteTap, TapDirection } from './byte-tap';
export { type Connection, type ConnectionHandlers, type ConnectionInfo, type IpConnectionInfo, type SerialConnectionInfo, type SocketAddress } from './connection';
export { attachSerialStation, lastSerialLineStats, serialLineStats, type SerialLineStats, type SerialStationSpec } from './serial-channel';
export { serveSerial, type SerialServeOptions, type SerialServer } from './serial-serve';
export {
  DEFAULT_SERIAL_LINE,
  describeLineFormat,
  wireTimeMs,
  type SerialLineSettings,
} from './serial-settings';
export {  dialTcp, dialTls, dialUdp, type DialEndpoint } from './dial';
export {
  
  
  type Endpoint,
  type TcpEndpoint,
  type SerialEndpoint,
  type TcpListenEndpoint,
  type TlsEndpoint,
  type TlsSettings,
  type TlsVersion,
  type UdpEndpoint,
} from './endpoint';
export type { LinkState, LinkStateName } from './link-state';
export {   type ListenEndpoint, type Listener } from './listen';
export { serveSessions,  type ServeOptions, type SessionServer } from './serve-sessions';
export { PcapRecorder, type PcapRecorderOptions } from './pcap-recorder';
export { startRelay, type Relay, type RelayConnection, type RelayEnd, type RelayOptions, type RelayTap } from './tcp-relay';
export { SessionDriver, type SessionDriverOptions } from './session-driver';
export { SESSION_EXCEPTION } from './session-runner';
export {  type CertificateSummary, type TlsDetails } from './tls-details';
export type { ClientRejection } from './tls-rejection';
export {
  classifyError,
  transportError,
  type TransportError,
  type TransportErrorCode,
  type TransportResult,
} from './transport-error';
export {
  probeTcp,
  probeTls,
  probeUdp,
  type ClientCertEvidence,
  type ProbeTiming,
  type TcpProbe,
  type TlsProbe,
  type TlsProbeOptions,
  type UdpPortState,
} from './probe';
export { resolveHost, type ResolvedAddress, type Resolution } from './resolve-host';
