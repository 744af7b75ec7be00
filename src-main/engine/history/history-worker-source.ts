/**
 * The history worker's code, run with `new Worker(source, { eval: true })` like the event
 * log's (no separate file to ship). It owns the better-sqlite3 connection of `history.db`.
 *
 * Tables (all keyed for range scans, WITHOUT ROWID so a row is its key and its values):
 *   series(id, station, point)            one integer per station + point reference
 *   quality_sets(id, words)               interned quality word lists ('' = none)
 *   samples(series, t, v, q)              raw samples; t ms since the epoch, q = set id * 2 + invalid
 *   agg_1m / agg_1h(series, bucket, min, max, sum, n, invalid, last, last_t, last_q)
 *                                         bucket = floor(t / width); min/max/sum/n over valid samples,
 *                                         invalid = count of invalid ones, last = the newest sample
 *
 * The main thread names series and quality sets it creates with temporary negative ids;
 * the worker inserts them by their text (another process writing the same file may have
 * done so already), keeps which id each got, and translates every temporary id it receives,
 * so two engines on one data directory never mix their points up.
 *
 * A batch is one transaction, and so are the batches queued behind it while a transaction
 * ran (up to MAX_COALESCED samples): new series and quality sets, the raw rows in key order
 * (INSERT OR IGNORE: a sample already stored for that series and millisecond is not counted
 * twice), then one upsert per touched bucket with the min/max/sum/count of the rows inserted,
 * folded in JS (1-minute buckets from the rows, 1-hour buckets from the 1-minute ones).
 * After each transaction one retention step deletes at most STEP_ROWS old rows per table, a few
 * series at a time, so pruning never holds the writer for long.
 *
 * Messages in:  { t: 'append', seq, now, series: [{temp, station, point}], qualities: [{temp, words}], count, ids, times, values, flags }
 *               { t: 'retention', rawMs, minuteMs, hourMs }
 *               { t: 'prune', id, now }  { t: 'read', id, request }  { t: 'page', id, request }  { t: 'close' }
 * Messages out: { t: 'ready', series, qualities } { t: 'committed', seq, rows, ms, pruneMs } (seq: the last batch of the transaction) { t: 'result', id, value?, error? }
 *               { t: 'closed' } { t: 'error', message }
 */
