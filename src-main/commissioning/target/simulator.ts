/**
 * The built-in simulators run standalone (the CLI's `sim` and tests): a DNP3 outstation or
 * an IEC 104 controlled station hosted on a listening socket, one session per master; or
 * DNP3 outstations (one or several addresses) on a serial port.
 */
import type { SecureVersion } from 'node:tls';
import type { Protocol, Session, SessionEvent } from '../../../src-shared/session';
import { commandStatusCode, createDnp3Outstation, createDnp3OutstationDatabase, type Dnp3ScriptedResponse, type SaRole } from '../../protocols/dnp3';
import {
  createIec104Station,
  createIec104StationDatabase,
  defaultStationCommands,
  defaultStationPoints,
  FILE_DIRECTORY_IOA,
  FILE_SECTION_SIZE,
  IEC104_PARAMS,
  maxSegmentSize,
  type Iec104FileServing,
  type Iec104StationCommand,
} from '../../protocols/iec104';
import { describePeer, type ConnectionInfo } from '../../transport/connection';
import type { ListenEndpoint } from '../../transport/listen';
import { serveSerial } from '../../transport/serial-serve';
import { describeLineFormat, type SerialLineSettings } from '../../transport/serial-settings';
import { serveSessions, ServeError } from '../../transport/serve-sessions';
import type { TransportError } from '../../transport/transport-error';
import type { ClientRejection } from '../../transport/tls-rejection';
import { outstationSaConfig } from '../../engine/stations/sa-key-file';
import type { TargetTls } from './target';
import { serveFolder, type ServedFolder } from './served-files';
import { directoryFileStore } from './directory-file-store';

export type { ClientRejection };
export { describePeer } from '../../transport/connection';

/** What to simulate and where. */
export interface SimulatorOptions {
  protocol: Protocol;
  /** Bind address; default 127.0.0.1. */
  host?: string;
  /** Port; 0 picks a free one. */
  port: number;
  /** DNP3: points of each type; IEC 104: M_ME_NC_1 points from IOA 3001 besides one of each type. Default 10. */
  points?: number;
  /** Value changes per second; 0 for none. Default 1. */
  rate?: number;
  /** Serve TLS (client certificates required and verified against caFile). */
  tls?: TargetTls;
  /** TLS versions served (default TLS 1.2 to 1.3); TLS 1.0 / 1.1 simulate an outdated device. */
  tlsMinVersion?: SecureVersion;
  tlsMaxVersion?: SecureVersion;
  /** OpenSSL cipher list for TLS 1.2 and older, e.g. `AES128-SHA` for a device with weak suites. */
  tlsCiphers?: string;
  /** Require and verify client certificates (default true); false as a device without mutual authentication. */
  clientCertificate?: boolean;
  /** With TLS: also serve the same device over plain TCP on this port (0 picks a free one), as a device whose plain port was left open. */
  plainPort?: number;
  /** DNP3: answer any master address, as a device without source address validation. */
  anyMaster?: boolean;
  /** DNP3 over UDP instead of TCP. */
  udp?: boolean;
  /** DNP3 link addresses (default outstation 10, master 1). */
  outstationAddress?: number;
  masterAddress?: number;
  /** IEC 104 common address (default 1). */
  commonAddress?: number;
  /** Masters served at once; beyond it a connection is accepted and closed at once. */
  maxConnections?: number;
  /** IEC 104: terminate commands with ACTTERM (default true; false as stations that confirm with ACTCON only). */
  actTerm?: boolean;
  /** IEC 104: delay from the execute ACTCON to ACTTERM in ms (default 0). */
  actTermDelayMs?: number;
  /** DNP3: the control status a point refuses every control with, keyed `bo:N` / `ao:N` (e.g. 7 LOCAL). */
  controlStatus?: Record<string, number>;
  /** DNP3: scripted answers (see `parseScriptedResponses`); other requests are answered from the database. */
  scripted?: Dnp3ScriptedResponse[];
  /**
   * Sequence-numbered values per second, for load and loss tests (replaces `rate`): DNP3
   * analog input events of ai:0.. in turn, each point counting 1, 2, 3...; IEC 104
   * spontaneous M_ME_NC_1 at FLOOD_IOA whose value is the running sequence number 0, 1, 2...
   */
  flood?: number;
  /** IEC 104 with `files`: the directory IOA and the simulated device's behaviour (section and segment sizes, eager sections, a corrupted checksum). */
  fileServing?: Omit<Iec104FileServing, 'files'>;
  /** IEC 104 with `files`: a file of the folder not served, and why (outside the folder, too large). */
  onFileRefused?: (line: string) => void;
  /** DNP3: enforce Secure Authentication v5 for one user (critical requests challenged, unauthenticated ones refused). */
  secureAuth?: { user: number; updateKey: Uint8Array; role: SaRole; aggressive: boolean; /** Function codes challenged beyond the standard's critical ones. */ extraCritical?: readonly number[] };
  /**
   * Serve the files of this folder read-only for file transfer: DNP3 by g70 (reading a file
   * needs `password` when set, g70v2), IEC 104 by F_* (see served-files.ts for the names).
   */
  files?: { directory: string; password?: string };
  /** DNP3 with `secureAuth`: a request refused or left unanswered, by name (`SA_AUTHENTICATION_FAILED: MAC mismatch`). */
  onRefused?: (code: string, message: string, remote: string) => void;
  /** A master connected (`error` absent) or went away. */
  onConnection?: (connection: ConnectionInfo, error?: TransportError) => void;
  /** A master refused: its TLS handshake or certificate (`no certificate`, `unknown CA (...)`), or over `maxConnections`. */
  onRejected?: (rejection: ClientRejection, remote: string) => void;
}

