/**
 * The rule model shared by every firewall format: which masters may reach which of the
 * station's ports over which protocol, and which ports are closed to everybody (the plain
 * port of a station that serves its protocol over TLS). Built from validated inputs; a
 * bad input is an error value naming it. Every format renders the same plan, so the four
 * outputs cannot disagree on what they admit.
 *
 * Scope: the rules decide the traffic addressed to the station's protocol port(s) and its
 * closed plain port, nothing else; other traffic to and from the station stays as the
 * site's policy has it.
 */
import { notAHostAddress, parseIpAddress, type IpAddress, type IpFamily } from './ip-address';

/** The station the rules protect, as the workspace or a target URL describes it. */
export interface FirewallStation {
  protocol: 'dnp3' | 'iec104';
  transport: 'tcp' | 'udp' | 'tls';
  /** Its addresses: the URL's host, and for a dual-stack station its address of the other family. */
  addresses: readonly string[];
  port: number;
  /** Its name in the workspace, for the comments; the address when absent. */
  name?: string;
}

/** A transport-layer port. */
export interface ServicePort {
  protocol: 'tcp' | 'udp';
  port: number;
}

/** A port closed to every source, and why. */
export interface ClosedPort extends ServicePort {
  reason: string;
}

/** The station's address of one family and the masters of that family. */
export interface FamilyRules {
  family: IpFamily;
  station: IpAddress;
  /** Empty when no master of this family is given: then every packet to the service is dropped. */
  masters: IpAddress[];
}

/** What every format writes. */
export interface FirewallPlan {
  /** Names the chains, table, rule group and ACL of this station, e.g. `SWY-DNP3-1A2B3C4D`. */
  id: string;
  /** One line for the comments, e.g. `DNP3 station RTU 7 (192.0.2.10), tcp/20000`. */
  description: string;
  /** The protocol's name, e.g. `IEC 104 over TLS`. */
  serviceName: string;
  service: ServicePort;
  closed: ClosedPort[];
  /** One entry per station address, IPv4 first. */
  families: FamilyRules[];
}

/** Why no rules could be written. */
export interface FirewallError {
  code: 'BAD_ADDRESS' | 'NO_MASTER' | 'NO_STATION_ADDRESS' | 'FAMILY_MISMATCH' | 'BAD_PORT';
  message: string;
}

/** A plan, or the error naming the input that prevents one. */
export type FirewallPlanResult = { ok: true; value: FirewallPlan } | { ok: false; error: FirewallError };

class PlanError extends Error {
  constructor(readonly error: FirewallError) {
    super(error.message);
  }
}

/** The protocol's own port without TLS (IEC 60870-5-104: 2404; IEEE 1815: 20000). */
const PLAIN_PORT: Record<FirewallStation['protocol'], number> = { dnp3: 20000, iec104: 2404 };
const PROTOCOL_NAME: Record<FirewallStation['protocol'], string> = { dnp3: 'DNP3', iec104: 'IEC 104' };

function hostAddress(text: string, role: string): IpAddress {
  const address = parseIpAddress(text);
  if (address === null) {
    throw new PlanError({ code: 'BAD_ADDRESS', message: `${role} '${text}' is not an IPv4 or IPv6 address (firewall rules need addresses, not names or prefixes)` });
  }
  const why = notAHostAddress(address);
  if (why !== null) throw new PlanError({ code: 'BAD_ADDRESS', message: `${role} '${text}' is ${why}, not the address of a device` });
  return address;
}

function stationAddresses(texts: readonly string[]): IpAddress[] {
  if (texts.length === 0) throw new PlanError({ code: 'NO_STATION_ADDRESS', message: 'the station has no address' });
  const addresses = texts.map((t) => hostAddress(t, "the station's address"));
  for (const family of [4, 6] as const) {
    const same = addresses.filter((a) => a.family === family);
    if (same.length > 1) throw new PlanError({ code: 'BAD_ADDRESS', message: `the station has two IPv${family} addresses (${same.map((a) => a.text).join(', ')}): give one per family` });
  }
  return addresses.sort((a, b) => a.family - b.family);
}

