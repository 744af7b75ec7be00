import { startSimulator } from '../../../commissioning/target/simulator';
import type { CliCommand } from '../command';
import { CliError, EXIT } from '../exit-codes';
import { flag, intOption, onePositional, stringOption } from '../options';

/** `sim dnp3|iec104`: a built-in simulator in the foreground until interrupted. */
export const simCommand: CliCommand = {
  name: 'sim',
  summary: 'run the built-in DNP3 outstation or IEC 104 station simulator (prints its URL)',
  usage: [
    'usage: switchyard sim dnp3|iec104 [--host 127.0.0.1] [--port N] [--points N] [--rate N] [--tls ...]',
    '',
    'Runs a simulator in the foreground until interrupted (Ctrl+C) and prints the URL a',
    'master reaches it with, then its addresses: DNP3 the point ranges of each type, IEC 104',
    'the command addresses with their type and status point. The simulated device keeps one',
    'database across connections: what one master commanded, the next one reads.',
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
    outstation: { type: 'string' },
    master: { type: 'string' },
    ca: { type: 'string' },
    'max-connections': { type: 'string' },
  },
  async run(args, io) {
    const protocol = onePositional(args, 'sim', 'the protocol (dnp3 or iec104)');
    if (protocol !== 'dnp3' && protocol !== 'iec104') throw new CliError(EXIT.USAGE, `sim: protocol must be dnp3 or iec104, got '${protocol}'`);
    const tls = flag(args, 'tls');
    const udp = flag(args, 'udp');
    if (udp && (tls || protocol !== 'dnp3')) throw new CliError(EXIT.USAGE, 'sim: --udp is for DNP3 without TLS');
    const files = { caFile: stringOption(args, 'ca-file'), certFile: stringOption(args, 'cert'), keyFile: stringOption(args, 'key') };
    if (tls && (!files.caFile || !files.certFile || !files.keyFile)) throw new CliError(EXIT.USAGE, 'sim: --tls needs --ca-file, --cert and --key');
    const defaultPort = protocol === 'dnp3' ? 20000 : tls ? 19998 : 2404;
    const maxConnections = stringOption(args, 'max-connections');
    const started = await startSimulator({
      protocol,
      host: stringOption(args, 'host') ?? '127.0.0.1',
      port: intOption(args, 'port', defaultPort, 0, 65535),
      points: intOption(args, 'points', 10, 0, 10_000),
      rate: intOption(args, 'rate', 1, 0, 100_000),
      udp,
      outstationAddress: intOption(args, 'outstation', 10, 0, 65519),
      masterAddress: intOption(args, 'master', 1, 0, 65519),
      commonAddress: intOption(args, 'ca', 1, 1, 65534),
      ...(tls ? { tls: { caFile: files.caFile!, certFile: files.certFile!, keyFile: files.keyFile! } } : {}),
      ...(maxConnections !== undefined ? { maxConnections: intOption(args, 'max-connections', 1, 0, 1000) } : {}),
      onConnection: (c, error) => io.err(`${error ? 'master left' : 'master connected'}: ${c.remote.address}:${c.remote.port}${error ? ` (${error.message})` : ''}`),
    });
    if (!started.ok) throw new CliError(EXIT.CONNECTION, `sim: cannot listen: ${started.error.message}`);
    io.out(`${protocol === 'dnp3' ? 'DNP3 outstation' : 'IEC 104 controlled station'} simulator listening on ${started.value.url}`);
    io.out(protocol === 'dnp3' ? 'points:' : 'commands:');
    for (const line of started.value.addresses) io.out(`  ${line}`);
    await io.interrupted;
    await started.value.close();
    return EXIT.OK;
  },
};
