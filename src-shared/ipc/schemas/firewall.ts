/**
 * Contract schemas of `commissioning.firewallRules`: allow-list firewall rules for a
 * workspace station, admitting only the masters given, in one of the formats engineers
 * deploy. The rules are text for the engineer to review and deploy; nothing is applied.
 */
import * as v from 'valibot';

/** The formats, as the CLI's `firewall --format` takes them; the first is the default. */
export const FIREWALL_FORMATS = ['iptables', 'nftables', 'windows', 'cisco'] as const;

const address = v.pipe(v.string(), v.trim(), v.maxLength(64));

/** Which station, which masters (IPv4 or IPv6), which format. */
export const FirewallRequest = v.strictObject({
  station: v.string(),
  masters: v.pipe(v.array(address), v.maxLength(256)),
  /** The station's address of the other family (a dual-stack station), beside its configured host. */
  stationAddress: v.optional(address),
  format: v.picklist(FIREWALL_FORMATS),
});

/** The rules: what they protect and the file(s) to deploy. */
export const FirewallRules = v.object({
  format: v.picklist(FIREWALL_FORMATS),
  /** The name of the station's chains, table, rule group or ACL. */
  id: v.string(),
  description: v.string(),
  masters: v.array(v.string()),
  files: v.array(v.object({ name: v.string(), text: v.string() })),
});

/** Request of `commissioning.firewallRules`. */
export type FirewallRequest = v.InferOutput<typeof FirewallRequest>;
