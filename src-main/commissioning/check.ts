/**
 * The combined connectivity check of one target: DNS, TCP/TLS (the transport's
 * connectivity check) and the protocol-level probe with latency over N round trips.
 */
import type { Target } from './target/target';
import { checkConnectivity, type ConnectivityReport, type ConnectivityTarget } from './connectivity';
import { protocolProber } from './probes/protocol-probe';

/** Check settings. */
export interface CheckSettings {
  /** Protocol-level round trips for the latency figures (default 5). */
  probes?: number;
  /** Connect and answer timeout (default 5000 ms). */
  timeoutMs?: number;
}

/** The connectivity target of a URL target. */
function connectivityTarget(t: Target, timeoutMs: number): ConnectivityTarget {
  return {
    protocol: t.protocol,
    host: t.host,
    port: t.port,
    transport: t.transport === 'udp' || t.transport === 'serial' ? t.transport : 'tcp',
    ...(t.serial ? { serial: t.serial } : {}),
    ...(t.tls ? { tls: t.tls } : {}),
    addresses: t.protocol === 'dnp3' ? { master: t.masterAddress, outstation: t.outstationAddress } : { commonAddress: t.commonAddress },
    connectTimeoutMs: timeoutMs,
  };
}

/** Runs the whole check; network outcomes are the report, never thrown. */
export function runCheck(target: Target, settings: CheckSettings = {}): Promise<ConnectivityReport> {
  const timeoutMs = settings.timeoutMs ?? 5000;
  return checkConnectivity(connectivityTarget(target, timeoutMs), { protocolProber: protocolProber({ probes: settings.probes ?? 5, timeoutMs }) });
}
