/**
 * An engine whose stations need more open files than its process may have (`ulimit -n`
 * lowered for a child engine) says so in its log and the event log, naming the limit and
 * the fix, instead of leaving stations to fail one by one with EMFILE.
 */
import { execFile } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { promisify } from 'node:util';
import { describe, expect, it } from 'vitest';

const CHILD = resolve(import.meta.dirname, 'descriptor-limit-child.ts');

describe('open file limit', () => {
  it('warns when the stations need more descriptors than ulimit -n allows', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'sy-fd-limit-'));
    try {
      const { stdout } = await promisify(execFile)('sh', ['-c', `ulimit -n 300 && exec "${process.execPath}" --import tsx "${CHILD}" "${dir}" 100`], { cwd: resolve(import.meta.dirname, '../../..') });
      const got = JSON.parse(stdout.trim().split('\n').at(-1)!) as { lines: string[]; events: string[] };
      const warning = '100 station connections need about 356 open files, but this process may open 300 (ulimit -n): stations beyond the limit fail to connect with EMFILE; raise the limit (ulimit -n, or LimitNOFILE= for a service)';
      expect(got.lines).toContain(`engine: ${warning}`);
      expect(got.events).toEqual([warning]);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  }, 60_000);
});
