/**
 * Windows Firewall rules as a PowerShell script (NetSecurity module, elevated prompt), for
 * a station running Windows or a Windows gateway in front of it. Windows lets a block rule
 * win over every allow rule, so "drop the rest" is a block rule whose remote addresses are
 * every range but the masters' (it cannot name "all but these"): the masters' allow rule
 * then also beats an allow-all rule some installer may have added. A closed plain port is
 * blocked from every address. Drops are logged through the profiles' log of dropped
 * packets (`Set-NetFirewallProfile -LogBlocked True`). The rules share one group, removed
 * first, so running the script again replaces them.
 */
import { complementRanges } from './ip-address';
import { headerLines, type FamilyRules, type FirewallPlan, type ServicePort } from './firewall-plan';
import type { FirewallFile } from './firewall-file';

const quote = (text: string): string => `'${text.replace(/'/g, "''")}'`;
const list = (items: readonly string[]): string => items.map(quote).join(',');

interface RuleSpec {
  name: string;
  action: 'Allow' | 'Block';
  port: ServicePort;
  local: string;
  remote: readonly string[];
}

function rule(s: RuleSpec): string {
  return [
    'New-NetFirewallRule -Group $group',
    `-DisplayName ${quote(s.name)}`,
    `-Direction Inbound -Action ${s.action} -Profile Any`,
    `-Protocol ${s.port.protocol.toUpperCase()} -LocalPort ${s.port.port}`,
    `-LocalAddress ${quote(s.local)} -RemoteAddress ${s.remote.length ? list(s.remote) : 'Any'} | Out-Null`,
  ].join(' ');
}

function familyRules(p: FirewallPlan, f: FamilyRules): string[] {
  const local = f.station.text;
  const service = `${p.service.protocol}/${p.service.port}`;
  const others = complementRanges(f.family, f.masters).map((r) => (r.first.value === r.last.value ? r.first.text : `${r.first.text}-${r.last.text}`));
  return [
    ...p.closed.map((c) => rule({ name: `Switchyard ${p.id}: ${c.protocol}/${c.port} to ${local} closed (TLS in use)`, action: 'Block', port: c, local, remote: [] })),
    ...(f.masters.length ? [rule({ name: `Switchyard ${p.id}: masters to ${local} ${service}`, action: 'Allow', port: p.service, local, remote: f.masters.map((m) => m.text) })] : []),
    rule({ name: `Switchyard ${p.id}: others to ${local} ${service} blocked`, action: 'Block', port: p.service, local, remote: f.masters.length ? others : [] }),
  ];
}

/** The PowerShell script of a plan. */
export function windowsFirewallRules(p: FirewallPlan): FirewallFile[] {
  const name = `${p.id}.ps1`;
  const lines = [
    ...[`${name}: Windows Firewall rules; run in an elevated PowerShell.`, ...headerLines(p)].map((c) => `# ${c}`),
    '#Requires -RunAsAdministrator',
    `$group = ${quote(`Switchyard ${p.id}`)}`,
    'Remove-NetFirewallRule -Group $group -ErrorAction SilentlyContinue',
    ...p.families.flatMap((f) => familyRules(p, f)),
    '# Log dropped packets (%systemroot%\\system32\\LogFiles\\Firewall\\pfirewall.log by default).',
    'Set-NetFirewallProfile -Profile Domain,Private,Public -LogBlocked True',
    '',
  ];
  return [{ name, text: lines.join('\r\n') }];
}
