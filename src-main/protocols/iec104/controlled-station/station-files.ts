/**
 * The files a simulated controlled station offers for transfer, shared by all its
 * connections: each file is named by a NOF (name of file) at the directory's IOA. The host
 * reads them (the protocol never touches a file system) and replaces them when its folder
 * changes; the sessions see the new version and report their directory spontaneously.
 */

/** One file of the directory. */
export interface StationFile {
  /** Name of file (1-65535). */
  nof: number;
  /** The host's name of it (shown in logs, not sent: IEC 104 names files by number). */
  name: string;
  bytes: Uint8Array;
  /** Last change, UTC epoch ms; null when unknown. */
  modifiedMs: number | null;
}

/** The largest file IEC 104 can announce: LOF is three octets. */
export const MAX_FILE_SIZE = 0xffffff;

/**
 * A directory's files as one shared, replaceable snapshot. `version` counts replacements, so
 * each session can tell that the directory changed since it last reported it.
 */
export class StationFiles {
  private byNof = new Map<number, StationFile>();
  /** Incremented by every `replace`. */
  version = 0;

  constructor(files: readonly StationFile[] = []) {
    this.set(files);
  }

  /** Every file, in NOF order. */
  list(): StationFile[] {
    return [...this.byNof.values()].sort((a, b) => a.nof - b.nof);
  }

  /** The file of a NOF, if any. */
  get(nof: number): StationFile | undefined {
    return this.byNof.get(nof);
  }

  /** Replaces the whole directory (the host saw its folder change). */
  replace(files: readonly StationFile[]): void {
    this.set(files);
    this.version++;
  }

  private set(files: readonly StationFile[]): void {
    for (const f of files) {
      if (!Number.isInteger(f.nof) || f.nof < 1 || f.nof > 0xffff) throw new Error(`StationFiles: NOF ${f.nof} of ${f.name} is not 1-65535`);
      if (f.bytes.length > MAX_FILE_SIZE) throw new Error(`StationFiles: ${f.name} has ${f.bytes.length} octets, more than LOF can say`);
    }
    this.byNof = new Map(files.map((f) => [f.nof, f]));
  }
}
