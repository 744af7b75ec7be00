import { mkdirSync, mkdtempSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { directoryFileStore } from '../../../src-main/commissioning/target/directory-file-store';

function tree(): { root: string; outside: string } {
  const base = mkdtempSync(join(tmpdir(), 'sim-files-'));
  const root = join(base, 'served');
  mkdirSync(join(root, 'records'), { recursive: true });
  writeFileSync(join(root, 'records', 'fault-0001.cfg'), 'station,1\n');
  writeFileSync(join(root, 'readme.txt'), 'hello');
  writeFileSync(join(base, 'secret.txt'), 'not yours');
  symlinkSync(join(base, 'secret.txt'), join(root, 'leak.txt'));
  return { root, outside: join(base, 'secret.txt') };
}

describe('the simulator directory file store', () => {
  it('lists a directory (sorted, sizes, times, permissions) and reads a file', () => {
    const { root } = tree();
    const store = directoryFileStore(root);
    const listing = store.open('/');
    expect(listing.ok && listing.kind === 'directory' && listing.entries.map((e) => [e.name, e.directory, e.size])).toEqual([
      ['readme.txt', false, 5],
      ['records', true, 0],
    ]);
    const file = store.open('/records/fault-0001.cfg');
    expect(file.ok && file.kind === 'file' && Buffer.from(file.bytes).toString()).toBe('station,1\n');
    expect(listing.ok && listing.kind === 'directory' && listing.entries[0]!.created).toBeGreaterThan(0);
  });

  it('refuses paths that leave the directory, by .. or by a symbolic link, and says when a file is missing', () => {
    const { root } = tree();
    const store = directoryFileStore(root);
    expect(store.open('/../secret.txt')).toEqual({ ok: false, status: 'PERMISSION_DENIED' });
    expect(store.open('records/../../secret.txt')).toEqual({ ok: false, status: 'PERMISSION_DENIED' });
    expect(store.open('/leak.txt')).toEqual({ ok: false, status: 'PERMISSION_DENIED' });
    expect(store.open('/nope.dat')).toEqual({ ok: false, status: 'FILE_NOT_FOUND' });
    expect(store.open('/readme.txt/x')).toEqual({ ok: false, status: 'FILE_NOT_FOUND' });
    const listing = store.open('/');
    expect(listing.ok && listing.kind === 'directory' && listing.entries.some((e) => e.name === 'leak.txt')).toBe(false);
  });
});
