import { statSync } from 'node:fs';
import { resolve } from 'node:path';
import { parseScriptedResponses } from '../../../commissioning/target/scripted-responses';
import { readUpdateKeyFile } from '../../../engine/stations/sa-key-file';
import {
  describePeer,
  FILE_SERVING_DEFAULTS,
  parseControlStatus,
  startSerialSimulator,
  startSimulator,
  type ClientRejection,
  type SimulatorOptions,
} from '../../../commissioning/target/simulator';
import { startSimulators } from '../../../commissioning/target/simulator-set';
import type { CliCommand, CliIo, ParsedArgs } from '../command';
import { CliError, EXIT } from '../exit-codes';
import { flag, intOption, jsonFileOption, onePositional, parseInteger, stringList, stringOption } from '../options';

/** How the simulator answers commands: IEC 104 ACTTERM (`--no-actterm`, `--actterm-delay`), DNP3 `--control-status`. */
function commandBehaviour(args: ParsedArgs, protocol: 'dnp3' | 'iec104'): Pick<SimulatorOptions, 'actTerm' | 'actTermDelayMs' | 'controlStatus'> {
  const controlStatus = stringOption(args, 'control-status');
  const actTermGiven = flag(args, 'no-actterm') || stringOption(args, 'actterm-delay') !== undefined;
  if (protocol === 'dnp3') {
    if (actTermGiven) throw new CliError(EXIT.USAGE, 'sim: --no-actterm and --actterm-delay are for IEC 104');
    if (controlStatus === undefined) return {};
    const table = parseControlStatus(controlStatus);
    if (!table.ok) throw new CliError(EXIT.USAGE, `sim: --control-status: ${table.message}`);
    return { controlStatus: table.value };
  }
  if (controlStatus !== undefined) throw new CliError(EXIT.USAGE, 'sim: --control-status is for DNP3');
  return { actTerm: !flag(args, 'no-actterm'), actTermDelayMs: intOption(args, 'actterm-delay', 0, 0, 600_000) };
}

/** Scripted answers (`--responses FILE.json`, DNP3) and the flood (`--flood RATE`, instead of `--rate`). */
async function scriptAndFlood(args: ParsedArgs, protocol: 'dnp3' | 'iec104', points: number): Promise<Pick<SimulatorOptions, 'scripted' | 'flood'>> {
  const json = await jsonFileOption(args, 'responses', 'sim');
  if (json !== undefined && protocol !== 'dnp3') throw new CliError(EXIT.USAGE, 'sim: --responses is for DNP3');
  const script = json === undefined ? undefined : parseScriptedResponses(json);
  if (script && !script.ok) throw new CliError(EXIT.USAGE, `sim: --responses ${stringOption(args, 'responses')}: ${script.error.message}`);
  if (stringOption(args, 'flood') === undefined) return script ? { scripted: script.value } : {};
  if (stringOption(args, 'rate') !== undefined) throw new CliError(EXIT.USAGE, 'sim: --flood replaces the --rate changes; give one of them');
  if (protocol === 'dnp3' && points === 0) throw new CliError(EXIT.USAGE, 'sim: --flood needs analog inputs (--points 1 or more)');
  return { ...(script ? { scripted: script.value } : {}), flood: intOption(args, 'flood', 1, 1, 1_000_000) };
}

const FILE_FLAGS = ['file-ioa', 'file-section-size', 'file-segment-size', 'file-eager-sections', 'file-corrupt-checksum'] as const;
const CORRUPTIONS = ['section', 'file'] as const;

/**
 * File transfer: `--files DIR` serves a folder read-only, to DNP3 masters by g70
 * (`--file-password P`: reading a file needs g70v2 authentication) and to IEC 104 masters
 * by F_* (`--file-ioa`, section and segment sizes and the device behaviours of FILE_FLAGS).
 */
