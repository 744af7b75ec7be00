/**
 * Ingest into the event log over loopback: the master (behind the TCP transport) against a
 * flooding simulator in a child process, every reported event appended to a real event log
 * (SQLite in its worker, WAL, synchronous=FULL) as the engine does. With
 * `confirmAfterCommit` the session's acknowledgements wait for the commit (the engine's
 * path); without it the master acknowledges on receipt (the behaviour before). Measures the
 * events committed per second and, per acknowledgement, the delay from receipt and from the
 * commit to the acknowledgement handed to the socket.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Session, SessionEvent } from '../../../src-shared/session';
import { EventLog } from '../../../src-main/engine/event-log/event-log';
import { SessionDriver } from '../../../src-main/transport';
import { startFloodChild } from './loopback';

/** One stored-ingest run. */
export interface StoredIngestRun {
  child: { module: string; flag: string; arg: number };
  session: Session;
  warmupMs: number;
  seconds: number;
}

/** Committed events per second, CPU of this process (main thread and the log's worker), and delays in ms. */
export interface StoredIngestFigures {
  eventsPerSecond: number;
  cpuPct: number;
  /** Receipt of the events -> acknowledgement sent (empty when acknowledging on receipt). */
  receiveToConfirm: number[];
  /** Commit reported by the log's worker -> acknowledgement sent. */
  commitToConfirm: number[];
}

/** CPU seconds (main thread and log worker) per million events committed. */
export function storedPerMillion(f: StoredIngestFigures): string {
  if (f.eventsPerSecond === 0) return 'n/a';
  return `${((f.cpuPct / 100 / f.eventsPerSecond) * 1e6).toFixed(2)} CPU-s per million`;
}

/** p50 / p99 / max of a list of ms, one line. */
export function percentiles(ms: number[]): string {
  if (ms.length === 0) return 'n/a';
  const sorted = [...ms].sort((a, b) => a - b);
  const at = (q: number): string => sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))]!.toFixed(2);
  return `p50 ${at(0.5)} ms, p99 ${at(0.99)} ms, max ${sorted.at(-1)!.toFixed(2)} ms (${ms.length} acknowledgements)`;
}

/** Runs the master against the flood child with every event logged; measures after `warmupMs`. */
export async function measureStoredIngest(run: StoredIngestRun): Promise<StoredIngestFigures> {
  const dir = mkdtempSync(join(tmpdir(), 'sy-bench-log-'));
  const commitAt = new Map<number, number>();
  const eventsInBatch = new Map<number, number>();
  let committed = 0;
  const log = await EventLog.open({
    file: join(dir, 'events.db'),
    onCommitted: (seq) => {
      commitAt.set(seq, performance.now());
      committed += eventsInBatch.get(seq) ?? 0;
      eventsInBatch.delete(seq);
    },
  });
  const { child, port } = await startFloodChild(run.child.module, run.child.flag, run.child.arg);
  let measuring = false;
  const receiveToConfirm: number[] = [];
  const commitToConfirm: number[] = [];
  const onEvent = (event: SessionEvent): void => {
    if (event.type !== 'points') return;
    const receivedAt = performance.now();
    let batch = 0;
    for (const u of event.updates) {
      if (!u.isEvent) continue;
      batch = log.append({ kind: 'soe', station: 'bench', point: u.ref, deviceTime: u.deviceTime, message: `${u.ref} = ${String(u.value)}`, data: { type: u.type, raw: u.value, quality: u.quality } });
      eventsInBatch.set(batch, (eventsInBatch.get(batch) ?? 0) + 1);
    }
    const token = event.confirm;
    if (token === undefined) return;
    void log.durable().then((ok) => {
      if (!ok) return;
      driver.call({ op: 'confirm', token });
      const sentAt = performance.now();
      if (!measuring) return;
      receiveToConfirm.push(sentAt - receivedAt);
      commitToConfirm.push(sentAt - (commitAt.get(batch) ?? sentAt));
    });
  };
  const driver = new SessionDriver({ session: run.session, endpoints: { kind: 'tcp', host: '127.0.0.1', port, connectTimeoutMs: 30_000 }, onEvent });
  driver.start();
  await new Promise((r) => setTimeout(r, run.warmupMs));
  measuring = true;
  const c0 = committed;
  const cpu0 = process.cpuUsage();
  const t0 = performance.now();
  await new Promise((r) => setTimeout(r, run.seconds * 1000));
  const ms = performance.now() - t0;
  const cpu = process.cpuUsage(cpu0);
  const count = committed - c0;
  measuring = false;
  await driver.stop();
  child.stdin?.end();
  await new Promise((r) => child.once('exit', r));
  await log.close();
  rmSync(dir, { recursive: true, force: true });
  return { eventsPerSecond: (count * 1000) / ms, cpuPct: ((cpu.user + cpu.system) / 1000 / ms) * 100, receiveToConfirm, commitToConfirm };
}