export const HISTORY_WORKER_SOURCE = String.raw`
const { parentPort, workerData, receiveMessageOnPort } = require('node:worker_threads');
const Database = require(workerData.sqlitePath);
const db = new Database(workerData.file, { fileMustExist: workerData.mustExist === true });
db.pragma('journal_mode = WAL');
db.pragma('synchronous = NORMAL');
db.pragma('busy_timeout = 5000');
// the newest leaf page of every series is written to in each batch: keep them cached
db.pragma('cache_size = -65536');
// every transaction rewrites the newest leaf page of each series it touches: checkpointing
// every 4000 pages (16 MB of WAL) rather than 1000 copies each hot page once, not per commit
db.pragma('wal_autocheckpoint = 4000');
db.exec([
  'CREATE TABLE IF NOT EXISTS series (id INTEGER PRIMARY KEY, station TEXT NOT NULL, point TEXT NOT NULL, UNIQUE (station, point))',
  'CREATE TABLE IF NOT EXISTS quality_sets (id INTEGER PRIMARY KEY, words TEXT NOT NULL UNIQUE)',
  'CREATE TABLE IF NOT EXISTS samples (series INTEGER NOT NULL, t INTEGER NOT NULL, v REAL NOT NULL, q INTEGER NOT NULL, PRIMARY KEY (series, t)) WITHOUT ROWID',
  'CREATE TABLE IF NOT EXISTS agg_1m (series INTEGER NOT NULL, bucket INTEGER NOT NULL, min REAL, max REAL, sum REAL NOT NULL, n INTEGER NOT NULL, invalid INTEGER NOT NULL, last REAL NOT NULL, last_t INTEGER NOT NULL, last_q INTEGER NOT NULL, PRIMARY KEY (series, bucket)) WITHOUT ROWID',
  'CREATE TABLE IF NOT EXISTS agg_1h (series INTEGER NOT NULL, bucket INTEGER NOT NULL, min REAL, max REAL, sum REAL NOT NULL, n INTEGER NOT NULL, invalid INTEGER NOT NULL, last REAL NOT NULL, last_t INTEGER NOT NULL, last_q INTEGER NOT NULL, PRIMARY KEY (series, bucket)) WITHOUT ROWID',
].join(';'));
const TIERS = [{ table: 'agg_1m', width: 60000 }, { table: 'agg_1h', width: 3600000 }];
const STEP_ROWS = 5000;
const STEP_SERIES = 64;
const insertSeries = db.prepare('INSERT OR IGNORE INTO series (station, point) VALUES (?, ?)');
const seriesOf = db.prepare('SELECT id FROM series WHERE station = ? AND point = ?');
const insertQuality = db.prepare('INSERT OR IGNORE INTO quality_sets (words) VALUES (?)');
const qualityOf = db.prepare('SELECT id FROM quality_sets WHERE words = ?');
const wordsOf = db.prepare('SELECT words FROM quality_sets WHERE id = ?');
/** Real ids of the main thread's temporary (negative) ids. */
const realSeries = new Map();
const realQuality = new Map();
/** Quality words by id, read on first use. */
const words = new Map();
/** The stored id of a series the main thread names by id (temporary or stored) and by station + point (0: none). */
const seriesId = (r) => (r.id > 0 ? r.id : (realSeries.get(r.id) ?? seriesOf.get(r.station, r.point)?.id ?? 0));
/** The stored flags of flags with a temporary quality id: real id * 2 + invalid. */
const realFlags = (f) => ((f >> 1) < 0 ? realQuality.get(f >> 1) * 2 + (f & 1) : f);
function qualityText(q) {
  const id = q >> 1;
  if (!words.has(id)) words.set(id, wordsOf.get(id)?.words ?? '');
  return words.get(id);
}
const insertSample = db.prepare('INSERT OR IGNORE INTO samples (series, t, v, q) VALUES (?, ?, ?, ?)');
const upserts = TIERS.map((tier) => db.prepare('INSERT INTO ' + tier.table + ' (series, bucket, min, max, sum, n, invalid, last, last_t, last_q) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?) ' +
  'ON CONFLICT (series, bucket) DO UPDATE SET ' +
  'min = CASE WHEN excluded.n = 0 THEN min WHEN n = 0 THEN excluded.min ELSE min(min, excluded.min) END, ' +
  'max = CASE WHEN excluded.n = 0 THEN max WHEN n = 0 THEN excluded.max ELSE max(max, excluded.max) END, ' +
  'sum = sum + excluded.sum, n = n + excluded.n, invalid = invalid + excluded.invalid, ' +
  'last = CASE WHEN excluded.last_t >= last_t THEN excluded.last ELSE last END, ' +
  'last_q = CASE WHEN excluded.last_t >= last_t THEN excluded.last_q ELSE last_q END, ' +
  'last_t = max(last_t, excluded.last_t)'));

/** A bucket's accumulator: min/max/sum/n of valid samples, the invalid count, the newest sample. */
function bucketOf(series, bucket, t, v, q) {
  return { series, bucket, min: null, max: null, sum: 0, n: 0, invalid: 0, last: v, lastT: t, lastQ: q };
}

/** Merges an accumulator into another (a 1-minute bucket into its hour). */
function merge(into, a) {
  into.invalid += a.invalid;
  if (a.n > 0) {
    into.min = into.min === null || a.min < into.min ? a.min : into.min;
    into.max = into.max === null || a.max > into.max ? a.max : into.max;
    into.sum += a.sum;
    into.n += a.n;
  }
  if (a.lastT >= into.lastT) { into.last = a.last; into.lastT = a.lastT; into.lastQ = a.lastQ; }
}

/** Folds one sample into an accumulator. */
function add(acc, t, v, q) {
  if (q & 1) acc.invalid++;
  else {
    acc.min = acc.min === null || v < acc.min ? v : acc.min;
    acc.max = acc.max === null || v > acc.max ? v : acc.max;
    acc.sum += v;
    acc.n++;
  }
  if (t >= acc.lastT) { acc.last = v; acc.lastT = t; acc.lastQ = q; }
}

/**
 * Folds 1-minute accumulators sorted by series and time (an hour's minutes are then
 * adjacent) into one accumulator per (series, hour).
 */
function foldHours(minutes, widthRatio) {
  const out = [];
  let acc = null;
  for (const a of minutes) {
    const bucket = Math.floor(a.bucket / widthRatio);
    if (acc === null || acc.series !== a.series || acc.bucket !== bucket) {
      acc = bucketOf(a.series, bucket, a.lastT, a.last, a.lastQ);
      out.push(acc);
    }
    merge(acc, a);
  }
  return out;
}

/** Stores the series and quality sets a batch created and learns their ids. */
function registerNames(m) {
  for (const s of m.series) {
    insertSeries.run(s.station, s.point);
    realSeries.set(s.temp, seriesOf.get(s.station, s.point).id);
  }
  for (const q of m.qualities) {
    insertQuality.run(q.words);
    realQuality.set(q.temp, qualityOf.get(q.words).id);
  }
}

/**
 * Writes several batches (queued while the previous transaction ran) in one transaction:
 * raw rows in key order (consecutive inserts go to the same leaf page), then each touched
 * 1-minute bucket and each touched 1-hour bucket upserted once, folded from the rows that
 * were inserted (a duplicate of a stored sample is not counted twice).
 */
const writeBatches = db.transaction((batches) => {
  const ids = [], times = [], values = [], flags = [];
  for (const m of batches) {
    registerNames(m);
    for (let i = 0; i < m.count; i++) {
      ids.push(m.ids[i] < 0 ? realSeries.get(m.ids[i]) : m.ids[i]);
      times.push(m.times[i]);
      values.push(m.values[i]);
      flags.push(realFlags(m.flags[i]));
    }
  }
  const order = Array.from({ length: ids.length }, (_, i) => i).sort((a, b) => ids[a] - ids[b] || times[a] - times[b]);
  // rows in key order: a (series, minute)'s rows are adjacent, folded as they are inserted
  const minutes = [];
  let acc = null;
  let rows = 0;
  for (const i of order) {
    const series = ids[i], t = times[i], v = values[i], q = flags[i];
    if (insertSample.run(series, t, v, q).changes !== 1) continue;
    rows++;
    const bucket = Math.floor(t / TIERS[0].width);
    if (acc === null || acc.series !== series || acc.bucket !== bucket) {
      acc = bucketOf(series, bucket, t, v, q);
      minutes.push(acc);
    }
    add(acc, t, v, q);
  }
  const hours = foldHours(minutes, TIERS[1].width / TIERS[0].width);
  [minutes, hours].forEach((buckets, k) => {
    for (const a of buckets) upserts[k].run(a.series, a.bucket, a.min, a.max, a.sum, a.n, a.invalid, a.last, a.lastT, a.lastQ);
  });
  return rows;
});

/** Samples written in one transaction at most when batches queue up. */
const MAX_COALESCED = 262144;
/** Time of the last retention step (ms), reported with the next commit. */
let pruneMs = 0;

/**
 * Writes an append and the appends queued behind it in one transaction (so a worker that
 * falls behind catches up with bigger, cheaper transactions), reports them committed,
 * runs one retention step, and returns the first queued message that is not an append.
 */
function appendQueued(first) {
  const batches = [first];
  let rows = first.count;
  let next = null;
  while (rows < MAX_COALESCED) {
    const queued = receiveMessageOnPort(parentPort);
    if (!queued) break;
    if (queued.message.t !== 'append') { next = queued.message; break; }
    batches.push(queued.message);
    rows += queued.message.count;
  }
  try {
    const start = performance.now();
    const inserted = writeBatches(batches);
    // seqs rise: the last one's commit is every earlier one's
    parentPort.postMessage({ t: 'committed', seq: batches[batches.length - 1].seq, rows: inserted, ms: performance.now() - start, pruneMs });
    const pruneStart = performance.now();
    pruneStep(batches[batches.length - 1].now);
    pruneMs = performance.now() - pruneStart;
  } catch (error) {
    reportError(error);
  }
  return next;
}

let retention = { rawMs: 0, minuteMs: 0, hourMs: 0 };
let pruneCursor = 0;
const nextSeries = db.prepare('SELECT id FROM series WHERE id > ? ORDER BY id LIMIT ' + STEP_SERIES);
const pruners = [['samples', 't', 'rawMs', 1], ['agg_1m', 'bucket', 'minuteMs', 60000], ['agg_1h', 'bucket', 'hourMs', 3600000]].map(([table, key, setting, unit]) => ({
  setting, unit,
  // deletes at most STEP_ROWS of the series' oldest rows below the cutoff
  // whether the series has a row below the cutoff (a seek: most steps have nothing to delete)
  due: db.prepare('SELECT 1 FROM ' + table + ' WHERE series = ? AND ' + key + ' < ? LIMIT 1'),
  run: db.prepare('DELETE FROM ' + table + ' WHERE series = @id AND ' + key + ' < min(@cutoff, coalesce((SELECT ' + key + ' FROM ' + table + ' WHERE series = @id ORDER BY ' + key + ' LIMIT 1 OFFSET ' + STEP_ROWS + '), @cutoff))'),
}));
/** One retention step over the next few series; returns the rows deleted and whether a round of all series ended. */
function pruneStep(now) {
  const ids = nextSeries.all(pruneCursor).map((r) => r.id);
  let deleted = 0;
  let capped = false;
  for (const id of ids) {
    for (const p of pruners) {
      const keep = retention[p.setting];
      if (!(keep > 0)) continue;
      const cutoff = Math.floor((now - keep) / p.unit);
      if (p.due.get(id, cutoff) === undefined) continue;
      const changes = p.run.run({ id, cutoff }).changes;
      deleted += changes;
      if (changes >= STEP_ROWS) capped = true;
    }
    if (capped) break;
    pruneCursor = id;
  }
  const wrapped = ids.length < STEP_SERIES && !capped;
  if (wrapped) pruneCursor = 0;
  return { deleted, wrapped };
}

/** Prunes every series now (a full round from the first). */
function pruneAll(now) {
  pruneCursor = 0;
  let deleted = 0;
  for (;;) {
    const step = pruneStep(now);
    deleted += step.deleted;
    if (step.wrapped) return deleted;
  }
}

/** Raw rows of a series in [from, to), at most limit + 1 of them, from the row after (after). */
const rawRows = db.prepare('SELECT t, v, q FROM samples WHERE series = ? AND t >= ? AND t < ? ORDER BY t LIMIT ?');
const rawGrouped = db.prepare('SELECT (t / CAST(@k AS INTEGER)) * @k AS t, min(CASE WHEN q & 1 = 0 THEN v END) AS min, max(CASE WHEN q & 1 = 0 THEN v END) AS max, ' +
  'sum(CASE WHEN q & 1 = 0 THEN v END) AS sum, sum(1 - (q & 1)) AS n, sum(q & 1) AS invalid FROM samples WHERE series = @id AND t >= @from AND t < @to GROUP BY t / CAST(@k AS INTEGER) ORDER BY 1');
const aggGrouped = TIERS.map((tier) => db.prepare('SELECT (bucket / CAST(@k AS INTEGER)) * @k * ' + tier.width + ' AS t, min(min) AS min, max(max) AS max, sum(sum) AS sum, sum(n) AS n, sum(invalid) AS invalid ' +
  'FROM ' + tier.table + ' WHERE series = @id AND bucket >= @from AND bucket < @to GROUP BY bucket / CAST(@k AS INTEGER) ORDER BY 1'));
const aggRows = TIERS.map((tier) => db.prepare('SELECT bucket * ' + tier.width + ' AS t, min, max, sum, n, invalid, last, last_q AS q FROM ' + tier.table + ' WHERE series = ? AND bucket >= ? AND bucket < ? ORDER BY bucket LIMIT ?'));
/** Rows scanned at most to group raw samples or 1-minute buckets for a chart. */
const SCAN_LIMIT = 400000;

/** Columns of grouped rows (avg = sum / n, null where no valid sample). */
function columns(rows, source, bucketMs) {
  return {
    source, bucketMs,
    times: rows.map((r) => r.t), values: rows.map((r) => (r.n > 0 ? r.sum / r.n : null)),
    min: rows.map((r) => r.min), max: rows.map((r) => r.max), count: rows.map((r) => r.n), invalid: rows.map((r) => r.invalid),
  };
}

/** A chart's series: raw when it has at most maxPoints samples, else buckets of the finest source that fits. */
function readSeries(id, from, to, maxPoints, now) {
  const rawFrom = retention.rawMs > 0 ? now - retention.rawMs : -Infinity;
  const range = Math.max(1, to - from);
  if (from >= rawFrom) {
    const rows = rawRows.all(id, from, to, maxPoints + 1);
    if (rows.length <= maxPoints) {
      return { source: 'raw', bucketMs: 0, times: rows.map((r) => r.t), values: rows.map((r) => r.v), invalid: rows.map((r) => r.q & 1), quality: rows.map((r) => qualityText(r.q)) };
    }
  }
  // one bucket less than allowed: a range rarely starts on a bucket boundary
  const widthFor = (unit) => Math.ceil(range / (maxPoints - 1) / unit) * unit;
  const perMs = rawPerMs(id, from, to);
  if (from >= rawFrom && range * perMs <= SCAN_LIMIT) {
    const width = widthFor(1);
    return columns(rawGrouped.all({ k: width, id, from, to }), 'raw', width);
  }
  const minuteFrom = retention.minuteMs > 0 ? now - retention.minuteMs : -Infinity;
  const k = from >= minuteFrom && range / 60000 <= SCAN_LIMIT ? 0 : 1;
  const width = TIERS[k].width;
  const factor = Math.max(1, Math.ceil(range / (maxPoints - 1) / width));
  return columns(aggGrouped[k].all({ k: factor, id, from: Math.floor(from / width), to: Math.ceil(to / width) }), k === 0 ? '1m' : '1h', factor * width);
}

/** Samples per ms of a series over a range, estimated from its 1-minute buckets. */
const minuteCount = db.prepare('SELECT coalesce(sum(n + invalid), 0) AS n FROM agg_1m WHERE series = ? AND bucket >= ? AND bucket < ?');
function rawPerMs(id, from, to) {
  const n = minuteCount.get(id, Math.floor(from / 60000), Math.ceil(to / 60000)).n;
  return n / Math.max(1, to - from);
}

/** One page of an export: raw rows or stored buckets of one tier, from time after on. */
function page(r) {
  const id = seriesId(r);
  const k = r.resolution === '1m' ? 0 : 1;
  const rows = r.resolution === 'raw' ? rawRows.all(id, r.from, r.to, r.limit) : aggRows[k].all(id, Math.ceil(r.from / TIERS[k].width), Math.ceil(r.to / TIERS[k].width), r.limit);
  for (const row of rows) row.words = qualityText(row.q);
  return rows;
}

function answer(id, fn) {
  try { parentPort.postMessage({ t: 'result', id, value: fn() }); }
  catch (error) { parentPort.postMessage({ t: 'result', id, error: String(error && error.message || error) }); }
}

const reportError = (error) => parentPort.postMessage({ t: 'error', message: String(error && error.message || error) });

/** Handles one message; returns a message it took from the queue and did not handle (or null). */
function handle(m) {
  if (m.t === 'append') return appendQueued(m);
  if (m.t === 'retention') retention = { rawMs: m.rawMs, minuteMs: m.minuteMs, hourMs: m.hourMs };
  else if (m.t === 'prune') answer(m.id, () => pruneAll(m.now));
  else if (m.t === 'read') answer(m.id, () => m.request.points.map((p) => readSeries(seriesId(p), m.request.from, m.request.to, m.request.maxPoints, m.request.now)));
  else if (m.t === 'page') answer(m.id, () => page(m.request));
  else if (m.t === 'stats') answer(m.id, () => ({ pages: db.pragma('page_count', { simple: true }), pageSize: db.pragma('page_size', { simple: true }), samples: db.prepare('SELECT count(*) AS n FROM samples').get().n }));
  else if (m.t === 'close') {
    db.close();
    parentPort.postMessage({ t: 'closed' });
  }
  return null;
}

parentPort.on('message', (first) => {
  for (let m = first; m !== null; ) {
    try {
      m = handle(m);
    } catch (error) {
      reportError(error);
      m = null;
    }
  }
});
parentPort.postMessage({ t: 'ready', series: db.prepare('SELECT id, station, point FROM series').all(), qualities: db.prepare('SELECT id, words FROM quality_sets').all() });
`;
