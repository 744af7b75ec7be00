/**
 * `monitor`: watch a live DNP3 / IEC 104 link without taking part, either as a transparent
 * relay between the master and its outstation (`--listen` / `--forward`, with `--out` for a
 * pcap) or by reading a live capture stream (`--pcap -` from tcpdump, or a file).
 */
import { createReadStream } from 'node:fs';
import { DEFAULT_DECODE_PORTS } from '../../../commissioning/capture-file';
import { formatHostPort, monitorCaptureStream, parseHostPort, protocolByPort, startRelayMonitor, type HostPort, type MonitorSink } from '../../../commissioning/monitor';
import type { PointUpdate } from '../../../../src-shared/session';
import type { CliCommand, CliIo, ParsedArgs } from '../command';
import { decodePortsOf } from '../decode-ports';
import { CliError, EXIT } from '../exit-codes';
import { flag, secondsOption, stringOption } from '../options';
import { recordLine } from '../record-line';
import { pointJson } from '../target-cli';

const PROTOCOLS = ['dnp3', 'iec104'] as const;
const RELAY_ONLY = ['listen', 'forward', 'out', 'protocol', 'timeout'];
const PCAP_ONLY = ['port', 'dnp3-port', 'iec104-port'];

function address(args: ParsedArgs, name: 'listen' | 'forward'): HostPort {
  const text = stringOption(args, name);
  if (text === undefined) throw new CliError(EXIT.USAGE, `monitor: missing --${name} HOST:PORT (or --pcap - to read a capture stream)`);
  const parsed = parseHostPort(text, name === 'listen');
  if (!parsed.ok) throw new CliError(EXIT.USAGE, `monitor: --${name} ${parsed.error.message}`);
  return parsed.value;
}

function refuseOptions(args: ParsedArgs, names: string[], mode: string): void {
  const given = names.find((n) => args.values[n] !== undefined);
  if (given) throw new CliError(EXIT.USAGE, `monitor: --${given} does not apply to ${mode}`);
}

/** Prints the values a frame carried (`--values`). */
function printValues(io: CliIo, json: boolean, frame: number, updates: PointUpdate[], connection?: number): void {
  for (const u of updates) {
    const ca = u.commonAddress === undefined ? {} : { commonAddress: u.commonAddress };
    if (json) io.out(JSON.stringify({ kind: 'value', frame, ...(connection ? { connection } : {}), ...ca, ...pointJson(u) }));
    else io.out(`#${frame}${connection ? ` c${connection}` : ''} value ${u.ref}${u.commonAddress === undefined ? '' : `@${u.commonAddress}`} = ${String(u.value)} ${u.type} ${u.quality.join(',')}`);
  }
}

/** Resolves after `--duration`, or never. */
function durationOf(args: ParsedArgs): Promise<void> {
  const seconds = secondsOption(args, 'duration', undefined);
  return seconds === undefined ? new Promise(() => undefined) : new Promise((resolve) => setTimeout(resolve, seconds * 1000).unref());
}

const end = (e: { address: string; port: number }): string => formatHostPort({ host: e.address, port: e.port });