/** A running simulator. */
export interface Simulator {
  port: number;
  /** The plain TCP port served beside TLS (`plainPort`), if any. */
  plainPort?: number;
  /** The URL a master uses to reach it, e.g. `dnp3://127.0.0.1:20000?master=1&outstation=10`. */
  url: string;
  /**
   * The addresses a master can use, one line each: DNP3 the point ranges of each type
   * (`bo:0-9 binary output status, CROB target`), IEC 104 the command addresses with their
   * type and status point (`ioa:5001 C_SC_NA_1, status ioa:1001`).
   */
  addresses: string[];
  /** Further lines to show: IEC 104 the interrogation groups, and the flood when there is one. */
  details: string[];
  close(): Promise<void>;
}

/** Why a simulator could not start. */
export type SimulatorResult = { ok: true; value: Simulator } | { ok: false; error: TransportError };

/**
 * Parses a DNP3 control status table as the CLI takes it: `bo:1=LOCAL,ao:2=BLOCKED` (IEEE 1815
 * names or codes 1-255). The error names the entry it cannot read.
 */
export function parseControlStatus(text: string): { ok: true; value: Record<string, number> } | { ok: false; message: string } {
  const table: Record<string, number> = {};
  for (const entry of text.split(',').map((e) => e.trim()).filter((e) => e !== '')) {
    const m = /^((?:bo|ao):\d+)=(\w+)$/.exec(entry);
    const code = m === null ? undefined : /^\d+$/.test(m[2]!) ? Number(m[2]) : commandStatusCode(m[2]!.toUpperCase());
    if (m === null || code === undefined || code < 1 || code > 255) return { ok: false, message: `'${entry}' is not bo:N=STATUS or ao:N=STATUS (a status such as LOCAL, BLOCKED or a code 1-255)` };
    table[m[1]!] = code;
  }
  return { ok: true, value: table };
}

/** Pacing of value changes: a tick and how many points change per tick. */
function pacing(rate: number): { tickMs: number; perTick: number } {
  const tickMs = Math.max(10, Math.round(1000 / rate));
  return { tickMs, perTick: Math.max(1, Math.round((rate * tickMs) / 1000)) };
}

