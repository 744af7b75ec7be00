/**
 * Directory listings in progress: each `file.list` call waits for its `fileList` event,
 * and ends TIMEOUT without one, or LINK_LOST when its station stops being ready.
 */
import { randomUUID } from 'node:crypto';
import type { DownloadResult } from '../../../src-shared/file-downloads';
import type { FileEvent, RemoteFileEntry } from '../../../src-shared/file-transfer';

/** The outcome of a listing. */
export type ListOutcome = { ok: true; entries: RemoteFileEntry[] } | { ok: false; result: DownloadResult; detail: string };

interface Pending {
  station: string;
  resolve(outcome: ListOutcome): void;
  timer: ReturnType<typeof setTimeout>;
}

/** The listings waiting for their answer. */
export class FileLists {
  private readonly pending = new Map<string, Pending>();

  constructor(private readonly timeoutMs: number) {}

  /** Sends a listing with `send(id)` (false: the station is not connected) and waits for its answer. */
  run(station: string, send: (id: string) => boolean): Promise<ListOutcome> {
    const id = randomUUID();
    return new Promise<ListOutcome>((resolve) => {
      const timer = setTimeout(() => this.end(id, { ok: false, result: 'TIMEOUT', detail: `no directory listing within ${this.timeoutMs} ms` }), this.timeoutMs);
      timer.unref?.();
      this.pending.set(id, { station, resolve, timer });
      if (!send(id)) this.end(id, { ok: false, result: 'NOT_CONNECTED', detail: `${station} is not connected` });
    });
  }

  /** The session's answer to a listing. */
  answer(e: Extract<FileEvent, { type: 'fileList' }>): void {
    this.end(e.id, e.ok ? { ok: true, entries: e.entries } : { ok: false, result: e.result, detail: e.detail ?? e.result });
  }

  /** A station stopped being ready: its listings end LINK_LOST. */
  stationDown(station: string): void {
    for (const [id, p] of this.pending) if (p.station === station) this.end(id, { ok: false, result: 'LINK_LOST', detail: 'the link dropped during the listing' });
  }

  /** Ends every listing (engine stop). */
  stop(): void {
    for (const id of [...this.pending.keys()]) this.end(id, { ok: false, result: 'LINK_LOST', detail: 'the engine stopped' });
  }

  private end(id: string, outcome: ListOutcome): void {
    const p = this.pending.get(id);
    if (!p) return;
    clearTimeout(p.timer);
    this.pending.delete(id);
    p.resolve(outcome);
  }
}
