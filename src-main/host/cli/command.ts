import type { ParseArgsConfig } from 'node:util';

/** Where a command writes; tests pass their own. */
export interface CliIo {
  out(line: string): void;
  err(line: string): void;
  /** Resolves when the user interrupts (Ctrl+C) a long-running command. */
  interrupted: Promise<void>;
  /** Standard input, for commands that read a stream (`monitor --pcap -`). */
  stdin?: AsyncIterable<Uint8Array>;
}

/** What node:util parseArgs produced for a command. */
export interface ParsedArgs {
  values: Record<string, string | boolean | Array<string | boolean> | undefined>;
  positionals: string[];
}

/** One subcommand of the CLI: its own options, help text and action. */
export interface CliCommand {
  name: string;
  /** One line for the command list. */
  summary: string;
  /** Full usage text for `<command> --help`. */
  usage: string;
  options: NonNullable<ParseArgsConfig['options']>;
  /** Runs the command; resolves to the exit code. Throws CliError for expected failures. */
  run(args: ParsedArgs, io: CliIo): Promise<number>;
}
