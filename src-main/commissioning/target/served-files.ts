/**
 * The folder an IEC 104 simulator serves for file transfer (`sim iec104 --files DIR`): its
 * regular files, each named by a NOF (name of file). At start the file names in sorted
 * order get NOF 1..n; a file added later gets the next unused number; a file keeps its
 * number while the simulator runs, also after it changed (so a resumed download still reads
 * the same file). Subfolders are not served. A file whose real path lies outside the folder
 * (a symbolic link out of it) is refused and never read. The folder is watched: a change is
 * read again and the sessions report the new directory spontaneously.
 */
import { readdirSync, readFileSync, realpathSync, statSync, watch, type FSWatcher } from 'node:fs';
import { join, sep } from 'node:path';
import { MAX_FILE_SIZE, StationFiles, type StationFile } from '../../protocols/iec104';

/** A served folder: the files the sessions share, and what was refused. */
export interface ServedFolder {
  files: StationFiles;
  /** One line per file served (`NOF 1  fault-0001.cfg  1234 octets`). */
  describe(): string[];
  close(): void;
}

/** Reads a folder for serving; fails when it is not a readable folder. `onRefused` hears once of each file not served and why. */
export function serveFolder(dir: string, onRefused: (line: string) => void = () => undefined): { ok: true; value: ServedFolder } | { ok: false; message: string } {
  let root: string;
  try {
    root = realpathSync(dir);
    if (!statSync(root).isDirectory()) return { ok: false, message: `${dir} is not a folder` };
  } catch (error) {
    return { ok: false, message: `${dir}: ${(error as NodeJS.ErrnoException).code ?? String(error)}` };
  }
  const numbers = new Map<string, number>();
  const refusedBefore = new Set<string>();
  const read = (): StationFile[] => readFolder(root, numbers, (name, why) => {
    const line = `${name}: ${why}`;
    if (!refusedBefore.has(line)) onRefused(line);
    refusedBefore.add(line);
  });
  const files = new StationFiles(read());
  let signature = signatureOf(files.list());
  let timer: NodeJS.Timeout | null = null;
  const reload = (): void => {
    timer = null;
    const now = read();
    const next = signatureOf(now);
    if (next === signature) return;
    signature = next;
    files.replace(now);
  };
  let watcher: FSWatcher | null = null;
  try {
    watcher = watch(root, () => {
      timer ??= setTimeout(reload, 200);
    });
    watcher.on('error', () => watcher?.close());
  } catch {
    watcher = null;
  }
  return {
    ok: true,
    value: {
      files,
      describe: () => files.list().map((f) => `NOF ${f.nof}  ${f.name}  ${f.bytes.length} octets`),
      close: () => {
        watcher?.close();
        if (timer !== null) clearTimeout(timer);
      },
    },
  };
}

/** The served files of the folder, numbering new names after the highest number given. */
function readFolder(root: string, numbers: Map<string, number>, refuse: (name: string, why: string) => void): StationFile[] {
  const names = readdirSync(root).sort();
  const files: StationFile[] = [];
  for (const name of names) {
    const file = readOne(root, name, refuse);
    if (file === null) continue;
    let nof = numbers.get(name);
    if (nof === undefined) {
      nof = Math.max(0, ...numbers.values()) + 1;
      if (nof > 0xffff) {
        refuse(name, 'no name of file (NOF) left: 65535 are given');
        continue;
      }
      numbers.set(name, nof);
    }
    files.push({ nof, name, bytes: file.bytes, modifiedMs: file.modifiedMs });
  }
  return files;
}

function readOne(root: string, name: string, refuse: (name: string, why: string) => void): { bytes: Uint8Array; modifiedMs: number } | null {
  try {
    const real = realpathSync(join(root, name));
    if (!real.startsWith(root + sep)) {
      refuse(name, `refused: it leads outside the folder (${real})`);
      return null;
    }
    const st = statSync(real);
    if (!st.isFile()) return null;
    if (st.size > MAX_FILE_SIZE) {
      refuse(name, `refused: ${st.size} octets, more than IEC 104 can announce (${MAX_FILE_SIZE})`);
      return null;
    }
    return { bytes: new Uint8Array(readFileSync(real)), modifiedMs: Math.round(st.mtimeMs) };
  } catch (error) {
    // Removed between listing and reading, or unreadable: not served this time.
    refuse(name, `not readable (${(error as NodeJS.ErrnoException).code ?? String(error)})`);
    return null;
  }
}

function signatureOf(files: readonly StationFile[]): string {
  return files.map((f) => `${f.nof}:${f.name}:${f.bytes.length}:${f.modifiedMs}`).join('|');
}
