/**
 * The files a DNP3 outstation simulator serves (`sim dnp3 --files DIR`): a directory on
 * disk, read-only. A path the master names (`/records/fault-1.cfg`) is taken from the
 * directory's root; a path that leaves it (`..`, a symbolic link pointing outside) is
 * refused as PERMISSION_DENIED, as a device refuses files it does not share.
 */
import { readdirSync, readFileSync, realpathSync, statSync, type Stats } from 'node:fs';
import { join, sep } from 'node:path';
import type { Dnp3FileDescriptor, Dnp3FileOpen, Dnp3FileStore } from '../../protocols/dnp3';

/** The g70 status of a file system error: missing is FILE_NOT_FOUND, anything else PERMISSION_DENIED. */
function statusOf(error: unknown): Dnp3FileOpen {
  const code = (error as NodeJS.ErrnoException).code;
  return { ok: false, status: code === 'ENOENT' || code === 'ENOTDIR' ? 'FILE_NOT_FOUND' : 'PERMISSION_DENIED' };
}

/** Unix permission bits of an entry (owner, group, world). */
const permissionsOf = (s: Stats): number => s.mode & 0o777;

/** A read-only store of the directory `root` (which must exist). */
export function directoryFileStore(root: string): Dnp3FileStore {
  const realRoot = realpathSync(root);
  const inside = (real: string): boolean => real === realRoot || real.startsWith(realRoot + sep);
  /** The real path of a name under the root, or null when it leaves the root. */
  const resolve = (name: string): string | null => {
    const parts = name.split('/').filter((p) => p !== '' && p !== '.');
    if (parts.includes('..')) return null;
    const real = realpathSync(join(realRoot, ...parts));
    return inside(real) ? real : null;
  };
  const entryOf = (dir: string, name: string): Dnp3FileDescriptor | null => {
    try {
      const real = realpathSync(join(dir, name));
      if (!inside(real)) return null;
      const s = statSync(real);
      return { name, directory: s.isDirectory(), size: s.isDirectory() ? 0 : s.size, created: Math.floor(s.mtimeMs), permissions: permissionsOf(s) };
    } catch {
      return null;
    }
  };
  return {
    open(name: string): Dnp3FileOpen {
      try {
        const real = resolve(name);
        if (real === null) return { ok: false, status: 'PERMISSION_DENIED' };
        if (!statSync(real).isDirectory()) return { ok: true, kind: 'file', bytes: readFileSync(real) };
        const entries = readdirSync(real)
          .sort()
          .map((n) => entryOf(real, n))
          .filter((e): e is Dnp3FileDescriptor => e !== null);
        return { ok: true, kind: 'directory', entries };
      } catch (error) {
        return statusOf(error);
      }
    },
  };
}
