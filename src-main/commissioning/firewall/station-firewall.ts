/**
 * Firewall rules for a workspace station: its protocol, transport, host and port, with the
 * masters and the format the engineer chose.
 */
import type { StationConfig } from '../../../src-shared/workspace/station';
import { firewallRules, type FirewallFormat, type FirewallRulesResult } from './index';

/** What the engineer chose for a workspace station's rules. */
export interface StationFirewallChoice {
  masters: readonly string[];
  /** The station's address of the other family, for a dual-stack station. */
  stationAddress?: string;
  format: FirewallFormat;
}

/**
 * The rules for `station`; `NOT_APPLICABLE` for a station that connects to us
 * (`tcp-listen`: the port to protect is ours, not the station's) or on a serial line.
 */
export function stationFirewallRules(station: StationConfig, choice: StationFirewallChoice): FirewallRulesResult | { ok: false; error: { code: 'NOT_APPLICABLE'; message: string } } {
  const t = station.transport;
  if (t.kind === 'tcp-listen') {
    return { ok: false, error: { code: 'NOT_APPLICABLE', message: `${station.name} connects to this master (tcp-listen): it has no port of its own to protect` } };
  }
  if (t.kind === 'serial') {
    return { ok: false, error: { code: 'NOT_APPLICABLE', message: `${station.name} is on serial line ${t.serial.path}: no network port for a firewall to protect` } };
  }
  const extra = choice.stationAddress?.trim();
  const addresses = extra ? [t.host, extra] : [t.host];
  return firewallRules({ protocol: station.protocol, transport: t.kind, addresses, port: t.port, name: station.name }, choice.masters, choice.format);
}
