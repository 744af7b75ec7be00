/**
 * An unclean shutdown loses no committed event: a child process writes events, reports
 * which are committed, and is killed with SIGKILL; every reported event is there on reopen.
 */
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';
import { EventLog } from '../../../src-main/engine/event-log/event-log';

const dir = mkdtempSync(join(tmpdir(), 'sy-kill-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('event log durability', () => {
  it('keeps every committed event of a process killed with SIGKILL', async () => {
    const file = join(dir, 'events.db');
    const child = spawn(process.execPath, ['--import', 'tsx', fileURLToPath(new URL('./event-log-child.ts', import.meta.url)), file], { stdio: ['ignore', 'pipe', 'pipe'] });
    let committed = 0;
    let stderr = '';
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    await new Promise<void>((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`child reported only ${committed} committed events; stderr: ${stderr}`)), 30_000);
      child.stdout.on('data', (chunk: Buffer) => {
        for (const line of chunk.toString().split('\n')) {
          const match = /^committed (\d+)$/.exec(line);
          if (match) committed = Math.max(committed, Number(match[1]));
        }
        if (committed >= 5000) {
          clearTimeout(timer);
          resolve();
        }
      });
      child.once('exit', (code) => reject(new Error(`child exited early (${code}): ${stderr}`)));
    });
    const exited = new Promise((resolve) => child.once('exit', resolve));
    child.kill('SIGKILL');
    await exited;
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