function masterAddresses(texts: readonly string[], stations: readonly IpAddress[]): IpAddress[] {
  if (texts.length === 0) throw new PlanError({ code: 'NO_MASTER', message: 'no master address given: the rules admit only the masters named' });
  const masters = new Map<string, IpAddress>();
  for (const text of texts) {
    const master = hostAddress(text, 'master address');
    if (!stations.some((s) => s.family === master.family)) {
      const have = stations.map((s) => s.text).join(', ');
      throw new PlanError({ code: 'FAMILY_MISMATCH', message: `master address '${text}' is IPv${master.family} but the station (${have}) has no IPv${master.family} address: add the station's IPv${master.family} address` });
    }
    if (stations.some((s) => s.value === master.value && s.family === master.family)) {
      throw new PlanError({ code: 'BAD_ADDRESS', message: `master address '${text}' is the station's own address` });
    }
    masters.set(`${master.family}/${master.text}`, master);
  }
  return [...masters.values()];
}

/** FNV-1a, 32 bits: a short, stable name part derived from the station. */
function fnv1a(text: string): string {
  let hash = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) hash = Math.imul(hash ^ text.charCodeAt(i), 0x01000193) >>> 0;
  return hash.toString(16).toUpperCase().padStart(8, '0');
}

function closedPorts(station: FirewallStation): ClosedPort[] {
  const plain = PLAIN_PORT[station.protocol];
  if (station.transport !== 'tls' || station.port === plain) return [];
  const name = PROTOCOL_NAME[station.protocol];
  return [{ protocol: 'tcp', port: plain, reason: `plain ${name} is closed: the station serves ${name} over TLS on ${station.port}` }];
}

function plan(station: FirewallStation, masterTexts: readonly string[]): FirewallPlan {
  if (!Number.isInteger(station.port) || station.port < 1 || station.port > 65535) {
    throw new PlanError({ code: 'BAD_PORT', message: `the station's port ${station.port} is not 1-65535` });
  }
  const stations = stationAddresses(station.addresses);
  const masters = masterAddresses(masterTexts, stations);
  const service: ServicePort = { protocol: station.transport === 'udp' ? 'udp' : 'tcp', port: station.port };
  const serviceName = `${PROTOCOL_NAME[station.protocol]}${station.transport === 'tls' ? ' over TLS' : station.transport === 'udp' ? ' over UDP' : ''}`;
  const where = stations.map((s) => s.text).join(', ');
  const id = `SWY-${station.protocol.toUpperCase()}-${fnv1a(`${station.protocol}|${station.transport}|${where}|${station.port}`)}`;
  return {
    id,
    description: `${serviceName} station ${station.name ? `${station.name} (${where})` : where}, ${service.protocol}/${service.port}`,
    serviceName,
    service,
    closed: closedPorts(station),
    families: stations.map((s) => ({ family: s.family, station: s, masters: masters.filter((m) => m.family === s.family) })),
  };
}

/**
 * The rules' model for `station` admitting exactly `masters` (IPv4 or IPv6 host
 * addresses; repeats are dropped). Errors name the bad input: `BAD_ADDRESS` (not an
 * address, or not a device's), `NO_MASTER`, `NO_STATION_ADDRESS`, `FAMILY_MISMATCH` (a
 * master of a family the station has no address of), `BAD_PORT`.
 */
export function planFirewall(station: FirewallStation, masters: readonly string[]): FirewallPlanResult {
  try {
    return { ok: true, value: plan(station, masters) };
  } catch (error) {
    if (error instanceof PlanError) return { ok: false, error: error.error };
    throw error;
  }
}

/** Every master of the plan, IPv4 first, as text. */
export function masterList(p: FirewallPlan): string[] {
  return p.families.flatMap((f) => f.masters.map((m) => m.text));
}

/** The header lines every format starts with (without the comment marker). */
export function headerLines(p: FirewallPlan): string[] {
  const masters = masterList(p);
  return [
    `Switchyard firewall rules for the ${p.description} (${p.id})`,
    `Admits ${masters.join(', ')} to ${p.service.protocol}/${p.service.port}; every other packet to that port is dropped and logged.`,
    ...p.closed.map((c) => `${c.protocol}/${c.port}: ${c.reason}; dropped and logged from every source.`),
    'Other traffic to and from the station is left to the site policy.',
  ];
}
