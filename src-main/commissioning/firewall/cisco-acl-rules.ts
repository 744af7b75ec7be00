/**
 * Cisco IOS access lists: an extended IPv4 ACL and an IPv6 ACL (one per family the station
 * has), for the interface toward the station, outbound. Each closes the plain port, permits
 * the masters to the protocol's port and denies the rest of that port with `log`. An ACL
 * ends in an implicit deny of everything, so each ends with an explicit permit of other
 * traffic: these rules decide the station's protocol ports only, as the other formats do.
 * The lists are removed first, so pasting again replaces them.
 */
import { headerLines, type FamilyRules, type FirewallPlan, type ServicePort } from './firewall-plan';
import type { FirewallFile } from './firewall-file';

const port = (p: ServicePort): string => `${p.protocol} any host STATION eq ${p.port}`;

function aclName(p: FirewallPlan, f: FamilyRules): string {
  return f.family === 4 ? p.id : `${p.id}-V6`;
}

function familyAcl(p: FirewallPlan, f: FamilyRules): string[] {
  const station = f.station.text;
  const name = aclName(p, f);
  const to = (text: string): string => text.replace('STATION', station);
  return [
    f.family === 4 ? `no ip access-list extended ${name}` : `no ipv6 access-list ${name}`,
    f.family === 4 ? `ip access-list extended ${name}` : `ipv6 access-list ${name}`,
    ` remark Switchyard ${p.serviceName} station ${station}`,
    ...p.closed.flatMap((c) => [` remark ${c.reason}`, ` deny ${to(port(c))} log`]),
    ...f.masters.map((m) => ` permit ${p.service.protocol} host ${m.text} host ${station} eq ${p.service.port}`),
    ` deny ${to(port(p.service))} log`,
    ' remark other traffic: left to the site policy',
    f.family === 4 ? ' permit ip any any' : ' permit ipv6 any any',
    '!',
  ];
}

/** The Cisco IOS configuration of a plan. */
export function ciscoAclRules(p: FirewallPlan): FirewallFile[] {
  const name = `${p.id}.ios`;
  const apply = p.families.map((f) => (f.family === 4 ? `  ip access-group ${aclName(p, f)} out` : `  ipv6 traffic-filter ${aclName(p, f)} out`));
  const lines = [
    ...[`${name}: Cisco IOS access lists; paste in configuration mode.`, ...headerLines(p), 'Apply on the interface toward the station:', '  interface <toward the station>', ...apply].map((c) => `! ${c}`),
    ...p.families.flatMap((f) => familyAcl(p, f)),
    'end',
    '',
  ];
  return [{ name, text: lines.join('\n') }];
}
