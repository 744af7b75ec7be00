/**
 * The stations of the firewall golden files and parser checks: each transport the rules
 * treat differently, with documentation addresses (RFC 5737, RFC 3849) only.
 */
import type { FirewallStation } from '../../../../src-main/commissioning/firewall';

/** One station with its masters. */
export interface FirewallScenario {
  name: string;
  station: FirewallStation;
  masters: string[];
}

/** IEC 104 over TLS on a dual-stack station; DNP3 over TCP; DNP3 over UDP on IPv6 only. */
export const FIREWALL_SCENARIOS: readonly FirewallScenario[] = [
  {
    name: 'iec104-tls-dual-stack',
    station: { protocol: 'iec104', transport: 'tls', addresses: ['192.0.2.10', '2001:db8::10'], port: 19998, name: 'RTU 7' },
    masters: ['192.0.2.21', '192.0.2.22', '2001:db8::21'],
  },
  { name: 'dnp3-tcp', station: { protocol: 'dnp3', transport: 'tcp', addresses: ['192.0.2.30'], port: 20000 }, masters: ['192.0.2.21'] },
  { name: 'dnp3-udp-ipv6', station: { protocol: 'dnp3', transport: 'udp', addresses: ['2001:db8::30'], port: 20000 }, masters: ['2001:db8::21', '2001:db8::22'] },
];
