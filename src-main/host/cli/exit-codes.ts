/** Exit codes of the command-line tool (CLI.md): a contract with scripts that call it. */
export const EXIT = {
  OK: 0,
  /** Bad URL, unknown point, missing value, unknown command or flag. */
  USAGE: 2,
  /** Refused, timed out, unreachable, DNS. */
  CONNECTION: 3,
  /** No answer, wrong address or common address, TLS failure. */
  PROTOCOL: 4,
  /** Refused, negative confirm, timeout of a command. */
  COMMAND: 5,
} as const;

/** A failure that ends the command with an exit code and a one-line reason. */
export class CliError extends Error {
  constructor(
    readonly exitCode: number,
    message: string,
  ) {
    super(message);
  }
}