function listenEndpoint(o: SimulatorOptions, host: string): ListenEndpoint {
  if (!o.tls) return { kind: o.udp ? 'udp' : 'tcp', host, port: o.port };
  return {
    kind: 'tls',
    host,
    port: o.port,
    caFile: o.tls.caFile,
    certFile: o.tls.certFile,
    keyFile: o.tls.keyFile,
    ...(o.tlsMinVersion ? { minVersion: o.tlsMinVersion } : {}),
    ...(o.tlsMaxVersion ? { maxVersion: o.tlsMaxVersion } : {}),
    ...(o.tlsCiphers ? { ciphers: o.tlsCiphers } : {}),
    ...(o.clientCertificate === false ? { clientCertificate: false } : {}),
  };
}

/** The IEC 104 simulator's file serving defaults (directory IOA, octets per section and the most per segment). */
export const FILE_SERVING_DEFAULTS = Object.freeze({ directoryIoa: FILE_DIRECTORY_IOA, sectionSize: FILE_SECTION_SIZE, segmentSize: maxSegmentSize(IEC104_PARAMS) });

/** IOA of the IEC 104 simulator's flood point. */
const FLOOD_IOA = 4001;
/** A simulated DNP3 outstation at `address`: a factory of its sessions, all on one database. */
/** What a simulated DNP3 device takes of the simulator's options (on TCP and on a serial line alike). */
type DeviceOption = 'points' | 'rate' | 'flood' | 'masterAddress' | 'anyMaster' | 'controlStatus' | 'scripted' | 'secureAuth' | 'files';

function dnp3Device(o: Pick<SimulatorOptions, DeviceOption>, address: number): () => Session {
  const rate = o.flood !== undefined ? 0 : (o.rate ?? 1);
  const p = pacing(rate);
  const config = {
    outstationAddress: address,
    masterAddress: o.masterAddress ?? 1,
    anyMaster: o.anyMaster ?? false,
    counts: dnp3Counts(o.points ?? 10),
    ...(rate > 0 ? { changes: { intervalMs: p.tickMs, mode: 'randomWalk' as const, pointsPerTick: p.perTick } } : {}),
    ...(o.controlStatus ? { controlStatus: o.controlStatus } : {}),
    ...(o.scripted ? { scripted: o.scripted } : {}),
    ...(o.flood !== undefined ? { flood: { eventsPerSecond: o.flood } } : {}),
    ...(o.secureAuth ? { secureAuth: outstationSaConfig(o.secureAuth) } : {}),
    ...(o.files ? { files: { store: directoryFileStore(o.files.directory), ...(o.files.password !== undefined ? { password: o.files.password } : {}) } } : {}),
    epochOffsetMs: Date.now() - performance.now(),
  };
  // One device for every connection: a CROB by one master is what the next poll reads.
  const database = createDnp3OutstationDatabase(config);
  return () => createDnp3Outstation(config, database);
}

function sessionFactory(o: SimulatorOptions, folder: ServedFolder | null): () => Session {
  const points = o.points ?? 10;
  const rate = o.flood === undefined ? (o.rate ?? 1) : 0;
  const epochOffsetMs = Date.now() - performance.now();
  const p = pacing(rate);
  if (o.protocol === 'dnp3') return dnp3Device(o, o.outstationAddress ?? 10);
  const config = {
    commonAddresses: [o.commonAddress ?? 1],
    points: defaultStationPoints(points),
    commands: defaultStationCommands(),
    ...(rate > 0 ? { changes: { everyMs: p.tickMs, count: p.perTick } } : {}),
    ...(o.flood !== undefined ? { flood: { asduPerSecond: o.flood, objectsPerAsdu: 1, firstIoa: FLOOD_IOA, cause: 'spontaneous' as const } } : {}),
    actTerm: o.actTerm ?? true,
    actTermDelayMs: o.actTermDelayMs ?? 0,
    epochOffsetMs,
    ...(folder !== null ? { files: { ...o.fileServing, files: folder.files } } : {}),
  };
  // One process image for every connection: commands by one master show to all.
  const database = createIec104StationDatabase(config);
  return () => createIec104Station(config, database);
}