function fileServing(args: ParsedArgs, protocol: 'dnp3' | 'iec104'): Pick<SimulatorOptions, 'files' | 'fileServing'> {
  const directory = stringOption(args, 'files');
  const password = stringOption(args, 'file-password');
  const given = FILE_FLAGS.filter((n) => args.values[n] !== undefined);
  if (directory === undefined) {
    const first = password !== undefined ? 'file-password' : given[0];
    if (first !== undefined) throw new CliError(EXIT.USAGE, `sim: --${first} needs --files DIR`);
    return {};
  }
  if (!isDirectory(directory)) throw new CliError(EXIT.USAGE, `sim: --files ${directory} is not a folder`);
  if (protocol === 'dnp3') {
    if (given[0] !== undefined) throw new CliError(EXIT.USAGE, `sim: --${given[0]} is for IEC 104`);
    return { files: { directory: resolve(directory), ...(password !== undefined ? { password } : {}) } };
  }
  if (password !== undefined) throw new CliError(EXIT.USAGE, 'sim: --file-password is for DNP3');
  const corrupt = stringOption(args, 'file-corrupt-checksum');
  if (corrupt !== undefined && !(CORRUPTIONS as readonly string[]).includes(corrupt)) throw new CliError(EXIT.USAGE, `sim: --file-corrupt-checksum must be section or file, got '${corrupt}'`);
  return {
    files: { directory: resolve(directory) },
    fileServing: {
      directoryIoa: intOption(args, 'file-ioa', FILE_SERVING_DEFAULTS.directoryIoa, 0, 0xffffff),
      sectionSize: intOption(args, 'file-section-size', FILE_SERVING_DEFAULTS.sectionSize, 1, 0xffffff),
      segmentSize: intOption(args, 'file-segment-size', FILE_SERVING_DEFAULTS.segmentSize, 1, FILE_SERVING_DEFAULTS.segmentSize),
      eagerSections: flag(args, 'file-eager-sections'),
      corruptChecksum: (corrupt as (typeof CORRUPTIONS)[number] | undefined) ?? null,
    },
  };
}

const TLS_VERSIONS = ['TLSv1', 'TLSv1.1', 'TLSv1.2', 'TLSv1.3'] as const;

function tlsVersion(args: ParsedArgs, name: string): (typeof TLS_VERSIONS)[number] | undefined {
  const given = stringOption(args, name);
  if (given === undefined) return undefined;
  const version = TLS_VERSIONS.find((v) => v === given);
  if (!version) throw new CliError(EXIT.USAGE, `sim: --${name} must be one of ${TLS_VERSIONS.join(', ')}, got '${given}'`);
  return version;
}

/**
 * How the simulated device's security is set up, well or badly: TLS versions and suites,
 * client certificates, a plain port beside TLS, DNP3 masters of any address.
 */
function securityBehaviour(args: ParsedArgs, protocol: 'dnp3' | 'iec104', tls: boolean): Partial<SimulatorOptions> {
  const tlsOnly = ['tls-min-version', 'tls-max-version', 'tls-ciphers', 'no-client-cert', 'plain-port'].filter((n) => args.values[n] !== undefined);
  if (!tls && tlsOnly.length > 0) throw new CliError(EXIT.USAGE, `sim: --${tlsOnly[0]} needs --tls`);
  if (flag(args, 'any-master') && protocol !== 'dnp3') throw new CliError(EXIT.USAGE, 'sim: --any-master is for DNP3');
  const [min, max, ciphers, plain] = [tlsVersion(args, 'tls-min-version'), tlsVersion(args, 'tls-max-version'), stringOption(args, 'tls-ciphers'), stringOption(args, 'plain-port')];
  return {
    ...(min ? { tlsMinVersion: min } : {}),
    ...(max ? { tlsMaxVersion: max } : {}),
    ...(ciphers ? { tlsCiphers: ciphers } : {}),
    ...(flag(args, 'no-client-cert') ? { clientCertificate: false } : {}),
    ...(plain !== undefined ? { plainPort: intOption(args, 'plain-port', 0, 0, 65535) } : {}),
    ...(flag(args, 'any-master') ? { anyMaster: true } : {}),
  };
}


function isDirectory(path: string): boolean {
  try {
    return statSync(path).isDirectory();
  } catch {
    return false;
  }
}

const SA_ROLES = ['viewer', 'operator', 'engineer'] as const;

