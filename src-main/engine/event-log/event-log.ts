/**
 * The persistent event log (SOE, connection events, alarm transitions, commands, time-sync
 * results, configuration changes) and the command audit trail, in SQLite through
 * better-sqlite3 in a worker thread.
 *
 * Why better-sqlite3: it is synchronous inside its worker (simple, fast transactions), its
 * WAL journal keeps every committed transaction across a killed process, it runs under
 * plain Node 20 for tests and the headless host, and electron-builder rebuilds it for
 * Electron like any native module. sql.js would keep the whole database in memory and
 * rewrite the file on every save; node:sqlite is not in Node 20.
 *
 * The main thread only queues rows: they are posted to the worker every 50 ms (or at 500
 * rows) and written there in one transaction per batch, so the protocol sessions never
 * wait for the disk. Rows whose commit someone awaits (`durable`: events a device is
 * waiting to have confirmed) skip the delay: they are posted at once when no batch is
 * being written, else right after it commits (group commit). Size-based retention removes the oldest tenth of the events, again
 * and again, until the used pages are within the limit.
 */
import { createRequire } from 'node:module';
import { Worker } from 'node:worker_threads';
import { EVENT_LOG_WORKER_SOURCE } from './worker-source';
import { buildAuditQuery, buildEventQuery, type AuditFilter, type EventFilter } from './event-query';
import type { AuditRow, EventRow, LogEvent, StoredAudit, StoredEvent } from './event-types';

const FLUSH_MS = 50;
const FLUSH_ROWS = 500;

/** Options of {@link EventLog.open}. */
export interface EventLogOptions {
  file: string;
  /** Size limit of the used pages; default 512 MiB. */
  maxBytes?: number;
  /** Called after every committed batch with its sequence number. */
  onCommitted?: (seq: number) => void;
  /** Called when the worker reports an error. */
  onError?: (message: string) => void;
}

type Pending = { resolve: (rows: unknown[]) => void; reject: (error: Error) => void };

/** Rows as the worker returns them, with their JSON detail parsed. */
function storedEvents(rows: unknown[]): StoredEvent[] {
  return (rows as Array<EventRow & { id: number }>).map((row) => ({ ...row, data: row.data === null ? null : (JSON.parse(row.data) as unknown) }));
}

/** The main-thread side of the event log. */
export class EventLog {
  private events: EventRow[] = [];
  private audits: AuditRow[] = [];
  private seq = 0;
  private committedSeq = 0;
  private timer: ReturnType<typeof setTimeout> | null = null;
  private readonly waiters: Array<{ seq: number; resolve: (committed: boolean) => void }> = [];
  /** Post what is queued as soon as the batch being written commits. */
  private postOnCommit = false;
  private readonly queries = new Map<number, Pending>();
  private nextQuery = 1;
  private closed = false;

  private constructor(
    private readonly worker: Worker,
    private readonly options: EventLogOptions,
  ) {
    worker.on('message', (message: { t: string; seq?: number; id?: number; rows?: unknown[]; error?: string; message?: string }) => {
      if (message.t === 'committed') this.committed(message.seq!);
      else if (message.t === 'result') {
        const pending = this.queries.get(message.id!);
        this.queries.delete(message.id!);
        if (message.error) pending?.reject(new Error(message.error));
        else pending?.resolve(message.rows ?? []);
      } else if (message.t === 'error') options.onError?.(message.message ?? 'event log error');
    });
    worker.on('error', (error) => options.onError?.(`event log worker failed: ${error.message}`));
    worker.on('exit', (code) => {
      if (this.closed) return;
      this.closed = true;
      options.onError?.(`event log worker exited (${code}); events are no longer stored`);
      for (const pending of this.queries.values()) pending.reject(new Error('event log worker exited'));
      this.queries.clear();
      for (const waiter of this.waiters.splice(0)) waiter.resolve(false);
    });
  }

  /** Opens (creating when needed) the log in a worker thread. */
  static async open(options: EventLogOptions): Promise<EventLog> {
    const sqlitePath = createRequire(import.meta.url).resolve('better-sqlite3');
    const worker = new Worker(EVENT_LOG_WORKER_SOURCE, {
      eval: true,
      workerData: { file: options.file, sqlitePath, maxBytes: options.maxBytes ?? 512 * 1024 * 1024 },
    });
    await new Promise<void>((resolve, reject) => {
      const onMessage = (message: { t: string; message?: string }) => {
        if (message.t === 'ready') {
          worker.off('error', reject);
          worker.off('message', onMessage);
          resolve();
        } else if (message.t === 'error') reject(new Error(message.message));
      };
      worker.on('message', onMessage);
      worker.once('error', reject);
    });
    return new EventLog(worker, options);
  }

  /** Queues an event; returns the sequence number of the batch it will be committed in. */
  append(event: LogEvent): number {
    this.events.push({
      time: event.time ?? Date.now(),
      deviceTime: event.deviceTime ?? null,
      kind: event.kind,
      station: event.station ?? null,
      point: event.point ?? null,
      user: event.user ?? null,
      message: event.message,
      data: event.data === undefined ? null : JSON.stringify(event.data),
    });
    return this.schedule();
  }

