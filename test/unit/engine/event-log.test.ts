import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { afterEach, describe, expect, it } from 'vitest';
import { EventLog } from '../../../src-main/engine/event-log/event-log';

/** Bytes of the database's pages in use (as the retention counts them). */
function usedBytes(file: string): number {
  const db = new Database(file, { readonly: true });
  const pages = (db.pragma('page_count', { simple: true }) as number) - (db.pragma('freelist_count', { simple: true }) as number);
  const bytes = pages * (db.pragma('page_size', { simple: true }) as number);
  db.close();
  return bytes;
}

const dirs: string[] = [];
function tempFile(): string {
  const dir = mkdtempSync(join(tmpdir(), 'sy-evlog-'));
  dirs.push(dir);
  return join(dir, 'events.db');
}
afterEach(() => {
  for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true });
});

describe('event log', () => {
  it('stores events and queries them by time, station, point and kind with paging', async () => {
    const log = await EventLog.open({ file: tempFile() });
    for (let i = 0; i < 30; i++) {
      log.append({ time: 1000 + i, kind: i % 2 ? 'soe' : 'alarm', station: i < 20 ? 'a' : 'b', point: `bi:${i % 3}`, message: `event ${i}`, deviceTime: 500 + i, data: { i } });
    }
    const all = await log.query({});
    expect(all.total).toBe(30);
    expect(all.rows[0]!.message).toBe('event 29');
    expect(all.rows[0]!.data).toEqual({ i: 29 });
    const page = await log.query({ station: 'a', kinds: ['soe'], limit: 4, offset: 2, order: 'asc' });
    expect(page.total).toBe(10);
    expect(page.rows.map((r) => r.message)).toEqual(['event 5', 'event 7', 'event 9', 'event 11']);
    const ranged = await log.query({ from: 1010, to: 1012, point: 'bi:1' });
    expect(ranged.rows.map((r) => r.message)).toEqual(['event 10']);
    expect((await log.query({ text: '2%' })).total).toBe(0);
    await log.close();
  });

  it('returns the number of the batch an event is committed in, also for the row that fills a batch', async () => {
    const committed: number[] = [];
    const log = await EventLog.open({ file: tempFile(), onCommitted: (seq) => committed.push(seq) });
    const batches = Array.from({ length: 501 }, (_, i) => log.append({ kind: 'soe', message: `event ${i}` }));
    expect(batches.slice(0, 500).every((b) => b === 1)).toBe(true);
    expect(batches[500]).toBe(2);
    await log.flush();
    expect(committed).toEqual([1, 2]);
    await log.close();
  });

  it('keeps audit records and replaces them by id', async () => {
    const log = await EventLog.open({ file: tempFile() });
    const base = { id: 'c1', time: 5, user: 'eng', station: 's', point: 'bo:0', action: 'on', mode: 'sbo', stages: [] };
    log.audit({ ...base, result: 'PENDING', ok: false });
    log.audit({ ...base, result: 'SUCCESS', ok: true, stages: [{ stage: 'done', at: 6, result: 'SUCCESS', ok: true }] });
    const audit = await log.queryAudit({});
    expect(audit.total).toBe(1);
    expect(audit.rows[0]).toMatchObject({ result: 'SUCCESS', ok: true, stages: [{ stage: 'done' }] });
    await log.close();
  });

  it('survives reopening and brings the used pages within the size limit, dropping the oldest', async () => {
    const file = tempFile();
    const maxBytes = 64 * 1024;
    const log = await EventLog.open({ file, maxBytes });
    for (let i = 0; i < 3000; i++) log.append({ kind: 'soe', station: `s${i % 7}`, message: `event ${i} ${'x'.repeat(100)}` });
    await log.enforceRetention();
    const after = await log.query({ limit: 1 });
    expect(after.total).toBeGreaterThan(0);
    expect(after.total).toBeLessThan(3000);
    expect(after.rows[0]!.message.startsWith('event 2999')).toBe(true);
    const oldest = await log.query({ limit: 1, order: 'asc' });
    expect(oldest.rows[0]!.message.startsWith(`event ${3000 - after.total} `)).toBe(true);
    await log.close();
    expect(usedBytes(file)).toBeLessThanOrEqual(maxBytes);
    const reopened = await EventLog.open({ file });
    expect((await reopened.query({})).total).toBe(after.total);
    await reopened.close();
  });
});
