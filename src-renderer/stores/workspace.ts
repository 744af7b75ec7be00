import { defineStore } from 'pinia';
import { ref } from 'vue';
import type { CallResponse } from '../../src-shared/ipc/contract';
import { useContract } from '../api';
import { download } from '../util/download';
import { errorText } from '../util/format';

/** What the engine reports about the running workspace. */
export type WorkspaceInfo = CallResponse<'workspace.info'>;
/** The workspace preferences (batch interval, trend length, event-log size, theme). */
export type Preferences = WorkspaceInfo['preferences'];

/**
 * The running workspace: its info (kept current by `workspace.changed`), export as a file
 * download, import from a file's text and preferences. Changes answer null when done or
 * the engine's error as `CODE: message`; a refused import leaves the running workspace as it was.
 */
export const useWorkspaceStore = defineStore('workspace', () => {
  const info = ref<WorkspaceInfo | null>(null);
  const error = ref<string | null>(null);

  /** Loads the workspace info. */
  async function load(): Promise<void> {
    const result = await useContract().call('workspace.info', {});
    if (result.ok) {
      info.value = result.value;
      error.value = null;
    } else error.value = errorText(result.error);
  }

  /** Offers the workspace file (it includes password hashes) as a download. */
  async function exportFile(): Promise<string | null> {
    const result = await useContract().call('workspace.export', {});
    if (!result.ok) return errorText(result.error);
    download(exportFileName(info.value?.name ?? 'workspace'), new Blob([result.value.text], { type: 'application/json' }));
    return null;
  }

  /** Replaces the running workspace with a workspace file's text. */
  async function importText(text: string): Promise<string | null> {
    const result = await useContract().call('workspace.import', { text });
    if (!result.ok) return errorText(result.error);
    info.value = result.value;
    return null;
  }

  /** Saves the preferences. */
  async function setPreferences(preferences: Preferences): Promise<string | null> {
    const result = await useContract().call('workspace.setPreferences', { preferences });
    if (!result.ok) return errorText(result.error);
    info.value = result.value;
    return null;
  }

  /** Follows `workspace.changed` (an import or preference change by anyone). */
  function start(): void {
    useContract().on('workspace.changed', (next) => {
      info.value = next;
    });
  }

  return { info, error, load, exportFile, importText, setPreferences, start };
});

/** `<name>.workspace.json`, the name reduced to characters safe in a file name. */
export function exportFileName(name: string): string {
  const safe = name.trim().replace(/[^A-Za-z0-9._-]+/g, '-').replace(/^-+|-+$/g, '');
  return `${safe || 'workspace'}.workspace.json`;
}
