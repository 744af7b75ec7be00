import { DEFAULT_DECODE_PORTS, decodeCaptureFile } from '../../../commissioning/capture-file';
import type { CliCommand } from '../command';
import { decodePortsOf, portHints } from '../decode-ports';
import { CliError, EXIT } from '../exit-codes';
import { flag, onePositional } from '../options';
import { recordLine } from '../record-line';

/** `decode <file>`: every DNP3 fragment and IEC 104 APDU of a pcap/pcapng capture. */
export const decodeCommand: CliCommand = {
  name: 'decode',
  summary: 'decode every DNP3 and IEC 104 frame of a pcap or pcapng capture',
  usage: [
    'usage: switchyard decode <file.pcap|file.pcapng> [--port N=dnp3|iec104]... [--dnp3-port N]... [--iec104-port N]... [--json]',
    '',
    'Decodes DNP3 (one record per application fragment) and IEC 104 (one per APDU) as the',
    'analyzer does. Frames that cannot be decoded are reported with their error code.',
    'Decoding runs in a worker with bounded state (1024 flows, 256 DNP3 address pairs with a',
    'fragment in progress per flow); a bound that is reached is named in a warning.',
    'Traffic on other ports is named on stderr, with the --port that decodes it.',
    '  --port N=PROTO   also decode port N as dnp3 or iec104, like tshark -d (repeatable),',
    '                   e.g. --port 2405=iec104 --port 20001=dnp3',
    '  --dnp3-port N    DNP3 port instead of 20000 (repeatable)',
    '  --iec104-port N  IEC 104 port instead of 2404 and 19998 (repeatable)',
    '  --json           one JSON object per line',
    'Exit 2 when the file cannot be read or is not a pcap/pcapng capture.',
  ].join('\n'),
  options: {
    port: { type: 'string', multiple: true },
    'dnp3-port': { type: 'string', multiple: true },
    'iec104-port': { type: 'string', multiple: true },
    json: { type: 'boolean' },
  },
  async run(args, io) {
    const file = onePositional(args, 'decode', 'the capture file');
    const ports = decodePortsOf(args, DEFAULT_DECODE_PORTS);
    const decoded = await decodeCaptureFile(file, ports);
    // An unreadable file or one that is not a capture is the caller's mistake: a usage error.
    if (!decoded.ok) throw new CliError(EXIT.USAGE, `decode: ${decoded.error.code}: ${decoded.error.message}`);
    const { records, frames, format, warnings, otherPorts } = decoded.value;
    const json = flag(args, 'json');
    for (const r of records) io.out(json ? JSON.stringify(r) : recordLine(r));
    for (const w of warnings) io.err(`warning: ${w}`);
    for (const hint of portHints(otherPorts, records.length, ports)) io.err(`hint: ${hint}`);
    if (!json) {
      const errors = records.filter((r) => r.error !== undefined).length;
      const dnp3 = records.filter((r) => r.protocol === 'dnp3').length;
      io.out(`${format}, ${frames} frames: ${dnp3} DNP3 fragments, ${records.length - dnp3} IEC 104 APDUs, ${errors} undecodable`);
    }
    return EXIT.OK;
  },
};
