/**
 * One `table inet` ruleset for `nft -f`, both address families in one table. Loading it
 * again replaces the table (the `table` + `delete table` lines before it make that work
 * whether or not it exists). Base chains on the input and forward hooks (priority filter,
 * policy accept) jump to the station's chain, which closes the plain port, accepts the
 * masters and sends the rest to `log_drop` (rate-limited log, counted drop). An accept here
 * does not override a drop in another table: nftables drops a packet that any base
 * chain drops.
 */
import { headerLines, type FamilyRules, type FirewallPlan, type ServicePort } from './firewall-plan';
import type { FirewallFile } from './firewall-file';
import { LOG_BURST, LOG_PER_MINUTE } from './iptables-rules';

const quote = (text: string): string => `"${text.replace(/"/g, "'")}"`;

/** The table's name: the plan's id in nftables' customary lower case. */
function nftTableName(p: FirewallPlan): string {
  return p.id.toLowerCase().replace(/-/g, '_');
}

function familyRules(p: FirewallPlan, f: FamilyRules): string[] {
  const ip = f.family === 4 ? 'ip' : 'ip6';
  const to = (port: ServicePort): string => `${ip} daddr ${f.station.text} ${port.protocol} dport ${port.port}`;
  const masters = f.masters.map((m) => m.text).join(', ');
  return [
    ...p.closed.map((c) => `${to(c)} jump log_drop comment ${quote(c.reason)}`),
    ...(f.masters.length ? [`${to(p.service)} ${ip} saddr { ${masters} } accept comment ${quote('admitted masters')}`] : []),
    `${to(p.service)} jump log_drop comment ${quote('not an admitted master')}`,
  ];
}

function baseChain(name: string, hook: string): string[] {
  return [`\tchain ${name} {`, `\t\ttype filter hook ${hook} priority filter; policy accept;`, '\t\tjump station', '\t}'];
}

/** The nftables file of a plan. */
export function nftablesRules(p: FirewallPlan): FirewallFile[] {
  const table = `inet ${nftTableName(p)}`;
  const name = `${nftTableName(p)}.nft`;
  const comments = [
    `${name}: one nftables table for IPv4 and IPv6.`,
    ...headerLines(p),
    `Load: nft -f ${name} (replaces the table ${table} and nothing else). Check first: nft -c -f ${name}`,
  ];
  const lines = [
    ...comments.map((c) => `# ${c}`),
    `table ${table}`,
    `delete table ${table}`,
    `table ${table} {`,
    '\tchain station {',
    ...p.families.flatMap((f) => familyRules(p, f)).map((r) => `\t\t${r}`),
    '\t}',
    '\tchain log_drop {',
    `\t\tlimit rate ${LOG_PER_MINUTE}/minute burst ${LOG_BURST} packets log prefix ${quote(`${p.id} drop: `)} level warn`,
    '\t\tcounter drop',
    '\t}',
    ...baseChain('input', 'input'),
    ...baseChain('forward', 'forward'),
    '}',
    '',
  ];
  return [{ name, text: lines.join('\n') }];
}
