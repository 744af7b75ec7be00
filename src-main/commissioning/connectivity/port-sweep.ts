/**
 * A quick "what is this device listening on": the standard DNP3 and IEC 104 ports of one
 * host (20000 TCP and UDP, 2404 TCP, 19998 TCP), probed in parallel.
 */
import { probeTcp, probeUdp, resolveHost, transportError, type TransportErrorCode } from '../../transport';
import type { Diagnosis } from './connectivity-report';
import { diagnose } from './diagnosis';

/** One port of the sweep. */
export interface SweptPort {
  port: number;
  transport: 'tcp' | 'udp';
  /** The service the port is standard for. */
  service: 'dnp3' | 'iec104' | 'iec104-tls';
  /**
   * `open` (TCP connected / UDP answered), `closed` (refused / ICMP port unreachable),
   * `filtered` (TCP timed out), `open|filtered` (UDP silence), `unreachable`, `error`.
   */
  state: 'open' | 'closed' | 'filtered' | 'open|filtered' | 'unreachable' | 'error';
  durationMs: number;
  /** TCP: the peer closed right after accepting (connection limit or allow-list). */
  closedAfterAccept?: boolean;
  diagnosis?: Diagnosis;
}

/** The sweep report. */
export interface PortSweepReport {
  kind: 'port-sweep';
  version: 1;
  host: string;
  /** The address probed (the first resolved), or null when the name did not resolve. */
  address: string | null;
  startedAt: string;
  durationMs: number;
  ports: SweptPort[];
  /** Set when DNS failed (then no port was probed). */
  dnsFailure?: Diagnosis;
  summary: string;
}

/** Which ports to sweep. */
export interface SweepPort {
  port: number;
  transport: 'tcp' | 'udp';
  service: SweptPort['service'];
}

/** The standard ports: DNP3 20000 TCP/UDP, IEC 104 2404, IEC 104 over TLS 19998. */
const STANDARD_PORTS: readonly SweepPort[] = [
  { port: 20000, transport: 'tcp', service: 'dnp3' },
  { port: 20000, transport: 'udp', service: 'dnp3' },
  { port: 2404, transport: 'tcp', service: 'iec104' },
  { port: 19998, transport: 'tcp', service: 'iec104-tls' },
];

/** Sweep options. */
export interface PortSweepOptions {
  /** Default STANDARD_PORTS. */
  ports?: readonly SweepPort[];
  /** TCP connect timeout per port; default 2000 ms. */
  connectTimeoutMs?: number;
  /** UDP wait for an ICMP error or a reply; default 1000 ms. */
  udpWaitMs?: number;
}

const TCP_STATE: Partial<Record<TransportErrorCode, SweptPort['state']>> = {
  REFUSED: 'closed',
  TIMEOUT: 'filtered',
  HOST_UNREACHABLE: 'unreachable',
  NETWORK_UNREACHABLE: 'unreachable',
};

async function sweepOne(host: string, address: string, spec: SweepPort, options: PortSweepOptions): Promise<SweptPort> {
  const protocol = spec.service === 'dnp3' ? 'dnp3' : 'iec104';
  const context = { protocol, host, address, port: spec.port } as const;
  const base = { port: spec.port, transport: spec.transport, service: spec.service };
  if (spec.transport === 'udp') {
    const probe = await probeUdp(address, spec.port, options.udpWaitMs ?? 1000);
    const swept: SweptPort = { ...base, state: probe.state, durationMs: probe.durationMs };
    if (probe.error && probe.state !== 'open|filtered') swept.diagnosis = diagnose(probe.error, { ...context, transport: 'udp' });
    return swept;
  }
  const probe = await probeTcp(address, spec.port, { connectTimeoutMs: options.connectTimeoutMs ?? 2000, settleMs: 200 });
  if (probe.ok) {
    const swept: SweptPort = { ...base, state: 'open', durationMs: probe.durationMs, closedAfterAccept: probe.closedAfterAccept === true };
    if (probe.closedAfterAccept) swept.diagnosis = diagnose(transportError('CLOSED', 'right after accepting the connection'), context);
    return swept;
  }
  const error = probe.error ?? transportError('OTHER');
  return { ...base, state: TCP_STATE[error.code] ?? 'error', durationMs: probe.durationMs, diagnosis: diagnose(error, context) };
}

/** Sweeps the ports of one host in parallel. */
export async function sweepPorts(host: string, options: PortSweepOptions = {}): Promise<PortSweepReport> {
  const startedAt = new Date().toISOString();
  const start = performance.now();
  const resolution = await resolveHost(host);
  const base = { kind: 'port-sweep' as const, version: 1 as const, host, startedAt };
  if (!resolution.ok) {
    const dnsFailure = diagnose(resolution.error, { protocol: 'dnp3', host, address: null, port: 0 });
    return { ...base, address: null, durationMs: Math.round(performance.now() - start), ports: [], dnsFailure, summary: `${host}: DNS failed (${resolution.error.message})` };
  }
  const address = resolution.addresses[0]!.address;
  const ports = await Promise.all((options.ports ?? STANDARD_PORTS).map((spec) => sweepOne(host, address, spec, options)));
  const summary = `${host} (${address}): ${ports.map((p) => `${p.port}/${p.transport} ${p.state}`).join(', ')}`;
  return { ...base, address, durationMs: Math.round(performance.now() - start), ports, summary };
}
