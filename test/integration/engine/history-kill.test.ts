/**
 * A killed process loses no committed history sample: a child process writes samples,
 * reports which are committed (the commit boundary: `HistoryStore.flush` resolved), and
 * is killed with SIGKILL; every reported sample is there on reopen, with its aggregates.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';
import { killAfterCommits } from './helpers/kill-after-commits';
import { HistoryStore } from '../../../src-main/engine/history/history-store';

const dir = mkdtempSync(join(tmpdir(), 'sy-history-kill-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('history durability', () => {
  it('keeps every committed sample of a process killed with SIGKILL', { timeout: 60_000 }, async () => {
    const file = join(dir, 'history.db');
    const committed = await killAfterCommits(fileURLToPath(new URL('./history-child.ts', import.meta.url)), file, 50_000, 45_000);

    const store = await HistoryStore.open({ file, retention: { rawDays: 3650, minuteDays: 3650, hourDays: 36500 } });
    try {
      const seen = new Set<number>();
      let minuteCount = 0;
      for (let i = 0; i < 10; i++) {
        const point = { station: 'child', point: `ai:${i}`, from: 0, to: Number.MAX_SAFE_INTEGER };
        for (const row of await store.page({ ...point, resolution: 'raw', limit: 10_000_000 })) seen.add(row.value);
        for (const bucket of await store.page({ ...point, resolution: '1m', limit: 1_000_000 })) minuteCount += bucket.count!;
      }
      const missing = [];
      for (let n = 1; n <= committed; n++) if (!seen.has(n)) missing.push(n);
      expect(missing).toEqual([]);
      // the aggregates were committed in the same transactions as the raw rows
      expect(minuteCount).toBe(seen.size);
    } finally {
      await store.close();
    }
  });
});
