/** What the Files panel computes from a download and a device path, as text. */
import type { FileDownload } from '../../../src-shared/file-downloads';

/** Percent of the file received (0-100, whole), 100 for an empty file; 0 while the size is unknown. */
export function percentOf(t: Pick<FileDownload, 'received' | 'size'>): number {
  if (t.size === null) return 0;
  if (t.size === 0) return 100;
  return Math.min(100, Math.floor((100 * t.received) / t.size));
}

/** A download's state in words (never by colour alone). */
export function stateText(t: Pick<FileDownload, 'state' | 'resumes'>): string {
  switch (t.state) {
    case 'queued':
      return 'Queued: another download of this station runs first';
    case 'running':
      return t.resumes > 0 ? `Transferring (resumed ${t.resumes}×)` : 'Transferring';
    case 'waiting':
      return 'Link lost: waiting to resume';
    case 'done':
      return 'Done';
  }
}

/** The parent of a DNP3 directory path (`/records/x` -> `/records`, `/records` -> `/`). */
export function parentDirectory(path: string): string {
  const parts = path.split('/').filter((p) => p !== '');
  parts.pop();
  return `/${parts.join('/')}`;
}
