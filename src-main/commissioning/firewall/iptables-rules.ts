/**
 * iptables-save syntax: `rules.v4` for iptables-restore and `rules.v6` for
 * ip6tables-restore (the file names of Debian's iptables-persistent), one per address
 * family the station has. Each is a `*filter` table with two chains of the station's own:
 * `<id>` decides (plain port closed, masters accepted, the rest dropped) and `<id>-DROP`
 * logs (rate-limited, so a scan cannot flood the log) and drops. INPUT and FORWARD jump to
 * the first for packets to the station's ports, so the same file serves on the station
 * itself and on a Linux firewall in front of it. The built-in chains are not declared:
 * loading with `--noflush` keeps their policies and every other rule.
 */
import { headerLines, type FamilyRules, type FirewallPlan, type ServicePort } from './firewall-plan';
import type { FirewallFile } from './firewall-file';

/** Log at most this many drops a minute after a burst of LOG_BURST (the kernel's limit match). */
export const LOG_PER_MINUTE = 10;
/** Drops logged at once before LOG_PER_MINUTE applies. */
export const LOG_BURST = 20;

const FAMILY_TOOL = { 4: { file: 'rules.v4', tool: 'iptables' }, 6: { file: 'rules.v6', tool: 'ip6tables' } } as const;

const quote = (text: string): string => `"${text.replace(/"/g, "'")}"`;

function portMatch(p: ServicePort): string {
  return `-p ${p.protocol} -m ${p.protocol} --dport ${p.port}`;
}

function familyTable(p: FirewallPlan, f: FamilyRules): string[] {
  const prefix = f.family === 4 ? 32 : 128;
  const station = `${f.station.text}/${prefix}`;
  const drop = `${p.id}-DROP`;
  const ports = [...p.closed, p.service];
  return [
    '*filter',
    `:${p.id} - [0:0]`,
    `:${drop} - [0:0]`,
    ...['INPUT', 'FORWARD'].flatMap((chain) => ports.map((port) => `-A ${chain} -d ${station} ${portMatch(port)} -j ${p.id}`)),
    ...p.closed.map((c) => `-A ${p.id} ${portMatch(c)} -m comment --comment ${quote(c.reason)} -j ${drop}`),
    ...f.masters.map((m) => `-A ${p.id} -s ${m.text}/${prefix} ${portMatch(p.service)} -m comment --comment ${quote(`master ${m.text}`)} -j ACCEPT`),
    `-A ${p.id} -m comment --comment ${quote('not an admitted master')} -j ${drop}`,
    `-A ${drop} -m limit --limit ${LOG_PER_MINUTE}/min --limit-burst ${LOG_BURST} -j LOG --log-prefix ${quote(`${p.id} drop: `)} --log-level 4`,
    `-A ${drop} -j DROP`,
    'COMMIT',
  ];
}

function familyFile(p: FirewallPlan, f: FamilyRules): FirewallFile {
  const { file, tool } = FAMILY_TOOL[f.family];
  const comments = [
    `${file}: IPv${f.family} rules in ${tool}-save syntax.`,
    ...headerLines(p),
    ...(f.masters.length === 0 ? [`No IPv${f.family} master was given: every IPv${f.family} packet to the port is dropped.`] : []),
    `Load: ${tool}-restore --noflush ${file} (keeps the other rules and the policies; replaces the chains ${p.id} and ${p.id}-DROP).`,
    `Before loading again, delete the old jumps: ${tool}-save | grep -- '-j ${p.id}$' | sed 's/^-A/-D/' | xargs -L1 ${tool}`,
  ];
  return { name: file, text: [...comments.map((c) => `# ${c}`), ...familyTable(p, f), ''].join('\n') };
}

/** The iptables files of a plan: `rules.v4`, `rules.v6` or both, as the station's addresses give. */
export function iptablesRules(p: FirewallPlan): FirewallFile[] {
  return p.families.map((f) => familyFile(p, f));
}
