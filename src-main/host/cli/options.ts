/**
 * Reading parsed option values with the CLI's usage errors (exit 2, one line).
 */
import { readFile } from 'node:fs/promises';
import type { ParsedArgs } from './command';
import { CliError, EXIT } from './exit-codes';

/** A string option, or undefined when absent. */
export function stringOption(args: ParsedArgs, name: string): string | undefined {
  const v = args.values[name];
  if (Array.isArray(v)) return v.length > 0 ? String(v[v.length - 1]) : undefined;
  return typeof v === 'string' ? v : undefined;
}

/** Every value of a repeatable string option. */
export function stringList(args: ParsedArgs, name: string): string[] {
  const v = args.values[name];
  if (v === undefined) return [];
  return (Array.isArray(v) ? v : [v]).filter((x): x is string => typeof x === 'string');
}

/** True when a boolean flag was given. */
export function flag(args: ParsedArgs, name: string): boolean {
  return args.values[name] === true;
}

/** Parses a whole number within [min, max]; usage error naming the option otherwise. */
export function parseInteger(text: string, option: string, min: number, max: number): number {
  const n = Number(text);
  if (text.trim() === '' || !Number.isInteger(n) || n < min || n > max) {
    throw new CliError(EXIT.USAGE, `${option} must be a whole number ${min}-${max}, got '${text}'`);
  }
  return n;
}

/** An integer option with a default. */
export function intOption(args: ParsedArgs, name: string, fallback: number, min: number, max: number): number {
  const text = stringOption(args, name);
  return text === undefined ? fallback : parseInteger(text, `--${name}`, min, max);
}

/** A positive number of seconds (fractions allowed), or the default. */
export function secondsOption(args: ParsedArgs, name: string, fallback: number | undefined): number | undefined {
  const text = stringOption(args, name);
  if (text === undefined) return fallback;
  const n = Number(text);
  if (text.trim() === '' || !Number.isFinite(n) || n <= 0) {
    const why = n < 0 ? ': a negative time means nothing' : '';
    throw new CliError(EXIT.USAGE, `--${name} must be a positive number of seconds, got '${text}'${why}`);
  }
  return n;
}

/** Exactly one positional argument named `what`. */
export function onePositional(args: ParsedArgs, command: string, what: string): string {
  if (args.positionals.length === 0) throw new CliError(EXIT.USAGE, `${command}: missing ${what} (see ${command} --help)`);
  if (args.positionals.length > 1) throw new CliError(EXIT.USAGE, `${command}: unexpected argument '${args.positionals[1]}'`);
  return args.positionals[0]!;
}

/** The JSON in the file an option names (`--ranges FILE.json`), or undefined when the option is absent; usage error when it cannot be read or parsed. */
export async function jsonFileOption(args: ParsedArgs, name: string, command: string): Promise<unknown> {
  const file = stringOption(args, name);
  if (file === undefined) return undefined;
  try {
    return JSON.parse(await readFile(file, 'utf8')) as unknown;
  } catch (error) {
    throw new CliError(EXIT.USAGE, `${command}: cannot read --${name} ${file}: ${(error as Error).message}`);
  }
}