/** DNP3 Secure Authentication: `--sa-update-key FILE` turns it on for `--sa-user N` with `--sa-role R`; `--sa-aggressive` permits aggressive mode; `--sa-critical FC,...` challenges more function codes. */
function secureAuth(args: ParsedArgs, protocol: 'dnp3' | 'iec104'): Pick<SimulatorOptions, 'secureAuth'> {
  const keyFile = stringOption(args, 'sa-update-key');
  const others = ['sa-user', 'sa-role', 'sa-aggressive', 'sa-critical'].filter((k) => args.values[k] !== undefined);
  if (keyFile === undefined) {
    if (others.length > 0) throw new CliError(EXIT.USAGE, `sim: --${others[0]} needs --sa-update-key FILE`);
    return {};
  }
  if (protocol !== 'dnp3') throw new CliError(EXIT.USAGE, 'sim: --sa-update-key is for DNP3 (Secure Authentication v5)');
  const key = readUpdateKeyFile(keyFile);
  if (!key.ok) throw new CliError(EXIT.USAGE, `sim: ${key.error.message}`);
  const role = stringOption(args, 'sa-role') ?? 'engineer';
  if (!(SA_ROLES as readonly string[]).includes(role)) throw new CliError(EXIT.USAGE, `sim: --sa-role must be one of ${SA_ROLES.join(', ')}, got '${role}'`);
  const extra = stringOption(args, 'sa-critical');
  const extraCritical = extra === undefined ? [] : extra.split(',').map((fc) => parseInteger(fc.trim(), '--sa-critical', 0, 255));
  return { secureAuth: { user: intOption(args, 'sa-user', 1, 1, 65535), updateKey: key.key, role: role as (typeof SA_ROLES)[number], aggressive: flag(args, 'sa-aggressive'), extraCritical } };
}

/** The stderr line of a request the SA outstation refused or left unanswered, by name. */
function refusedLine(io: CliIo): (code: string, message: string, remote: string) => void {
  return (code, message, remote) => io.err(`refused request from ${remote}: ${code === message.split(':')[0] ? message : `${code}: ${message}`}`);
}

/** The stdout line that says the simulator enforces Secure Authentication, and how. */
function secureAuthLine(s: NonNullable<SimulatorOptions['secureAuth']>): string {
  return `Secure Authentication v5: user ${s.user} (${s.role}), HMAC-SHA-256/16, ${s.updateKey.length === 32 ? 'AES-256' : 'AES-128'} key wrap, aggressive mode ${s.aggressive ? 'accepted' : 'refused'}${s.extraCritical?.length ? `, also critical: function ${s.extraCritical.join(', ')}` : ''}`;
}

/** The log line of a refused master: its TLS handshake or certificate, the connection limit, or a client that left mid-handshake. */
function rejectionLine(r: ClientRejection, remote: string): string {
  if (r.code.startsWith('TLS_')) return `rejected TLS client from ${remote}: ${r.reason}`;
  if (r.code === 'CLOSED') return `rejected master from ${remote}: ${r.reason}`;
  return `TLS handshake with ${remote} ended: ${r.reason}`;
}

const SERIAL_ONLY = ['baud', 'parity', 'databits', 'stopbits'] as const;

/** `oneOf` for the serial options: the value, the default, or a usage error naming the choices. */
function choice<T extends string | number>(args: ParsedArgs, name: string, allowed: readonly T[], fallback: T): T {
  const text = stringOption(args, name);
  if (text === undefined) return fallback;
  const found = allowed.find((a) => String(a) === text);
  if (found === undefined) throw new CliError(EXIT.USAGE, `sim: --${name} must be one of ${allowed.join(', ')}, got '${text}'`);
  return found;
}

/** `sim dnp3 --serial PATH`: outstations (one per --outstation) on a serial port until interrupted. */
async function runSerial(args: ParsedArgs, io: CliIo, path: string): Promise<number> {
  if (flag(args, 'tls') || flag(args, 'udp') || stringOption(args, 'port') !== undefined || stringOption(args, 'host') !== undefined) {
    throw new CliError(EXIT.USAGE, 'sim: --serial does not go with --host, --port, --tls or --udp');
  }
  const addresses = stringList(args, 'outstation').map((a) => parseInteger(a, '--outstation', 0, 65519));
  if (new Set(addresses).size !== addresses.length) throw new CliError(EXIT.USAGE, 'sim: each --outstation address once');
  const sa = secureAuth(args, 'dnp3');
  const started = await startSerialSimulator({
    line: {
      path,
      baudRate: intOption(args, 'baud', 9600, 50, 4_000_000),
      dataBits: choice(args, 'databits', [7, 8] as const, 8),
      parity: choice(args, 'parity', ['none', 'even', 'odd'] as const, 'none'),
      stopBits: choice(args, 'stopbits', [1, 2] as const, 1),
      rs485: flag(args, 'rs485'),
      interFrameGapMs: 0,
    },
    addresses,
    points: intOption(args, 'points', 10, 0, 10_000),
    rate: intOption(args, 'rate', 1, 0, 100_000),
    masterAddress: intOption(args, 'master', 1, 0, 65519),
    ...commandBehaviour(args, 'dnp3'),
    ...sa,
    onRefused: refusedLine(io),
    onLine: (error) => io.err(error ? `serial port lost: ${error.message}; re-opening` : `serial port open: ${path}`),
  });
  if (!started.ok) throw new CliError(EXIT.CONNECTION, `sim: cannot open ${path}: ${started.error.code} ${started.error.message}`);
  io.out(`DNP3 outstation simulator on serial ${started.value.description}`);
  io.out('points (each outstation):');
  for (const line of started.value.addresses) io.out(`  ${line}`);
  if (sa.secureAuth) io.out(secureAuthLine(sa.secureAuth));
  await io.interrupted;
  await started.value.close();
  return EXIT.OK;
}

