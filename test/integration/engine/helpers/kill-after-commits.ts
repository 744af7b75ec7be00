/**
 * The SIGKILL durability tests' child runner: starts a child script that prints
 * `committed N` whenever everything up to N is committed, waits until N reaches a
 * threshold, kills the child with SIGKILL and returns the last N it reported.
 */
import { spawn } from 'node:child_process';

/** Runs `script` (a .ts file run with tsx) on `file`, kills it once `threshold` is committed; returns the committed count. */
export async function killAfterCommits(script: string, file: string, threshold: number, timeoutMs = 30_000): Promise<number> {
  const child = spawn(process.execPath, ['--import', 'tsx', script, file], { stdio: ['ignore', 'pipe', 'pipe'] });
  let committed = 0;
  let stderr = '';
  child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
  await new Promise<void>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`child reported only ${committed} committed; stderr: ${stderr}`)), timeoutMs);
    child.stdout.on('data', (chunk: Buffer) => {
      for (const line of chunk.toString().split('\n')) {
        const match = /^committed (\d+)$/.exec(line);
        if (match) committed = Math.max(committed, Number(match[1]));
      }
      if (committed >= threshold) {
        clearTimeout(timer);
        resolve();
      }
    });
    child.once('exit', (code) => reject(new Error(`child exited early (${code}): ${stderr}`)));
  });
  const exited = new Promise((resolve) => child.once('exit', resolve));
  child.kill('SIGKILL');
  await exited;
  return committed;
}
