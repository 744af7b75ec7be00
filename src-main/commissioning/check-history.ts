/**
 * The history of connectivity checks and port sweeps, in `commissioning/checks.json` of
 * the data directory (newest first, capped). It stays outside the workspace on purpose:
 * it is a log of what was run, not configuration, so it is not exported, imported or
 * versioned with the workspace, and a check never rewrites the workspace file. The file is
 * replaced atomically.
 */
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import * as v from 'valibot';
import { CheckRecord } from '../../src-shared/ipc/schemas/commissioning';
import { writeFileAtomic } from '../engine/workspace/workspace-store';

/** Checks kept in the history. */
const CHECK_HISTORY_LIMIT = 200;

/** The check history of one data directory. */
export class CheckHistory {
  private readonly file: string;
  private writing: Promise<void> = Promise.resolve();
  private records: Promise<CheckRecord[]> | null = null;

  constructor(dataDir: string) {
    this.file = join(dataDir, 'commissioning', 'checks.json');
  }

  /** The history, newest first: read from the file once, then kept in memory. */
  list(): Promise<CheckRecord[]> {
    this.records ??= this.read();
    return this.records.then((records) => records.slice());
  }

  /** Adds a record at the head of the history and saves it (additions are serialised). */
  add(record: CheckRecord): Promise<void> {
    const run = this.writing.then(async () => {
      const history = [record, ...(await this.list())].slice(0, CHECK_HISTORY_LIMIT);
      this.records = Promise.resolve(history);
      await writeFileAtomic(this.file, JSON.stringify(history, null, 2));
    });
    this.writing = run.catch(() => undefined);
    return run;
  }

  /** The file's history; an unreadable or invalid file reads as empty. */
  private async read(): Promise<CheckRecord[]> {
    let doc: unknown;
    try {
      doc = JSON.parse(await readFile(this.file, 'utf8')) as unknown;
    } catch {
      return [];
    }
    const parsed = v.safeParse(v.array(CheckRecord), doc);
    return parsed.success ? parsed.output : [];
  }
}