/** Most simulated stations one `sim` serves (`--stations`). */
const MAX_STATIONS = 5000;

/** `sim ... --stations K`: K simulators on consecutive ports (or free ones with `--port 0`), one URL a line. */
async function runSet(o: SimulatorOptions, count: number, io: CliIo): Promise<number> {
  if (o.plainPort !== undefined) throw new CliError(EXIT.USAGE, 'sim: --stations does not go with --plain-port');
  if (o.port + count - 1 > 65535) throw new CliError(EXIT.USAGE, `sim: --port ${o.port} with --stations ${count} goes beyond port 65535`);
  const started = await startSimulators(o, count);
  if (!started.ok) throw new CliError(EXIT.CONNECTION, `sim: cannot listen: ${started.error.message}`);
  const { simulators } = started.value;
  const ports = simulators.map((s) => s.port);
  const range = o.port === 0 ? 'free ports' : `ports ${ports[0]}-${ports[ports.length - 1]}`;
  io.out(`${count} ${o.protocol === 'dnp3' ? 'DNP3 outstation' : 'IEC 104 controlled station'} simulators listening on ${range}:`);
  for (const simulator of simulators) io.out(`  ${simulator.url}`);
  io.out(o.protocol === 'dnp3' ? 'points (each station):' : 'commands (each station):');
  for (const line of simulators[0]!.addresses) io.out(`  ${line}`);
  await io.interrupted;
  await started.value.close();
  return EXIT.OK;
}

