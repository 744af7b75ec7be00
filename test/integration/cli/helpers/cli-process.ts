/**
 * Runs the real CLI entry (`node tsx main.ts`) as a child process, for exit codes, stdout
 * and interruption as scripts see them.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { resolve } from 'node:path';

const ROOT = resolve(import.meta.dirname, '../../../..');
const ARGS = [resolve(ROOT, 'node_modules/tsx/dist/cli.mjs'), resolve(ROOT, 'src-main/host/cli/main.ts')];

/** Output and exit code of a finished run. */
export interface ProcessRun {
  code: number | null;
  stdout: string;
  stderr: string;
}

/** Runs the CLI to completion. */
export function runProcess(argv: string[]): Promise<ProcessRun> {
  return new Promise((done) => {
    const child = spawn(process.execPath, [...ARGS, ...argv], { cwd: ROOT, stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (c: Buffer) => (stdout += c.toString()));
    child.stderr.on('data', (c: Buffer) => (stderr += c.toString()));
    child.on('close', (code) => done({ code, stdout, stderr }));
  });
}

/** A long-running CLI child (e.g. `sim`) and the first line it printed. */
export interface RunningProcess {
  child: ChildProcess;
  firstLine: string;
  /** Everything it printed on stderr so far. */
  stderr(): string;
  /** Sends SIGINT and resolves with the exit code. */
  interrupt(): Promise<number | null>;
}

/** Starts the CLI and waits for its first line on stdout. */
export function startProcess(argv: string[]): Promise<RunningProcess> {
  const child = spawn(process.execPath, [...ARGS, ...argv], { cwd: ROOT, stdio: ['ignore', 'pipe', 'pipe'] });
  const exited = new Promise<number | null>((r) => child.once('exit', (code) => r(code)));
  return new Promise((resolveStart, reject) => {
    let out = '';
    let err = '';
    child.stderr.on('data', (c: Buffer) => (err += c.toString()));
    child.stdout.on('data', (c: Buffer) => {
      out += c.toString();
      const nl = out.indexOf('\n');
      if (nl >= 0) {
        resolveStart({
          child,
          firstLine: out.slice(0, nl),
          stderr: () => err,
          interrupt: () => {
            child.kill('SIGINT');
            return exited;
          },
        });
      }
    });
    void exited.then((code) => reject(new Error(`CLI exited ${code} before printing: ${err}`)));
  });
}