/** Prints what the relay reports: records and values on stdout, connections on stderr (or all as JSON lines). */
function relayPrinter(io: CliIo, json: boolean, values: boolean): { sink: MonitorSink; counts: { connections: number; records: number } } {
  const counts = { connections: 0, records: 0 };
  const sink: MonitorSink = {
    opened(c) {
      counts.connections++;
      if (json) io.out(JSON.stringify({ kind: 'connection', connection: c.id, state: 'opened', master: c.master, outstation: c.outstation }));
      else io.err(`c${c.id} opened: master ${end(c.master)} -> outstation ${end(c.outstation)}`);
    },
    closed(c, reason) {
      if (json) io.out(JSON.stringify({ kind: 'connection', connection: c.id, state: 'closed', reason: reason.code, message: reason.message }));
      else io.err(`c${c.id} closed: ${reason.code}: ${reason.message}`);
    },
    record(c, r, direction) {
      counts.records++;
      if (json) io.out(JSON.stringify({ ...r, connection: c.id, direction }));
      else io.out(recordLine(r).replace(/^#\d+/, (n) => `${n} c${c.id} ${direction === 'tx' ? 'M>O' : 'O>M'}`));
    },
    ...(values ? { points: (c, frame, updates) => printValues(io, json, frame, updates, c.id) } : {}),
    undecoded: (c, why) => io.err(`c${c.id}: ${why}`),
  };
  return { sink, counts };
}

async function runRelay(args: ParsedArgs, io: CliIo): Promise<number> {
  refuseOptions(args, PCAP_ONLY, 'the relay (they are for --pcap)');
  const listen = address(args, 'listen');
  const forward = address(args, 'forward');
  const protocolText = stringOption(args, 'protocol');
  if (protocolText !== undefined && !(PROTOCOLS as readonly string[]).includes(protocolText)) {
    throw new CliError(EXIT.USAGE, `monitor: --protocol takes dnp3 or iec104, got '${protocolText}'`);
  }
  const protocol = protocolText as (typeof PROTOCOLS)[number] | undefined;
  const json = flag(args, 'json');
  const values = flag(args, 'values');
  const out = stringOption(args, 'out');
  const timeout = secondsOption(args, 'timeout', 5)!;
  const printer = relayPrinter(io, json, values);
  const started = await startRelayMonitor({
    listen,
    forward,
    ...(protocol ? { protocol } : {}),
    ...(out !== undefined ? { out } : {}),
    connectTimeoutMs: timeout * 1000,
    sink: printer.sink,
  });
  if (!started.ok) throw new CliError(started.error.code === 'CANNOT_WRITE' ? EXIT.USAGE : EXIT.CONNECTION, `monitor: ${started.error.message}`);
  const monitor = started.value;
  const guessed = protocol ?? protocolByPort(forward.port, listen.port);
  io.err(
    `monitor: relaying ${end(monitor.relay.address)} -> ${formatHostPort(forward)} (${guessed ?? 'protocol told by the first octets'}); nothing of our own is sent. Ctrl+C stops.`,
  );
  await Promise.race([io.interrupted, durationOf(args)]);
  await monitor.stop();
  const file = out === undefined ? '' : `, ${monitor.packets} packets written to ${out}`;
  io.err(`monitor: ${printer.counts.connections} connection(s), ${printer.counts.records} frames decoded${file}`);
  if (monitor.fileError) throw new CliError(EXIT.USAGE, `monitor: writing ${out} failed: ${monitor.fileError}`);
  return EXIT.OK;
}

function pcapSource(path: string, io: CliIo): AsyncIterable<Uint8Array> {
  if (path !== '-') return createReadStream(path);
  if (!io.stdin) throw new CliError(EXIT.USAGE, 'monitor: --pcap - needs a standard input');
  return io.stdin;
}

async function runPcap(path: string, args: ParsedArgs, io: CliIo): Promise<number> {
  refuseOptions(args, RELAY_ONLY, '--pcap (it reads a capture, it relays nothing)');
  const ports = decodePortsOf(args, DEFAULT_DECODE_PORTS);
  const json = flag(args, 'json');
  const values = flag(args, 'values');
  let summary;
  try {
    summary = await monitorCaptureStream(
      pcapSource(path, io),
      ports,
      {
        record: (r) => io.out(json ? JSON.stringify(r) : recordLine(r)),
        ...(values ? { points: (frame: number, updates: PointUpdate[]) => printValues(io, json, frame, updates) } : {}),
      },
      Promise.race([io.interrupted, durationOf(args)]),
    );
  } catch (error) {
    const code = (error as { code?: string }).code ?? String(error);
    throw new CliError(EXIT.USAGE, `monitor: cannot read ${path === '-' ? 'standard input' : path}: ${code}`);
  }
  for (const w of summary.warnings) io.err(`warning: ${w}`);
  const { retransmissions, outOfOrder, gaps } = summary.tcp;
  io.err(
    `monitor: ${summary.format ?? 'no capture'}, ${summary.packets} packets, ${summary.records} frames decoded; TCP: ${retransmissions} retransmitted segment(s) dropped, ${outOfOrder} out-of-order put back in order, ${gaps} gap(s) of octets never captured`,
  );
  if (summary.error) {
    const e = summary.error;
    throw new CliError(EXIT.USAGE, `monitor: ${e.code}: ${e.message}${e.offset === undefined ? '' : ` (stream offset ${e.offset})`}`);
  }
  return EXIT.OK;
}

/** `monitor`: a passive observer of a live link. */
export const monitorCommand: CliCommand = {
  name: 'monitor',
  summary: 'watch a live link without taking part: a transparent relay, or a live pcap stream',
  usage: [
    'usage: switchyard monitor --listen HOST:PORT --forward HOST:PORT [--out FILE.pcap] [--protocol dnp3|iec104]',
    '                          [--values] [--json] [--duration S] [--timeout S]',
    '       switchyard monitor --pcap -|FILE [--port N=dnp3|iec104]... [--dnp3-port N]... [--iec104-port N]...',
    '                          [--values] [--json] [--duration S]',
    '',
    'Observes a master<->outstation link and never sends anything of its own.',
    'Relay: point the master at --listen; each connection it opens is relayed to --forward',
    '(the outstation) octet for octet, both directions, closing one side when the other',
    'closes. Both directions are decoded as `decode` decodes a capture, one line per DNP3',
    'application fragment or IEC 104 APDU: `#FRAME cN M>O ...` (master to outstation) or',
    '`O>M`, FRAME being the frame number in the pcap. Connections are named on stderr.',
    '  --listen HOST:PORT    where the master connects (e.g. 127.0.0.1:20001; port 0 picks one)',
    '  --forward HOST:PORT   the outstation (e.g. 10.0.0.7:20000)',
    '  --out FILE            also write a pcap (Ethernet/IPv4 or IPv6/TCP, sequence numbers that',
    '                        follow the octets: tshark reassembles it; the outstation keeps its port)',
    '  --protocol P          dnp3 or iec104 (default: by the port, 20000 DNP3, 2404 IEC 104, else by',
    '                        the first octets of each connection; TLS is forwarded, not decoded)',
    '  --timeout S           time to connect to the outstation (default 5)',
    'Capture stream: `tcpdump -i eth0 -U -w - port 20000 | switchyard monitor --pcap -` reads',
    'pcap or pcapng as it arrives (- is standard input, else a file), follows each TCP',
    'direction (retransmissions dropped, out-of-order segments put back in order, gaps',
    'counted) and prints the same lines. A stream that is not a capture, is damaged or ends',
    'inside a record exits 2 naming the problem and the frame, after what decoded before it.',
    '  --port N=PROTO  also decode port N as dnp3 or iec104 (repeatable)',
    '  --dnp3-port N   DNP3 port instead of 20000; --iec104-port N  instead of 2404 and 19998',
    'Both:',
    '  --values        also print the point values responses and monitor-direction ASDUs carry',
    '                  (`#FRAME value bi:3 = true g1v2 ONLINE`; read-only: nothing is written)',
    '  --json          one JSON object per line: records as `decode --json` (the relay adds',
    '                  "connection" and "direction": "tx" from the master, "rx" to it); with',
    '                  "kind": "value" the values, with "kind": "connection" opened/closed',
    '  --duration S    stop after S seconds (default: until Ctrl+C, or the end of the stream)',
    'Exit 0 when stopped; 2 usage or a broken capture stream; 3 when --listen cannot be opened.',
  ].join('\n'),
  options: {
    listen: { type: 'string' },
    forward: { type: 'string' },
    out: { type: 'string' },
    protocol: { type: 'string' },
    pcap: { type: 'string' },
    port: { type: 'string', multiple: true },
    'dnp3-port': { type: 'string', multiple: true },
    'iec104-port': { type: 'string', multiple: true },
    values: { type: 'boolean' },
    json: { type: 'boolean' },
    duration: { type: 'string' },
    timeout: { type: 'string' },
  },
  run(args, io) {
    if (args.positionals.length > 0) throw new CliError(EXIT.USAGE, `monitor: unexpected argument '${args.positionals[0]}'`);
    const pcap = stringOption(args, 'pcap');
    return pcap === undefined ? runRelay(args, io) : runPcap(pcap, args, io);
  },
};

