/**
 * An unclean shutdown loses no committed event: a child process writes events, reports
 * which are committed, and is killed with SIGKILL; every reported event is there on reopen.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';
import { killAfterCommits } from './helpers/kill-after-commits';
import { EventLog } from '../../../src-main/engine/event-log/event-log';

const dir = mkdtempSync(join(tmpdir(), 'sy-kill-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('event log durability', () => {
  it('keeps every committed event of a process killed with SIGKILL', async () => {
    const file = join(dir, 'events.db');
    const committed = await killAfterCommits(fileURLToPath(new URL('./event-log-child.ts', import.meta.url)), file, 5000);
    const log = await EventLog.open({ file });
    const { total } = await log.query({ station: 'child', limit: 1 });
    const rows = await log.query({ station: 'child', limit: 10_000, order: 'asc' });
    const numbers = new Set<number>();
    for (let offset = 0; offset < total; offset += 10_000) {
      const page = offset === 0 ? rows : await log.query({ station: 'child', limit: 10_000, offset, order: 'asc' });
      for (const row of page.rows) numbers.add((row.data as { n: number }).n);
    }
    await log.close();
    expect(total).toBeGreaterThanOrEqual(committed);
    const missing = [];
    for (let n = 1; n <= committed; n++) if (!numbers.has(n)) missing.push(n);
    expect(missing).toEqual([]);
  });
});