function dnp3Counts(points: number): Record<'bi' | 'dbi' | 'bo' | 'ai' | 'ao' | 'ctr' | 'fc', number> {
  return { bi: points, dbi: points, bo: points, ai: points, ao: points, ctr: points, fc: points };
}

const DNP3_TYPES: ReadonlyArray<[string, string]> = [
  ['bi', 'binary inputs'],
  ['dbi', 'double-bit inputs'],
  ['bo', 'binary output status, CROB target'],
  ['ai', 'analog inputs'],
  ['ao', 'analog output status, g41 target'],
  ['ctr', 'counters'],
  ['fc', 'frozen counters'],
];

function iec104CommandLine(c: Iec104StationCommand): string {
  const status = c.feedbackIoa !== undefined ? `, status ioa:${c.feedbackIoa}` : '';
  return `ioa:${c.ioa} ${c.type}${status}${c.selectRequired ? ', select required' : ''}`;
}

/** What `Simulator.addresses` lists for these options. */
function addressesOf(o: SimulatorOptions): string[] {
  const points = o.points ?? 10;
  if (o.protocol === 'iec104') return defaultStationCommands().map(iec104CommandLine);
  if (points === 0) return [];
  return DNP3_TYPES.map(([prefix, what]) => `${prefix}:0-${points - 1} ${what}`);
}

/** IEC 104: the IOAs of each interrogation group of the simulated points. */
function groupLines(points: number): string[] {
  const byGroup = new Map<number, number[]>();
  for (const p of defaultStationPoints(points)) {
    if (p.group === undefined || p.group === 0 || p.type.startsWith('M_IT')) continue;
    byGroup.set(p.group, [...(byGroup.get(p.group) ?? []), p.ioa]);
  }
  return [...byGroup].sort(([a], [b]) => a - b).map(([g, ioas]) => `group ${g} (poll --group ${g}): ioa:${ioas.join(',')}`);
}

/** IEC 104: the served files, by NOF at the directory's IOA. */
function fileLines(o: SimulatorOptions, folder: ServedFolder | null): string[] {
  if (folder === null) return [];
  const ioa = o.fileServing?.directoryIoa ?? FILE_SERVING_DEFAULTS.directoryIoa;
  const f = { ...FILE_SERVING_DEFAULTS, ...o.fileServing };
  const next = f.eagerSections ? 'announced at once after the last segment' : "announced after the master's acknowledgement";
  const corrupt = f.corruptChecksum ? `; wrong checksum of the ${f.corruptChecksum === 'section' ? 'first section' : 'file'} on purpose` : '';
  return [
    `files of ${o.files?.directory} at directory ioa:${ioa} (read as ${ioa}/<NOF>):`,
    ...folder.describe().map((l) => `  ${l}`),
    `  sections of ${f.sectionSize} octets in segments of up to ${f.segmentSize}, the next section ${next}${corrupt}`,
  ];
}

/** What `Simulator.details` lists for these options. */
function detailsOf(o: SimulatorOptions, folder: ServedFolder | null): string[] {
  const points = o.points ?? 10;
  const lines = o.protocol === 'iec104' ? ['interrogation groups:', ...groupLines(points).map((l) => `  ${l}`), ...fileLines(o, folder)] : [];
  if (o.flood === undefined) return lines;
  const flood =
    o.protocol === 'dnp3'
      ? `${o.flood}/s analog input events (g32v3, class 2) of ai:0-${points - 1} in turn; each point counts 1, 2, 3...`
      : `${o.flood}/s spontaneous M_ME_NC_1 at ioa:${FLOOD_IOA}, value = sequence number 0, 1, 2... (per connection)`;
  return [...lines, `flood: ${flood}`];
}

function urlOf(o: SimulatorOptions, host: string, port: number): string {
  const scheme = `${o.protocol}${o.tls ? '+tls' : o.udp ? '+udp' : ''}`;
  const shown = host.includes(':') ? `[${host}]` : host;
  const query =
    o.protocol === 'dnp3' ? `master=${o.masterAddress ?? 1}&outstation=${o.outstationAddress ?? 10}` : `ca=${o.commonAddress ?? 1}`;
  return `${scheme}://${shown}:${port}?${query}`;
}

