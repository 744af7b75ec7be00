/**
 * The protocol-level probe the connectivity check runs after TCP/TLS: DNP3 or IEC 104 by
 * the target's protocol, with the target's addresses.
 */
import type { Target } from '../target/target';
import type { ConnectivityTarget, ProtocolProber } from '../connectivity';
import { probeDnp3, type ProbeSettings } from './protocol-probe-dnp3';
import { probeIec104 } from './protocol-probe-iec104';

/** The URL-style target of a connectivity target. */
function targetOf(c: ConnectivityTarget): Target {
  return {
    protocol: c.protocol,
    transport: c.tls ? 'tls' : c.transport,
    host: c.host,
    port: c.port,
    masterAddress: c.addresses?.master ?? 1,
    outstationAddress: c.addresses?.outstation ?? 10,
    commonAddress: c.addresses?.commonAddress ?? 1,
    ...(c.tls ? { tls: c.tls } : {}),
  };
}

/** A ProtocolProber for checkConnectivity. */
export function protocolProber(settings: ProbeSettings): ProtocolProber {
  return (context) => {
    const target = targetOf(context.target);
    return target.protocol === 'dnp3' ? probeDnp3(target, context, settings) : probeIec104(target, context, settings);
  };
}
