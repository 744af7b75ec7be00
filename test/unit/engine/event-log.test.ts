import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { EventLog } from '../../../src-main/engine/event-log/event-log';

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

  it('survives reopening and enforces the size limit', async () => {
    const file = tempFile();
    const log = await EventLog.open({ file, maxBytes: 64 * 1024 });
    for (let i = 0; i < 3000; i++) log.append({ kind: 'soe', message: `event ${i} ${'x'.repeat(100)}` });
    await log.enforceRetention();
    const after = await log.query({ limit: 1 });
    expect(after.total).toBeLessThan(3000);
    expect(after.rows[0]!.message.startsWith('event 2999')).toBe(true);
    await log.close();
    const reopened = await EventLog.open({ file });
    expect((await reopened.query({})).total).toBe(after.total);
    await reopened.close();
  });
});
