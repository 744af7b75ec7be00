/**
 * The persistent history of point values (`history.db`, SQLite through better-sqlite3 in
 * a worker thread, as the event log): raw samples kept for the raw retention, and
 * 1-minute and 1-hour aggregates (min, max, sum, count, invalid count, last) kept longer,
 * so that a week of one point is read from about 10 000 buckets instead of millions of rows.
 *
 * The main thread only appends to typed-array columns (series id, time, value, quality
 * flags): no row objects, no SQL on the event loop. Every FLUSH_MS (or at BATCH samples)
 * the columns are transferred to the worker, which writes them in one transaction with the
 * aggregate upserts of the buckets they touch (batches that queued while the worker was busy
 * share one transaction; history-worker-source.ts).
 *
 * Commit boundary: a sample is durable once the batch it went in is committed (the worker
 * reports `committed`; {@link HistoryStore.flush} waits for it). WAL with
 * synchronous = NORMAL keeps every committed batch across a killed process; a killed
 * process loses only what was not yet committed (at most FLUSH_MS of samples plus the
 * batches in flight), and a power cut can also lose the batches since the last WAL sync.
 * When the worker falls MAX_IN_FLIGHT samples behind, new samples are dropped and counted
 * ({@link HistoryStore.dropped}) rather than queued without bound.
 */
import { createRequire } from 'node:module';
import { Worker } from 'node:worker_threads';
import { HISTORY_WORKER_SOURCE } from './history-worker-source';

const FLUSH_MS = 1000;
const BATCH = 65_536;
/** Samples posted and not yet committed at most (about 20 s at 50 000 samples/s, 24 MB of columns). */
const MAX_IN_FLIGHT = 1_048_576;
const DAY_MS = 86_400_000;

/** How long each tier is kept, in days (0 = forever). */
export interface HistoryRetention {
  rawDays: number;
  minuteDays: number;
  hourDays: number;
}

/** Options of {@link HistoryStore.open}. */
export interface HistoryStoreOptions {
  file: string;
  retention: HistoryRetention;
  /** Refuse to create the file (readers such as the CLI). */
  mustExist?: boolean;
  onError?: (message: string) => void;
  /** The present for retention (tests); default Date.now. */
  now?: () => number;
}

/** Where a series' data came from: raw samples, or stored 1-minute / 1-hour buckets. */
export type HistorySource = 'raw' | '1m' | '1h';

/** One point's history over a range, as a chart reads it. */
export interface HistorySeriesData {
  station: string;
  point: string;
  source: HistorySource;
  /** 0: one entry per raw sample; else the width of each bucket (ms). */
  bucketMs: number;
  /** Sample times, or bucket start times (ms since the epoch). */
  times: number[];
  /** The sample's value, or the bucket's average of valid samples (null: none valid). */
  values: Array<number | null>;
  /** Raw: 1 where the sample's quality was invalid. Buckets: the count of invalid samples. */
  invalid: number[];
  /** Raw samples: their quality words, space-separated ('' = none). */
  quality?: string[];
  /** Buckets: lowest and highest valid value, and the count of valid samples. */
  min?: Array<number | null>;
  max?: Array<number | null>;
  count?: number[];
}

/** One row of an export page: a raw sample, or a stored bucket of a tier. */
export interface HistoryPageRow {
  t: number;
  /** Raw: the value. Buckets: the last sample's value. */
  value: number;
  invalid: boolean;
  /** Quality words of the sample (buckets: of the last sample). */
  quality: string;
  min?: number | null;
  max?: number | null;
  avg?: number | null;
  count?: number;
  invalidCount?: number;
}

type WorkerMessage = { t: string; seq?: number; rows?: number; ms?: number; pruneMs?: number; id?: number; value?: unknown; error?: string; message?: string };
type Pending = { resolve: (value: unknown) => void; reject: (error: Error) => void };
type RawPage = { t: number; v: number; q: number; words: string };
type BucketPage = { t: number; min: number | null; max: number | null; sum: number; n: number; invalid: number; last: number; q: number; words: string };
type Known = { series: Array<{ id: number; station: string; point: string }>; qualities: Array<{ id: number; words: string }> };
type ReadRow = Omit<HistorySeriesData, 'station' | 'point'>;

const key = (station: string, point: string): string => `${station}\u0000${point}`;

