/**
 * The child processes of the scale benchmark: the CLI's `sim dnp3|iec104 --stations K`
 * (many simulated stations in one process; `node --import tsx`, so the pid is the simulator's), a Sparkplug subscriber counting what the broker
 * delivers, and their CPU time read from /proc.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';

const ROOT = resolve(import.meta.dirname, '../../..');

/** A child process and how to end it. */
export interface Child {
  child: ChildProcess;
  /** Sends SIGINT and waits for the exit. */
  stop(): Promise<void>;
}

function stopper(child: ChildProcess): () => Promise<void> {
  return async () => {
    if (child.exitCode !== null || child.signalCode !== null) return;
    const exited = new Promise((r) => child.once('exit', r));
    child.kill('SIGINT');
    await exited;
  };
}

/** A running `sim ... --stations K` and the URLs it printed. */
export interface SimChild extends Child {
  urls: string[];
}

/** Starts `sim <protocol> --stations <count> --port 0 ...extra` and waits for its URL list. */
export function startSimChild(protocol: 'dnp3' | 'iec104', count: number, extra: string[]): Promise<SimChild> {
  const child = spawn(process.execPath, ['--import', 'tsx', resolve(ROOT, 'src-main/host/cli/main.ts'), 'sim', protocol, '--stations', String(count), '--port', '0', ...extra], {
    cwd: ROOT,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let stderr = '';
  child.stderr!.on('data', (c: Buffer) => {
    // Every master connecting is logged; keep only the tail for an error message.
    stderr = (stderr + c.toString()).slice(-2000);
  });
  return new Promise((done, fail) => {
    let out = '';
    const onData = (c: Buffer): void => {
      out += c.toString();
      const urls = out.split('\n').map((l) => l.trim()).filter((l) => l.startsWith(`${protocol}://`));
      if (urls.length < count) return;
      child.stdout!.off('data', onData);
      child.stdout!.resume();
      done({ child, urls, stop: stopper(child) });
    };
    child.stdout!.on('data', onData);
    child.once('exit', (code) => fail(new Error(`sim ${protocol} exited with ${code}: ${stderr}`)));
  });
}

/** What the subscriber child has counted, by message type. */
export type Counts = Record<string, number>;

/** A running subscriber and its latest counts. */
export interface CounterChild extends Child {
  counts(): Counts;
}

/** Starts a subscriber of `spBv1.0/<group>/#` in its own process (its CPU is not the engine's). */
export function startCounterChild(url: string, group: string): Promise<CounterChild> {
  const child = spawn(process.execPath, ['--import', 'tsx', resolve(import.meta.dirname, 'sparkplug-counter-child.ts'), url, group], { cwd: ROOT, stdio: ['ignore', 'pipe', 'inherit'] });
  let latest: Counts = {};
  let text = '';
  return new Promise((done, fail) => {
    child.stdout!.on('data', (c: Buffer) => {
      text += c.toString();
      const lines = text.split('\n');
      text = lines.pop()!;
      for (const line of lines) {
        if (line === 'SUBSCRIBED') done({ child, counts: () => latest, stop: stopper(child) });
        else if (line.startsWith('{')) latest = JSON.parse(line) as Counts;
      }
    });
    child.once('exit', (code) => fail(new Error(`subscriber exited with ${code}`)));
  });
}

/** CPU seconds (user + system) a process has used so far, from /proc/<pid>/stat (Linux). */
export function cpuSecondsOf(pid: number): number {
  const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
  // Fields after the command name (which may hold spaces): utime is the 14th field, stime the 15th.
  const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  const ticks = Number(fields[11]) + Number(fields[12]);
  return ticks / 100;
}

/**
 * Seconds the main thread of a process has waited for a core so far (Linux
 * /proc/<pid>/schedstat, second field, in ns): on a shared machine this is what turns into
 * event-loop lag without any work of the engine's own.
 */
export function runQueueSecondsOf(pid: number | 'self'): number {
  return Number(readFileSync(`/proc/${pid}/schedstat`, 'utf8').split(' ')[1]) / 1e9;
}
