/**
 * Runs one CLI command in-process with captured output (runCli with the command under
 * test), and reads tshark fields from a capture.
 */
import { execFileSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { runCli } from '../../../../src-main/host/cli/cli';
import type { CliCommand, CliIo } from '../../../../src-main/host/cli/command';

/** Captured output of one run. */
export interface CliRun {
  code: number;
  stdout: string[];
  stderr: string[];
}

/** A CliIo that records lines; `interrupt()` ends long-running commands. */
export function captureIo(): CliIo & { stdout: string[]; stderr: string[]; interrupt(): void } {
  const stdout: string[] = [];
  const stderr: string[] = [];
  let interrupt = (): void => undefined;
  const interrupted = new Promise<void>((resolve) => {
    interrupt = resolve;
  });
  return { stdout, stderr, out: (l) => stdout.push(l), err: (l) => stderr.push(l), interrupted, interrupt: () => interrupt() };
}

/** Runs `argv` against `commands` and resolves with the exit code and output. */
export async function runCommand(commands: readonly CliCommand[], argv: string[]): Promise<CliRun> {
  const io = captureIo();
  const code = await runCli(argv, commands, 'test', io);
  return { code, stdout: io.stdout, stderr: io.stderr };
}

/** Path of tshark, when installed. */
const TSHARK = '/usr/bin/tshark';

/** True when tshark can be used. */
export function hasTshark(): boolean {
  return existsSync(TSHARK);
}

/** tshark `-T fields` rows (tab-separated) of a capture, with decode-as rules. */
export function tsharkFields(file: string, decodeAs: string[], fields: string[], filter?: string): string[][] {
  const args = ['-r', file, ...decodeAs.flatMap((d) => ['-d', d]), '-T', 'fields', ...fields.flatMap((f) => ['-e', f])];
  if (filter) args.push('-Y', filter);
  const text = execFileSync(TSHARK, args, { encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'] });
  return text
    .split('\n')
    .filter((l) => l.length > 0)
    .map((l) => l.split('\t'));
}