/** The main-thread side of the history store. */
export class HistoryStore {
  private readonly seriesIds = new Map<string, number>();
  private readonly qualityIds = new Map<string, number>();
  /** Series and quality sets created here, named by temporary negative ids until the worker stores them. */
  private newSeries: Array<{ temp: number; station: string; point: string }> = [];
  private newQualities: Array<{ temp: number; words: string }> = [];
  private nextTemp = -1;
  /** Time of each series' last sample (two in one millisecond: the second 1 ms later). */
  private readonly lastTime = new Map<number, number>();
  private ids = new Int32Array(BATCH);
  private times = new Float64Array(BATCH);
  private values = new Float64Array(BATCH);
  private flags = new Int32Array(BATCH);
  private count = 0;
  /** Samples of the posted batches not yet committed, oldest batch first. */
  private readonly postedCounts: number[] = [];
  private inFlight = 0;
  private seq = 0;
  private committedSeq = 0;
  private timer: ReturnType<typeof setTimeout> | null = null;
  private readonly waiters: Array<{ seq: number; resolve: (ok: boolean) => void }> = [];
  private readonly queries = new Map<number, Pending>();
  private nextQuery = 1;
  private closed = false;
  private retentionMs = { rawMs: 0, minuteMs: 0, hourMs: 0 };
  /** Samples dropped because the worker was too far behind. */
  dropped = 0;
  /** Samples committed since open. */
  committedRows = 0;
  /** Milliseconds the worker spent in write transactions since open. */
  writeMs = 0;
  /** Milliseconds the worker spent in the retention steps after them. */
  pruneMs = 0;
  /** Write transactions since open (batches queued behind a running one share the next). */
  transactions = 0;

  private constructor(
    private readonly worker: Worker,
    ready: Known,
    private readonly options: HistoryStoreOptions,
  ) {
    for (const s of ready.series) this.seriesIds.set(key(s.station, s.point), s.id);
    for (const q of ready.qualities) this.qualityIds.set(q.words, q.id);
    worker.on('message', (message: WorkerMessage) => this.onMessage(message));
    worker.on('error', (error) => options.onError?.(`history worker failed: ${error.message}`));
    worker.on('exit', (code) => this.onExit(code));
    this.setRetention(options.retention);
  }

  /** Opens (creating when needed, unless `mustExist`) the store in a worker thread. */
  static async open(options: HistoryStoreOptions): Promise<HistoryStore> {
    const sqlitePath = createRequire(import.meta.url).resolve('better-sqlite3');
    const worker = new Worker(HISTORY_WORKER_SOURCE, { eval: true, workerData: { file: options.file, sqlitePath, mustExist: options.mustExist === true } });
    const ready = await new Promise<Known>((resolve, reject) => {
      worker.once('message', (message: WorkerMessage & Known) => {
        if (message.t === 'ready') resolve(message);
        else reject(new Error(message.message ?? 'history store failed to open'));
      });
      worker.once('error', reject);
    }).catch(async (error: unknown) => {
      await worker.terminate();
      throw error;
    });
    return new HistoryStore(worker, ready, options);
  }

  /** Sets how long each tier is kept; pruning applies it step by step after each batch. */
  setRetention(retention: HistoryRetention): void {
    this.retentionMs = { rawMs: retention.rawDays * DAY_MS, minuteMs: retention.minuteDays * DAY_MS, hourMs: retention.hourDays * DAY_MS };
    if (!this.closed) this.worker.postMessage({ t: 'retention', ...this.retentionMs });
  }

  /** The integer id of a station's point for {@link HistoryStore.append} (a new point's is temporary until stored). */
  seriesId(station: string, point: string): number {
    const known = this.seriesIds.get(key(station, point));
    if (known !== undefined) return known;
    const temp = this.nextTemp--;
    this.seriesIds.set(key(station, point), temp);
    this.newSeries.push({ temp, station, point });
    return temp;
  }

  /** The id of an interned quality word list, created on first use. */
  qualityId(words: readonly string[]): number {
    const text = words.join(' ');
    const known = this.qualityIds.get(text);
    if (known !== undefined) return known;
    const temp = this.nextTemp--;
    this.qualityIds.set(text, temp);
    this.newQualities.push({ temp, words: text });
    return temp;
  }

  /**
   * Queues one sample. A sample in the same millisecond as the series' previous one is
   * stored 1 ms later, so both are kept (the key is series + time).
   */
  append(series: number, timeMs: number, value: number, quality: number, invalid: boolean): void {
    if (this.closed) return;
    if (this.inFlight + this.count >= MAX_IN_FLIGHT) {
      this.dropped++;
      return;
    }
    const last = this.lastTime.get(series);
    const t = Math.round(timeMs) === last ? last + 1 : Math.round(timeMs);
    this.lastTime.set(series, t);
    const i = this.count++;
    this.ids[i] = series;
    this.times[i] = t;
    this.values[i] = value;
    this.flags[i] = quality * 2 + (invalid ? 1 : 0);
    if (this.count >= BATCH) this.post();
    else this.timer ??= setTimeout(() => this.post(), FLUSH_MS);
  }

  /** Posts what is queued and resolves true once it is committed (false: the store closed first). */
  flush(): Promise<boolean> {
    this.post();
    return this.committedUpTo(this.seq);
  }

  /** Reads the history of points over [from, to): raw samples when at most `maxPoints`, else buckets. */
  async read(request: { points: ReadonlyArray<{ station: string; point: string }>; from: number; to: number; maxPoints: number; now?: number }): Promise<HistorySeriesData[]> {
    await this.flush();
    const points = request.points.map((p) => ({ id: this.seriesIds.get(key(p.station, p.point)) ?? 0, station: p.station, point: p.point }));
    const rows = (await this.ask('read', { points, from: request.from, to: request.to, maxPoints: request.maxPoints, now: request.now ?? this.now() })) as ReadRow[];
    return rows.map((row, i) => ({ ...row, ...request.points[i]! }));
  }

