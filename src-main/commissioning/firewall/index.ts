/**
 * Firewall rules for a station: an allow-list that admits exactly the given masters to
 * exactly the protocol's port, closes the plain port of a TLS station, and drops and logs
 * the rest, in the formats engineers deploy. Pure: text in, text out.
 */
import { FIREWALL_FORMATS } from '../../../src-shared/ipc/schemas/firewall';
import { ciscoAclRules } from './cisco-acl-rules';
import type { FirewallFile } from './firewall-file';
import { masterList, planFirewall, type FirewallError, type FirewallPlan, type FirewallStation } from './firewall-plan';
import { iptablesRules } from './iptables-rules';
import { nftablesRules } from './nftables-rules';
import { windowsFirewallRules } from './windows-firewall-rules';

export type { FirewallFile } from './firewall-file';
export type { FirewallError, FirewallPlan, FirewallStation } from './firewall-plan';
export { FIREWALL_FORMATS };
/** One of FIREWALL_FORMATS. */
export type FirewallFormat = (typeof FIREWALL_FORMATS)[number];

const RENDERERS: Record<FirewallFormat, (p: FirewallPlan) => FirewallFile[]> = {
  iptables: iptablesRules,
  nftables: nftablesRules,
  windows: windowsFirewallRules,
  cisco: ciscoAclRules,
};

/** Rules in one format: what they protect, and the file(s) to deploy. */
export interface FirewallRules {
  format: FirewallFormat;
  /** The name of the station's chains, table, rule group or ACL. */
  id: string;
  description: string;
  /** Every master admitted, IPv4 first. */
  masters: string[];
  files: FirewallFile[];
}

/** The rules, or the error naming the bad input (see planFirewall). */
export type FirewallRulesResult = { ok: true; value: FirewallRules } | { ok: false; error: FirewallError };

/** Writes the rules admitting `masters` to `station` in `format`. */
export function firewallRules(station: FirewallStation, masters: readonly string[], format: FirewallFormat): FirewallRulesResult {
  const plan = planFirewall(station, masters);
  if (!plan.ok) return plan;
  const p = plan.value;
  return {
    ok: true,
    value: { format, id: p.id, description: p.description, masters: masterList(p), files: RENDERERS[format](p) },
  };
}
