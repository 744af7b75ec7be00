import { defineStore } from 'pinia';
import { ref } from 'vue';
import type { FileDownload } from '../../src-shared/file-downloads';
import type { RemoteFileEntry } from '../../src-shared/file-transfer';
import { useContract } from '../api';
import { errorText } from '../util/format';

/** The recent downloads kept (the engine keeps as many). */
const KEPT = 50;

/** A directory listing as the Files panel shows it. */
export interface Listing {
  station: string;
  directory: string;
  entries: RemoteFileEntry[];
}

/**
 * File downloads from devices (the Files panel): the listing shown, the recent downloads
 * (newest first, kept up to date by `files.progress`) and the engine's default folder.
 */
export const useFilesStore = defineStore('files', () => {
  const listing = ref<Listing | null>(null);
  const listingBusy = ref(false);
  const error = ref<string | null>(null);
  const transfers = ref<FileDownload[]>([]);
  const defaultFolder = ref('');

  /** Lists a directory of a station's device. */
  async function list(station: string, directory: string): Promise<void> {
    listingBusy.value = true;
    error.value = null;
    const r = await useContract().call('files.list', { station, directory });
    listingBusy.value = false;
    if (!r.ok) {
      error.value = errorText(r.error);
      return;
    }
    listing.value = { station, directory, entries: r.value.entries };
  }

  /** Asks for a download; a refusal comes back as a finished download with its result. */
  async function fetch(request: { station: string; name: string; folder?: string; resume?: boolean; credentials?: { user: string; password: string } }): Promise<void> {
    error.value = null;
    const r = await useContract().call('files.fetch', request);
    if (!r.ok) error.value = errorText(r.error);
    else update(r.value);
  }

  /** Cancels a download. */
  async function cancel(id: string): Promise<void> {
    const r = await useContract().call('files.cancel', { id });
    if (!r.ok) error.value = errorText(r.error);
    else update(r.value);
  }

  /** Loads the default folder and the recent downloads. */
  async function load(): Promise<void> {
    const r = await useContract().call('files.transfers', {});
    if (!r.ok) return;
    defaultFolder.value = r.value.defaultFolder;
    transfers.value = r.value.transfers;
  }

  function update(d: FileDownload): void {
    const i = transfers.value.findIndex((x) => x.id === d.id);
    if (i >= 0) transfers.value.splice(i, 1, d);
    else transfers.value = [d, ...transfers.value].slice(0, KEPT);
  }

  /** Follows the downloads' progress (boot calls it once). */
  function start(): void {
    useContract().on('files.progress', update);
  }

  return { listing, listingBusy, error, transfers, defaultFolder, list, fetch, cancel, load, start };
});
