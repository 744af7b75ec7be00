/**
 * Which ports `decode` decodes as which protocol (the standard ports, `--dnp3-port`,
 * `--iec104-port`, and tshark-like `--port N=dnp3|iec104` mappings), and the hints it
 * prints when a capture carries traffic on a port no decoder was set for.
 */
import type { DecodePorts, OtherPort, ProtocolSignature } from '../../commissioning/capture-file';
import type { ParsedArgs } from './command';
import { CliError, EXIT } from './exit-codes';
import { parseInteger, stringList } from './options';

type Decoded = 'dnp3' | 'iec104';

const NAMES: Record<Decoded, string> = { dnp3: 'DNP3', iec104: 'IEC 104' };

function portList(args: ParsedArgs, name: string, fallback: readonly number[]): number[] {
  const values = stringList(args, name);
  return values.length === 0 ? [...fallback] : values.map((v) => parseInteger(v, `--${name}`, 1, 65535));
}

/** One `--port N=PROTO` mapping. */
function parseMapping(text: string): { port: number; protocol: Decoded } {
  const m = /^(\d+)=(dnp3|iec104)$/.exec(text.trim());
  if (!m) throw new CliError(EXIT.USAGE, `decode: --port takes PORT=dnp3 or PORT=iec104 (e.g. --port 2405=iec104), got '${text}'`);
  return { port: parseInteger(m[1]!, 'decode: --port', 1, 65535), protocol: m[2] as Decoded };
}

/**
 * The ports to decode: `--dnp3-port` / `--iec104-port` replace a protocol's standard
 * ports; each `--port N=PROTO` then decodes port N as PROTO on top of them (as tshark's
 * `-d` does), taking it from the other protocol if it was there.
 */
export function decodePortsOf(args: ParsedArgs, defaults: DecodePorts): DecodePorts {
  const ports: Record<Decoded, number[]> = { dnp3: portList(args, 'dnp3-port', defaults.dnp3), iec104: portList(args, 'iec104-port', defaults.iec104) };
  for (const { port, protocol } of stringList(args, 'port').map(parseMapping)) {
    const other: Decoded = protocol === 'dnp3' ? 'iec104' : 'dnp3';
    ports[other] = ports[other].filter((p) => p !== port);
    if (!ports[protocol].includes(port)) ports[protocol].push(port);
  }
  return ports;
}

const decodable = (s: ProtocolSignature | null): s is Decoded => s === 'dnp3' || s === 'iec104';

/**
 * Lines telling the engineer about undecoded ports: each one whose payload looks like
 * DNP3 or IEC 104, with the `--port` that decodes it; and when nothing was decoded at
 * all, the busiest ports seen.
 */
export function portHints(otherPorts: readonly OtherPort[], decodedRecords: number, ports: DecodePorts): string[] {
  const hints = otherPorts
    .filter((o) => decodable(o.looksLike))
    .map((o) => `port ${o.port}/${o.transport} carries what looks like ${NAMES[o.looksLike as Decoded]} (${o.packets} packets): decode it with --port ${o.port}=${o.looksLike}`);
  if (decodedRecords > 0 || hints.length > 0) return hints;
  const standard = [...ports.dnp3, ...ports.iec104].join(', ');
  if (otherPorts.length === 0) return [`no DNP3 or IEC 104 on ports ${standard}, and no other TCP or UDP traffic in the capture`];
  const seen = otherPorts.slice(0, 5).map((o) => `${o.port}/${o.transport} (${o.packets} packets)`);
  return [`no DNP3 or IEC 104 on ports ${standard}; the capture has traffic on ${seen.join(', ')}: map a port with --port N=dnp3 or --port N=iec104`];
}
