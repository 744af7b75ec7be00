/**
 * The event-log worker's code, run with `new Worker(source, { eval: true })` so it works
 * the same under Node, tsx, Vitest and a bundled Electron main (no separate file to
 * ship). It owns the better-sqlite3 connection: WAL journal, synchronous=FULL, writes in
 * one transaction per batch, and answers queries. It receives the resolved path of
 * better-sqlite3 in workerData, so module resolution does not depend on the cwd.
 *
 * Messages in:  { t: 'append', seq, events: EventRow[], audits: AuditRow[] }
 *               { t: 'query', id, sql, params }        read-only SELECT built by the client
 *               { t: 'close' }
 * Messages out: { t: 'ready' } { t: 'committed', seq } { t: 'result', id, rows?, error? }
 *               { t: 'closed' } { t: 'error', message }
 */
export const EVENT_LOG_WORKER_SOURCE = String.raw`
const { parentPort, workerData } = require('node:worker_threads');
const Database = require(workerData.sqlitePath);
const db = new Database(workerData.file);
db.pragma('journal_mode = WAL');
db.pragma('synchronous = FULL');
db.exec([
  'CREATE TABLE IF NOT EXISTS events (id INTEGER PRIMARY KEY, time REAL NOT NULL, device_time REAL, kind TEXT NOT NULL, station TEXT, point TEXT, user TEXT, message TEXT NOT NULL, data TEXT)',
  'CREATE INDEX IF NOT EXISTS events_time ON events(time)',
  'CREATE INDEX IF NOT EXISTS events_station ON events(station, time)',
  'CREATE INDEX IF NOT EXISTS events_kind ON events(kind, time)',
  'CREATE INDEX IF NOT EXISTS events_point ON events(station, point, time)',
  'CREATE TABLE IF NOT EXISTS audit (id TEXT PRIMARY KEY, time REAL NOT NULL, user TEXT NOT NULL, role TEXT, station TEXT NOT NULL, point TEXT NOT NULL, action TEXT NOT NULL, value TEXT, mode TEXT NOT NULL, result TEXT NOT NULL, ok INTEGER NOT NULL, detail TEXT, stages TEXT NOT NULL, feedback TEXT)',
  'CREATE INDEX IF NOT EXISTS audit_time ON audit(time)',
].join(';'));
const insertEvent = db.prepare('INSERT INTO events (time, device_time, kind, station, point, user, message, data) VALUES (@time, @deviceTime, @kind, @station, @point, @user, @message, @data)');
const upsertAudit = db.prepare('INSERT OR REPLACE INTO audit (id, time, user, role, station, point, action, value, mode, result, ok, detail, stages, feedback) VALUES (@id, @time, @user, @role, @station, @point, @action, @value, @mode, @result, @ok, @detail, @stages, @feedback)');
const write = db.transaction((events, audits) => {
  for (const e of events) insertEvent.run(e);
  for (const a of audits) upsertAudit.run(a);
});
const maxBytes = workerData.maxBytes;
let sinceRetention = 0;
const usedBytes = () => (db.pragma('page_count', { simple: true }) - db.pragma('freelist_count', { simple: true })) * db.pragma('page_size', { simple: true });
const countEvents = db.prepare('SELECT COUNT(*) AS n FROM events');
const countAudits = db.prepare('SELECT COUNT(*) AS n FROM audit');
const dropEvents = db.prepare('DELETE FROM events WHERE id IN (SELECT id FROM events ORDER BY id LIMIT ?)');
const dropAudits = db.prepare('DELETE FROM audit WHERE id IN (SELECT id FROM audit ORDER BY time LIMIT ?)');
/** Drops the oldest tenth of the events (and of the audit records beyond 1000) until the used pages fit. */
function retention() {
  while (usedBytes() > maxBytes) {
    const events = countEvents.get().n;
    const audits = countAudits.get().n;
    if (events === 0 && audits <= 1000) return;
    if (events > 0) dropEvents.run(Math.ceil(events * 0.1));
    if (audits > 1000) dropAudits.run(Math.ceil(audits * 0.1));
  }
}
parentPort.on('message', (m) => {
  try {
    if (m.t === 'append') {
      write(m.events, m.audits);
      parentPort.postMessage({ t: 'committed', seq: m.seq });
      sinceRetention += m.events.length;
      if (sinceRetention >= 1000) { sinceRetention = 0; retention(); }
    } else if (m.t === 'query') {
      try {
        parentPort.postMessage({ t: 'result', id: m.id, rows: db.prepare(m.sql).all(m.params) });
      } catch (error) {
        parentPort.postMessage({ t: 'result', id: m.id, error: String(error && error.message || error) });
      }
    } else if (m.t === 'retention') {
      retention();
      parentPort.postMessage({ t: 'result', id: m.id, rows: [] });
    } else if (m.t === 'close') {
      db.close();
      parentPort.postMessage({ t: 'closed' });
    }
  } catch (error) {
    parentPort.postMessage({ t: 'error', message: String(error && error.message || error) });
  }
});
parentPort.postMessage({ t: 'ready' });
`;