  /** One page of an export: up to `limit` rows of one point at or after `from`, before `to`. */
  async page(request: { station: string; point: string; resolution: HistorySource; from: number; to: number; limit: number }): Promise<HistoryPageRow[]> {
    await this.flush();
    const id = this.seriesIds.get(key(request.station, request.point)) ?? 0;
    const rows = (await this.ask('page', { id, station: request.station, point: request.point, resolution: request.resolution, from: request.from, to: request.to, limit: request.limit })) as Array<RawPage | BucketPage>;
    if (request.resolution === 'raw') return (rows as RawPage[]).map((r) => ({ t: r.t, value: r.v, invalid: (r.q & 1) === 1, quality: r.words }));
    return (rows as BucketPage[]).map((r) => ({
      t: r.t,
      value: r.last,
      invalid: (r.q & 1) === 1,
      quality: r.words,
      min: r.min,
      max: r.max,
      avg: r.n > 0 ? r.sum / r.n : null,
      count: r.n,
      invalidCount: r.invalid,
    }));
  }

  /** Whether the store has ever had samples of this point. */
  has(station: string, point: string): boolean {
    return this.seriesIds.has(key(station, point));
  }

  /** Runs retention over every series now, with `now` as the present; resolves with the rows deleted. */
  async prune(now = this.now()): Promise<number> {
    await this.flush();
    return (await this.ask('prune', undefined, { now })) as number;
  }

  /** Database size: pages, page size and raw sample count. */
  async stats(): Promise<{ pages: number; pageSize: number; samples: number }> {
    await this.flush();
    return (await this.ask('stats')) as { pages: number; pageSize: number; samples: number };
  }

  /** Commits what is queued, closes the database and ends the worker. */
  async close(): Promise<void> {
    if (this.closed) return;
    await this.flush();
    this.closed = true;
    const closed = new Promise<void>((resolve) => this.worker.on('message', (m: WorkerMessage) => m.t === 'closed' && resolve()));
    this.worker.postMessage({ t: 'close' });
    await closed;
    await this.worker.terminate();
  }

  private now(): number {
    return this.options.now?.() ?? Date.now();
  }

  private post(): void {
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
    if (this.closed || this.count === 0) return;
    const seq = ++this.seq;
    const n = this.count;
    const columns = { ids: this.ids.slice(0, n), times: this.times.slice(0, n), values: this.values.slice(0, n), flags: this.flags.slice(0, n) };
    this.worker.postMessage({ t: 'append', seq, now: this.now(), series: this.newSeries, qualities: this.newQualities, count: n, ...columns }, [
      columns.ids.buffer,
      columns.times.buffer,
      columns.values.buffer,
      columns.flags.buffer,
    ]);
    this.newSeries = [];
    this.newQualities = [];
    this.postedCounts.push(n);
    this.inFlight += n;
    this.count = 0;
  }

  private ask(kind: string, request?: unknown, extra: Record<string, unknown> = {}): Promise<unknown> {
    if (this.closed) return Promise.reject(new Error('history store closed'));
    const id = this.nextQuery++;
    return new Promise((resolve, reject) => {
      this.queries.set(id, { resolve, reject });
      this.worker.postMessage({ t: kind, id, request, ...extra });
    });
  }

  private committedUpTo(seq: number): Promise<boolean> {
    if (this.committedSeq >= seq) return Promise.resolve(true);
    if (this.closed) return Promise.resolve(false);
    return new Promise((resolve) => this.waiters.push({ seq, resolve }));
  }

  private onMessage(message: WorkerMessage): void {
    if (message.t === 'committed') {
      for (; this.committedSeq < message.seq!; this.committedSeq++) this.inFlight -= this.postedCounts.shift()!;
      this.committedRows += message.rows!;
      this.writeMs += message.ms!;
      this.pruneMs += message.pruneMs!;
      this.transactions++;
      for (let i = this.waiters.length - 1; i >= 0; i--) {
        if (this.waiters[i]!.seq <= this.committedSeq) this.waiters.splice(i, 1)[0]!.resolve(true);
      }
    } else if (message.t === 'result') {
      const pending = this.queries.get(message.id!);
      this.queries.delete(message.id!);
      if (message.error) pending?.reject(new Error(message.error));
      else pending?.resolve(message.value);
    } else if (message.t === 'error') this.options.onError?.(message.message ?? 'history error');
  }

  private onExit(code: number): void {
    if (this.closed) return;
    this.closed = true;
    this.options.onError?.(`history worker exited (${code}); values are no longer stored`);
    for (const pending of this.queries.values()) pending.reject(new Error('history worker exited'));
    this.queries.clear();
    for (const waiter of this.waiters.splice(0)) waiter.resolve(false);
  }
}