/** `sim dnp3|iec104`: a built-in simulator in the foreground until interrupted. */
export const simCommand: CliCommand = {
  name: 'sim',
  summary: 'run the built-in DNP3 outstation or IEC 104 station simulator (prints its URL)',
  usage: [
    'usage: switchyard sim dnp3|iec104 [--host 127.0.0.1] [--port N] [--points N] [--rate N | --flood RATE] [--tls ...]',
    '                      [--responses FILE.json] [--stations K] [--files DIR [--file-password P]]',
    '       switchyard sim iec104 --files DIR [--file-ioa N] [--file-section-size N] [--file-segment-size N]',
    '                      [--file-eager-sections] [--file-corrupt-checksum section|file]',
    '       switchyard sim dnp3 --serial PATH [--baud N] [--parity none|even|odd] [--outstation N ...]',
    '                      [--sa-update-key FILE [--sa-user N] [--sa-role R] [--sa-aggressive] [--sa-critical FC,...]]',
    '',
    'Runs a simulator in the foreground until interrupted (Ctrl+C) and prints the URL a',
    'master reaches it with, then its addresses: DNP3 the point ranges of each type, IEC 104',
    'the command addresses with their type and status point and the IOAs of each interrogation',
    'group (1 indications, 2 step positions and bit strings, 3 measured values, 4 the points',
    'from IOA 3001; counters: ioa:2001 counter group 1, ioa:2002 group 2). The simulated device keeps one',
    'database across connections: what one master commanded, the next one reads.',
    'Masters connecting and leaving are logged on stderr, and so is',
    'every master it refuses, with why: "rejected TLS client from 127.0.0.1:51234: unknown CA',
    '(UNABLE_TO_VERIFY_LEAF_SIGNATURE)", "no certificate", or the --max-connections limit.',
    '  --host H             bind address (default 127.0.0.1)',
    '  --port N             port (default 20000 / 2404, 19998 with TLS; 0 picks a free one)',
    '  --points N           DNP3: points of each type; IEC 104: M_ME_NC_1 points from IOA 3001',
    '                       besides one point of each monitor type (default 10)',
    '  --rate N             value changes per second (default 1; 0 for none)',
    '  --tls                serve TLS with --ca-file (signs the masters), --cert and --key',
    '  --udp                DNP3 over UDP',
    '  --outstation N       DNP3 outstation address (default 10)',
    '  --master N           DNP3 master address it answers (default 1)',
    '  --ca N               IEC 104 common address (default 1)',
    '  --max-connections N  masters served at once; more are accepted and closed at once',
    '  --stations K         serve K independent stations (each its own database and changes) on',
    '                       ports N .. N+K-1, or on K free ports with --port 0; prints one URL a',
    '                       line (up to 5000, for scale tests: `npm run bench -- scale`)',
    '  --no-actterm         IEC 104: confirm commands with ACTCON only, never ACTTERM (as many',
    "                       stations do, lib60870's example server for single commands)",
    '  --actterm-delay MS   IEC 104: send ACTTERM this long after the execute ACTCON (default 0)',
    '  --control-status T   DNP3: outputs that refuse every control with a status, as a device',
    '                       in local mode does, e.g. bo:1=LOCAL,ao:2=BLOCKED (names or codes);',
    '                       an index the outstation does not have is always NOT_SUPPORTED',
    '  --responses FILE     DNP3: scripted answers; a request matching an entry is answered with',
    '                       its objects (and the normal IIN), any other from the database:',
    '                       {"responses": [{"request": {"function": "read", "ranges": [{"type": 0,',
    '                        "variation": 252, "qualifier_code": 6}]}, "response": {"ranges":',
    '                        [{"type": 0, "variation": 252, "qualifier_code": 0, "start": 0,',
    '                        "stop": 0, "points_data": "0103414345"}]}}]}',
    '                       (g0v252 manufacturer name: data type 1 VSTR, length 3, "ACE")',
    '                       Ranges as `raw --ranges` takes them. A request matches by function and',
    '                       every header (type, variation, index_prefix, qualifier_code; start/stop',
    '                       or count only when given); the response is one fragment, points_data',
    '                       written after each header as given. A bad entry exits 2 naming it.',
    '  --flood RATE         sequence-numbered values, RATE per second, for load and loss tests',
    '                       (instead of --rate): DNP3 analog input events (g32v3, class 2,',
    '                       unsolicited once enabled) of ai:0.. in turn, each point counting',
    '                       1, 2, 3...; IEC 104 spontaneous M_ME_NC_1 at ioa:4001 whose value',
    '                       is the sequence number 0, 1, 2... of the connection. A gap is a loss.',
    '  --files DIR          serve the files of DIR read-only by file transfer.',
    '                       DNP3 (g70): a master lists a directory (/ is DIR) and reads files;',
    '                       paths outside DIR are refused PERMISSION_DENIED, a missing one',
    '                       FILE_NOT_FOUND, more than 4 open at once TOO_MANY_OPEN.',
    '                       IEC 104: the regular files of DIR (F_SC, F_FR,',
    '                       F_SR, F_SG, F_LS, F_AF; directory F_DR_TA_1). Each file is named by a',
    '                       NOF at the directory IOA: the sorted names get NOF 1..n at start, a',
    '                       file added later the next number, and a file keeps its number while',
    '                       the simulator runs (read it as IOA/NOF, e.g. 4096/1). A change of DIR',
    '                       is reported spontaneously (F_DR_TA_1, COT 3). Subfolders are not',
    '                       served; a file leading outside DIR (a symbolic link) is refused and',
    '                       never read (logged on stderr)',
    '  --file-password P    DNP3 with --files: reading a file needs this password (any user name):',
    '                       the master authenticates (AUTHENTICATE_FILE, g70v2) for a one-time key',
    '  --file-ioa N         IEC 104: IOA of the directory (default 4096)',
    '  --file-section-size N  IEC 104: octets per section (default 2048)',
    '  --file-segment-size N  IEC 104: octets per segment (default 236, the most one APDU carries)',
    '  --file-eager-sections  IEC 104: announce the next section right after the last segment of',
    '                       one, as some devices do, instead of waiting for its acknowledgement',
    '                       (F_AF_NA_1) as the standard sequence does',
    '  --file-corrupt-checksum section|file  IEC 104: send a wrong checksum, of the first section',
    '                       of every transfer or of the whole file (to test a master)',
    'To simulate a device configured well or badly (for `security`):',
    '  --tls-min-version V  lowest TLS version served: TLSv1, TLSv1.1, TLSv1.2 (default), TLSv1.3',
    '  --tls-max-version V  highest TLS version served (default TLSv1.3)',
    '  --tls-ciphers LIST   OpenSSL cipher list for TLS 1.2 and older, e.g. AES128-SHA',
    '  --no-client-cert     serve TLS clients without a certificate (no mutual authentication)',
    '  --plain-port N       with --tls: also serve the device over plain TCP on port N',
    '  --any-master         DNP3: answer requests from any master address',
    '  --sa-update-key FILE DNP3: enforce Secure Authentication v5 (IEEE 1815-2012 clause 7) with',
    '                       this update key (64 hex digits for AES-256, or 32; mode 0600): every',
    '                       critical request (operate, direct operate, write, restarts) is',
    '                       challenged and executed only when the reply authenticates the user;',
    '                       refusals are logged on stderr by name (SA_AUTHENTICATION_FAILED, ...);',
    '                       over TCP, TLS, UDP and --serial alike (every outstation of the line)',
    '  --sa-user N          DNP3 SA: the user number of the update key (default 1)',
    '  --sa-role R          DNP3 SA: viewer (no controls), operator (controls) or engineer',
    '                       (every critical function; default)',
    '  --sa-aggressive      DNP3 SA: accept aggressive mode requests (g120v3 ... g120v9);',
    '                       without it they are refused AGGRESSIVE_MODE_NOT_PERMITTED',
    '  --sa-critical FC,... DNP3 SA: also challenge these function codes (e.g. 20,21 for ENABLE/',
    '                       DISABLE_UNSOLICITED) beyond WRITE, SELECT, OPERATE, DIRECT_OPERATE(_NR)',
    '                       and the restarts',
    '  --serial PATH        DNP3 on a serial port instead of TCP (e.g. /dev/ttyUSB0, COM3); the',
    '                       port stays open until interrupted and is re-opened when it is lost',
    '  --baud N             serial: baud rate (default 9600)',
    '  --parity P           serial: none, even or odd (default none)',
    '  --databits N         serial: 7 or 8 (default 8)',
    '  --stopbits N         serial: 1 or 2 (default 1)',
    '  --rs485              serial: drive RTS while sending (RS-485 direction control)',
    '  --outstation N ...   with --serial, repeat it for a multidrop line: one simulator answers',
    '                       each address as its own device (sim dnp3 --serial /dev/ttyUSB1',
    '                       --outstation 10 --outstation 11)',
  ].join('\n'),
  options: {
    host: { type: 'string' },
    port: { type: 'string' },
    points: { type: 'string' },
    rate: { type: 'string' },
    tls: { type: 'boolean' },
    'ca-file': { type: 'string' },
    cert: { type: 'string' },
    key: { type: 'string' },
    udp: { type: 'boolean' },
    outstation: { type: 'string', multiple: true },
    serial: { type: 'string' },
    baud: { type: 'string' },
    parity: { type: 'string' },
    databits: { type: 'string' },
    stopbits: { type: 'string' },
    rs485: { type: 'boolean' },
    master: { type: 'string' },
    ca: { type: 'string' },
    'max-connections': { type: 'string' },
    'no-actterm': { type: 'boolean' },
    'actterm-delay': { type: 'string' },
    'control-status': { type: 'string' },
    responses: { type: 'string' },
    flood: { type: 'string' },
    'tls-min-version': { type: 'string' },
    'tls-max-version': { type: 'string' },
    'tls-ciphers': { type: 'string' },
    'no-client-cert': { type: 'boolean' },
    'plain-port': { type: 'string' },
    'any-master': { type: 'boolean' },
    stations: { type: 'string' },
    'sa-update-key': { type: 'string' },
    'sa-user': { type: 'string' },
    'sa-role': { type: 'string' },
    'sa-aggressive': { type: 'boolean' },
    'sa-critical': { type: 'string' },
    files: { type: 'string' },
    'file-ioa': { type: 'string' },
    'file-section-size': { type: 'string' },
    'file-segment-size': { type: 'string' },
    'file-eager-sections': { type: 'boolean' },
    'file-corrupt-checksum': { type: 'string' },
    'file-password': { type: 'string' },
  },
  async run(args, io) {
    const protocol = onePositional(args, 'sim', 'the protocol (dnp3 or iec104)');
    if (protocol !== 'dnp3' && protocol !== 'iec104') throw new CliError(EXIT.USAGE, `sim: protocol must be dnp3 or iec104, got '${protocol}'`);
    const serial = stringOption(args, 'serial');
    if (serial !== undefined) {
      if (protocol !== 'dnp3') throw new CliError(EXIT.USAGE, 'sim: --serial is for DNP3');
      return runSerial(args, io, serial);
    }
    const serialOnly = SERIAL_ONLY.find((name) => stringOption(args, name) !== undefined) ?? (flag(args, 'rs485') ? 'rs485' : undefined);
    if (serialOnly) throw new CliError(EXIT.USAGE, `sim: --${serialOnly} needs --serial PATH`);
    if (stringList(args, 'outstation').length > 1) throw new CliError(EXIT.USAGE, 'sim: several --outstation addresses need --serial (a multidrop line)');
    const tls = flag(args, 'tls');
    const udp = flag(args, 'udp');
    if (udp && (tls || protocol !== 'dnp3')) throw new CliError(EXIT.USAGE, 'sim: --udp is for DNP3 without TLS');
    const files = { caFile: stringOption(args, 'ca-file'), certFile: stringOption(args, 'cert'), keyFile: stringOption(args, 'key') };
    if (tls && (!files.caFile || !files.certFile || !files.keyFile)) throw new CliError(EXIT.USAGE, 'sim: --tls needs --ca-file, --cert and --key');
    const defaultPort = protocol === 'dnp3' ? 20000 : tls ? 19998 : 2404;
    const maxConnections = stringOption(args, 'max-connections');
    const points = intOption(args, 'points', 10, 0, 10_000);
    const scripted = await scriptAndFlood(args, protocol, points);
    const sa = secureAuth(args, protocol);
    const served = fileServing(args, protocol);
    const options: SimulatorOptions = {
      protocol,
      host: stringOption(args, 'host') ?? '127.0.0.1',
      port: intOption(args, 'port', defaultPort, 0, 65535),
      points,
      rate: intOption(args, 'rate', 1, 0, 100_000),
      udp,
      outstationAddress: intOption(args, 'outstation', 10, 0, 65519),
      masterAddress: intOption(args, 'master', 1, 0, 65519),
      commonAddress: intOption(args, 'ca', 1, 1, 65534),
      ...(tls ? { tls: { caFile: files.caFile!, certFile: files.certFile!, keyFile: files.keyFile! } } : {}),
      ...(maxConnections !== undefined ? { maxConnections: intOption(args, 'max-connections', 1, 0, 1000) } : {}),
      ...commandBehaviour(args, protocol),
      ...scripted,
      ...securityBehaviour(args, protocol, tls),
      ...sa,
      ...served,
      onFileRefused: (line) => io.err(`file not served: ${line}`),
      onRefused: refusedLine(io),
      onConnection: (c, error) => io.err(`${error ? 'master left' : 'master connected'}: ${describePeer(c)}${error ? ` (${error.message})` : ''}`),
      onRejected: (r, remote) => io.err(rejectionLine(r, remote)),
    };
    const stations = intOption(args, 'stations', 1, 1, MAX_STATIONS);
    if (stations > 1) return runSet(options, stations, io);
    const started = await startSimulator(options);
    if (!started.ok) throw new CliError(EXIT.CONNECTION, `sim: cannot listen: ${started.error.message}`);
    io.out(`${protocol === 'dnp3' ? 'DNP3 outstation' : 'IEC 104 controlled station'} simulator listening on ${started.value.url}`);
    if (started.value.plainPort !== undefined) io.out(`plain TCP beside TLS on port ${started.value.plainPort}`);
    io.out(protocol === 'dnp3' ? 'points:' : 'commands:');
    for (const line of started.value.addresses) io.out(`  ${line}`);
    for (const line of started.value.details) io.out(line);
    if (scripted.scripted) io.out(`scripted answers: ${scripted.scripted.length} from ${stringOption(args, 'responses')}`);
    if (sa.secureAuth) io.out(secureAuthLine(sa.secureAuth));
    if (served.files && protocol === 'dnp3') io.out(`files: ${served.files.directory} served read-only (g70)${served.files.password !== undefined ? ', reading a file needs the password (g70v2)' : ''}`);
    await io.interrupted;
    await started.value.close();
    return EXIT.OK;
  },
};