  /** Queues an audit record (a later record with the same id replaces it). */
  audit(record: StoredAudit): number {
    this.audits.push({
      ...record,
      value: record.value ?? null,
      role: record.role ?? null,
      detail: record.detail ?? null,
      ok: record.ok ? 1 : 0,
      stages: JSON.stringify(record.stages),
      feedback: record.feedback === undefined || record.feedback === null ? null : JSON.stringify(record.feedback),
    });
    return this.schedule();
  }

  /** Posts what is queued and resolves when it is committed. */
  async flush(): Promise<void> {
    this.post();
    await this.committedUpTo(this.seq);
  }

  /** Number of the last batch committed (`append` and `audit` return a row's batch). */
  get committedBatch(): number {
    return this.committedSeq;
  }

  /**
   * Resolves true once every row queued so far is committed, false when the log closed or
   * its worker failed first. Does not wait for the batching delay: the rows are posted at
   * once, or as soon as the batch being written commits.
   */
  durable(): Promise<boolean> {
    const queued = this.events.length + this.audits.length > 0;
    const target = this.seq + (queued ? 1 : 0);
    if (queued && !this.closed) {
      if (this.committedSeq === this.seq) this.post();
      else this.postOnCommit = true;
    }
    return this.committedUpTo(target);
  }

  /** Events matching a filter, newest first, with the total count. */
  async query(filter: EventFilter): Promise<{ total: number; rows: StoredEvent[] }> {
    await this.flush();
    const built = buildEventQuery(filter);
    const [count, rows] = await Promise.all([this.run(built.countSql, built.params), this.run(built.sql, built.params)]);
    const total = (count[0] as { n: number }).n;
    return { total, rows: storedEvents(rows) };
  }

  /** Events matching a filter, without counting them all (cheap on a large log). */
  async rows(filter: EventFilter): Promise<StoredEvent[]> {
    await this.flush();
    const built = buildEventQuery(filter);
    return storedEvents(await this.run(built.sql, built.params));
  }

  /** Audit records matching a filter, newest first, with the total count. */
  async queryAudit(filter: AuditFilter): Promise<{ total: number; rows: StoredAudit[] }> {
    await this.flush();
    const built = buildAuditQuery(filter);
    const [count, rows] = await Promise.all([this.run(built.countSql, built.params), this.run(built.sql, built.params)]);
    const total = (count[0] as { n: number }).n;
    return {
      total,
      rows: (rows as AuditRow[]).map((row) => ({
        ...row,
        ok: row.ok === 1,
        stages: JSON.parse(row.stages) as StoredAudit['stages'],
        feedback: row.feedback === null ? null : (JSON.parse(row.feedback) as StoredAudit['feedback']),
      })),
    };
  }

  /** Runs the retention check now. */
  async enforceRetention(): Promise<void> {
    await this.flush();
    const id = this.nextQuery++;
    await new Promise<unknown[]>((resolve, reject) => {
      this.queries.set(id, { resolve, reject });
      this.worker.postMessage({ t: 'retention', id });
    });
  }

  /** Flushes, closes the database and ends the worker. */
  async close(): Promise<void> {
    if (this.closed) return;
    await this.flush();
    this.closed = true;
    const closed = new Promise<void>((resolve) => {
      this.worker.on('message', (message: { t: string }) => {
        if (message.t === 'closed') resolve();
      });
    });
    this.worker.postMessage({ t: 'close' });
    await closed;
    await this.worker.terminate();
  }

  private committedUpTo(seq: number): Promise<boolean> {
    if (this.committedSeq >= seq) return Promise.resolve(true);
    if (this.closed) return Promise.resolve(false);
    return new Promise((resolve) => this.waiters.push({ seq, resolve }));
  }

  private run(sql: string, params: Record<string, unknown>): Promise<unknown[]> {
    if (this.closed) return Promise.reject(new Error('event log closed'));
    const id = this.nextQuery++;
    return new Promise((resolve, reject) => {
      this.queries.set(id, { resolve, reject });
      this.worker.postMessage({ t: 'query', id, sql, params });
    });
  }

  /** Posts a full batch at once, or arms the flush timer; returns the number of the batch the queued rows go in. */
  private schedule(): number {
    if (this.closed) return this.seq;
    const batch = this.seq + 1;
    if (this.events.length + this.audits.length >= FLUSH_ROWS) this.post();
    else this.timer ??= setTimeout(() => this.post(), FLUSH_MS);
    return batch;
  }

  private post(): void {
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
    if (this.closed || (this.events.length === 0 && this.audits.length === 0)) return;
    const seq = ++this.seq;
    this.worker.postMessage({ t: 'append', seq, events: this.events, audits: this.audits });
    this.events = [];
    this.audits = [];
  }

  private committed(seq: number): void {
    this.committedSeq = seq;
    this.options.onCommitted?.(seq);
    for (let i = this.waiters.length - 1; i >= 0; i--) {
      if (this.waiters[i]!.seq <= seq) this.waiters.splice(i, 1)[0]!.resolve(true);
    }
    if (this.postOnCommit && seq === this.seq) {
      this.postOnCommit = false;
      this.post();
    }
  }
}
