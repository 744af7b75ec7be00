/**
 * What the protocol benchmarks share: the rate format, and the loopback ingest harness. A
 * simulator flooding data runs in a child process (the bench module re-run with a flag), so
 * `process.cpuUsage()` of this process measures the master alone; the master runs behind
 * the real TCP transport.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import type { Session, SessionEvent } from '../../../src-shared/session';
import { serveSessions, SessionDriver } from '../../../src-main/transport';

/** The phases of a protocol benchmark that `--only <phase>[,<phase>]` selects. */
export type BenchPhase = 'decode' | 'memory' | 'sa' | 'loopback' | 'stored';

/** Whether `phase` runs: every phase without `--only`, else only those listed after it. */
export function phaseSelected(args: string[], phase: BenchPhase): boolean {
  const at = args.indexOf('--only');
  if (at < 0) return true;
  return (args[at + 1] ?? '').split(',').includes(phase);
}

/** `n` per `ms` as a rounded per-second figure with thousands separators. */
export function rate(n: number, ms: number): string {
  return Math.round((n * 1000) / ms).toLocaleString('en-US');
}

/** Child side: serves `createSession` on a loopback TCP port, prints `PORT n`, exits when stdin closes. */
export async function serveFloodChild(createSession: () => Session): Promise<void> {
  const server = await serveSessions({ endpoint: { kind: 'tcp', host: '127.0.0.1', port: 0 }, createSession });
  process.stdout.write(`PORT ${server.port}\n`);
  process.stdin.resume();
  process.stdin.on('end', () => void server.close().then(() => process.exit(0)));
}

/** Starts `module` (a bench file) as a flood child with `flag arg`; resolves with its port. */
export function startFloodChild(module: string, flag: string, arg: number): Promise<{ child: ChildProcess; port: number }> {
  const child = spawn(process.execPath, ['--import', 'tsx', module, flag, String(arg)], { stdio: ['pipe', 'pipe', 'inherit'] });
  return new Promise((resolve, reject) => {
    let text = '';
    child.stdout?.on('data', (d: Buffer) => {
      text += d.toString();
      const m = /PORT (\d+)/.exec(text);
      if (m) resolve({ child, port: Number(m[1]) });
    });
    child.once('exit', (code) => reject(new Error(`flood child ${flag} exited ${code}`)));
  });
}

/** A loopback ingest run. */
export interface LoopbackRun {
  /** The bench module to re-run as the flood child, with `flag arg`. */
  child: { module: string; flag: string; arg: number };
  /** The master session under test. */
  session: Session;
  /** Sees every master event; counts what the bench measures. */
  onEvent(event: SessionEvent): void;
  /** The count so far. */
  count(): number;
  /** Time to connect and settle before measuring. */
  warmupMs: number;
  seconds: number;
}

/** The measured window: the count's increase, its length, and this process's CPU use. */
export interface LoopbackFigures {
  count: number;
  ms: number;
  /** CPU time of this (master) process as a percentage of one core. */
  cpuPct: number;
}

/** CPU seconds the master spent per million objects counted: the cost per object, whatever the rate. */
export function cpuPerMillion(figures: LoopbackFigures): string {
  if (figures.count === 0) return 'n/a';
  const cpuSeconds = (figures.cpuPct / 100) * (figures.ms / 1000);
  return `${((cpuSeconds / figures.count) * 1e6).toFixed(2)} CPU-s per million`;
}

/**
 * Runs `work` (which returns how many objects it handled) repeatedly for `seconds` of wall
 * time; returns the objects, the wall ms and the CPU-s per million objects measured with
 * process.cpuUsage (so a loaded machine slows the rate but hardly the cost per object).
 */
export function measureOnCore(seconds: number, work: () => number): { count: number; ms: number; perMillion: string } {
  let count = 0;
  const cpu0 = process.cpuUsage();
  const start = performance.now();
  while (performance.now() - start < seconds * 1000) count += work();
  const ms = performance.now() - start;
  const cpu = process.cpuUsage(cpu0);
  return { count, ms, perMillion: cpuPerMillion({ count, ms, cpuPct: ((cpu.user + cpu.system) / 1000 / ms) * 100 }) };
}

/** Runs the master against the flood child: warm-up, then measures for `seconds`. */
export async function measureLoopback(run: LoopbackRun): Promise<LoopbackFigures> {
  const { child, port } = await startFloodChild(run.child.module, run.child.flag, run.child.arg);
  const driver = new SessionDriver({
    session: run.session,
    endpoints: { kind: 'tcp', host: '127.0.0.1', port, connectTimeoutMs: 30_000 },
    onEvent: run.onEvent,
  });
  driver.start();
  await new Promise((r) => setTimeout(r, run.warmupMs));
  const c0 = run.count();
  const cpu0 = process.cpuUsage();
  const t0 = performance.now();
  await new Promise((r) => setTimeout(r, run.seconds * 1000));
  const ms = performance.now() - t0;
  const cpu = process.cpuUsage(cpu0);
  const count = run.count() - c0;
  await driver.stop();
  child.stdin?.end();
  await new Promise((r) => child.once('exit', r));
  return { count, ms, cpuPct: ((cpu.user + cpu.system) / 1000 / ms) * 100 };
}
