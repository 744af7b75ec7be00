import { parseArgs } from 'node:util';
import type { CliCommand, CliIo } from './command';
import { CliError, EXIT } from './exit-codes';

function overview(commands: readonly CliCommand[], version: string): string {
  const width = Math.max(...commands.map((c) => c.name.length));
  return [
    `Switchyard ${version}: DNP3 and IEC 60870-5-104 master, simulators and commissioning tools`,
    '',
    'usage: npm run cli -- <command> [options]     (`<command> --help` for its options)',
    '',
    'commands:',
    ...commands.map((c) => `  ${c.name.padEnd(width)}  ${c.summary}`),
    '',
    'targets: dnp3://host:20000?master=1&outstation=10, dnp3+udp://..., dnp3+tls://...?ca-file=&cert=&key=,',
    '         dnp3+serial:///dev/ttyUSB0?baud=9600&parity=none&databits=8&stopbits=1&master=1&outstation=10',
    '         (also rs485=1, gap-ms=N), iec104://host:2404?ca=1, iec104+tls://...',
    '',
    'options: --help, --version',
    'exit codes: 0 ok, 2 usage, 3 connection failure, 4 protocol failure, 5 command failed',
  ].join('\n');
}

const NEGATIVE_NUMBER = /^-(\d|\.\d)/;

/**
 * Joins a string option and a negative number after it (`--value -300` becomes
 * `--value=-300`): node:util parseArgs takes a value starting with `-` for an option and
 * refuses it as ambiguous. The command then judges the number (a set-point may be
 * negative, a duration may not).
 */
function joinNegativeValues(args: readonly string[], options: CliCommand['options']): string[] {
  const joined: string[] = [];
  for (let i = 0; i < args.length; i++) {
    const arg = args[i]!;
    const next = args[i + 1];
    const name = arg.startsWith('--') ? arg.slice(2) : null;
    if (name !== null && options[name]?.type === 'string' && next !== undefined && NEGATIVE_NUMBER.test(next)) {
      joined.push(`${arg}=${next}`);
      i++;
    } else {
      joined.push(arg);
    }
  }
  return joined;
}

/** Turns node:util parseArgs errors into the one-line reasons the CLI prints. */
function usageError(error: unknown, command: string): CliError {
  const message = error instanceof Error ? error.message : String(error);
  const unknown = /Unknown option '([^']+)'/.exec(message);
  if (unknown) return new CliError(EXIT.USAGE, `${command}: unknown option ${unknown[1]} (see ${command} --help)`);
  return new CliError(EXIT.USAGE, `${command}: ${message.split('\n')[0]}`);
}

/**
 * Runs the command line `argv` (without node and the script) and resolves to the exit
 * code. Every failure prints exactly one line on stderr.
 */
export async function runCli(argv: readonly string[], commands: readonly CliCommand[], version: string, io: CliIo): Promise<number> {
  const [first, ...rest] = argv;
  if (first === undefined || first === '--help' || first === '-h' || first === 'help') {
    io.out(overview(commands, version));
    return EXIT.OK;
  }
  if (first === '--version' || first === '-V') {
    io.out(version);
    return EXIT.OK;
  }
  const command = commands.find((c) => c.name === first);
  try {
    if (!command) {
      throw new CliError(EXIT.USAGE, first.startsWith('-') ? `unknown option ${first} (see --help)` : `unknown command '${first}' (see --help)`);
    }
    if (rest.includes('--help') || rest.includes('-h')) {
      io.out(command.usage);
      return EXIT.OK;
    }
    let parsed;
    try {
      parsed = parseArgs({ args: joinNegativeValues(rest, command.options), options: command.options, allowPositionals: true, strict: true });
    } catch (error) {
      throw usageError(error, command.name);
    }
    return await command.run(parsed, io);
  } catch (error) {
    if (error instanceof CliError) {
      io.err(`switchyard: ${error.message}`);
      return error.exitCode;
    }
    io.err(`switchyard: internal error: ${error instanceof Error ? error.message : String(error)}`);
    return 1;
  }
}