/** Passes on the Secure Authentication refusals among a session's events. */
function refusals(onRefused: (code: string, message: string, remote: string) => void): (event: SessionEvent, c: ConnectionInfo) => void {
  return (event, c) => {
    if (event.type === 'error' && event.code.startsWith('SA_')) onRefused(event.code, event.message, describePeer(c));
  };
}

/** Starts a simulator; resolves with a classified error when the address cannot be bound. Throws when `files` is not a readable folder. */
export async function startSimulator(o: SimulatorOptions): Promise<SimulatorResult> {
  const host = o.host ?? '127.0.0.1';
  const served = o.files === undefined || o.protocol !== 'iec104' ? null : serveFolder(o.files.directory, o.onFileRefused);
  // The CLI checked the folder: one that cannot be read now is a caller's error.
  if (served !== null && !served.ok) throw new Error(`simulator files: ${served.message}`);
  const folder = served === null ? null : served.value;
  const createSession = sessionFactory(o, folder);
  const serve = (endpoint: ListenEndpoint) =>
    serveSessions({
      endpoint,
      createSession,
      ...(o.maxConnections !== undefined ? { maxConnections: o.maxConnections } : {}),
      ...(o.onConnection ? { onConnection: o.onConnection } : {}),
      ...(o.onRejected ? { onRejected: o.onRejected } : {}),
      ...(o.onRefused ? { onEvent: refusals(o.onRefused) } : {}),
    });
  try {
    const server = await serve(listenEndpoint(o, host));
    const plain = o.tls && o.plainPort !== undefined ? await serve({ kind: 'tcp', host, port: o.plainPort }).catch(async (error: unknown) => {
      await server.close();
      throw error;
    }) : null;
    const close = async (): Promise<void> => {
      folder?.close();
      await Promise.all([server.close(), plain?.close()]);
    };
    return { ok: true, value: { port: server.port, ...(plain ? { plainPort: plain.port } : {}), url: urlOf(o, host, server.port), addresses: addressesOf(o), details: detailsOf(o, folder), close } };
  } catch (error) {
    folder?.close();
    if (error instanceof ServeError) return { ok: false, error: error.error };
    throw error;
  }
}

/** A DNP3 outstation simulator on a serial port: one device per address on the (multidrop) line. */
export interface SerialSimulatorOptions extends Pick<SimulatorOptions, DeviceOption | 'onRefused'> {
  line: SerialLineSettings;
  /** Outstation addresses answered on the line (default [10]). */
  addresses?: readonly number[];
  /** The port opened (no error) or was lost (it is re-opened until it is back). */
  onLine?: (error?: TransportError) => void;
}

/** A running serial simulator. */
export interface SerialSimulator {
  /** `/dev/ttyUSB0 9600 8N1, outstations 10, 11`. */
  description: string;
  addresses: string[];
  close(): Promise<void>;
}

/** Starts a DNP3 outstation simulator on a serial port; fails with the port's error (missing, busy, permission). */
export async function startSerialSimulator(o: SerialSimulatorOptions): Promise<{ ok: true; value: SerialSimulator } | { ok: false; error: TransportError }> {
  const addresses = o.addresses && o.addresses.length > 0 ? o.addresses : [10];
  const devices = new Map(addresses.map((a) => [a, dnp3Device(o, a)]));
  const served = await serveSerial({
    line: o.line,
    addresses,
    createSession: (a) => devices.get(a)!(),
    ...(o.onLine ? { onLine: o.onLine } : {}),
    ...(o.onRefused ? { onEvent: refusals(o.onRefused) } : {}),
  });
  if (!served.ok) return served;
  const description = `${o.line.path} ${describeLineFormat(o.line)}, outstation${addresses.length > 1 ? 's' : ''} ${addresses.join(', ')}`;
  return { ok: true, value: { description, addresses: addressesOf({ protocol: 'dnp3', port: 0, ...o }), close: () => served.value.close() } };
}
