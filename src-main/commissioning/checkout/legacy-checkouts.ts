/**
 * Before workspace format 3, each checkout was a JSON file in
 * `<dataDir>/commissioning/checkouts/`. On start those files are imported once into the
 * workspace: only after the workspace holding them is saved is the folder renamed to
 * `checkouts.imported` (kept, never deleted), so it is not imported again. Checkouts whose
 * id the workspace already has are not imported twice (a crash between the save and the
 * rename); files that are not valid checkouts are left in the renamed folder and reported.
 */
import { readdir, readFile, rename, stat } from 'node:fs/promises';
import { join } from 'node:path';
import * as v from 'valibot';
import { describeSchemaIssues } from '../../../src-shared/workspace/migrate';
import { Checkout } from '../../../src-shared/workspace/checkout';
import type { WorkspaceService } from '../../engine/workspace/workspace-service';

/** What the import did. */
export interface LegacyCheckoutImport {
  /** Checkouts added to the workspace. */
  imported: number;
  /** Files that were not valid checkouts, each with the reason. */
  invalid: string[];
  /** Where the old folder now is. */
  movedTo: string;
}

/** The folder where format-2 Switchyard kept checkouts. */
function legacyCheckoutDir(dataDir: string): string {
  return join(dataDir, 'commissioning', 'checkouts');
}

async function readCheckoutFile(path: string): Promise<{ ok: true; checkout: Checkout } | { ok: false; reason: string }> {
  let doc: unknown;
  try {
    doc = JSON.parse(await readFile(path, 'utf8'));
  } catch (error) {
    return { ok: false, reason: (error as Error).message };
  }
  const parsed = v.safeParse(Checkout, doc);
  return parsed.success ? { ok: true, checkout: parsed.output } : { ok: false, reason: describeSchemaIssues(parsed.issues) };
}

async function freeName(path: string): Promise<string> {
  for (let n = 1; ; n++) {
    const candidate = n === 1 ? path : `${path}-${n}`;
    if (!(await stat(candidate).catch(() => null))) return candidate;
  }
}

/**
 * Imports the old checkout files of `dataDir` into the workspace, then renames their
 * folder. Resolves null when there is no such folder; rejects (leaving the files as they
 * are) when the workspace refuses them or cannot be saved.
 */
export async function importLegacyCheckouts(dataDir: string, workspace: WorkspaceService): Promise<LegacyCheckoutImport | null> {
  const dir = legacyCheckoutDir(dataDir);
  let names: string[];
  try {
    names = (await readdir(dir)).filter((name) => name.endsWith('.json')).sort();
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return null;
    throw error;
  }
  const found: Checkout[] = [];
  const invalid: string[] = [];
  for (const name of names) {
    const read = await readCheckoutFile(join(dir, name));
    if (!read.ok) invalid.push(`${name}: ${read.reason}`);
    else if (found.some((c) => c.id === read.checkout.id)) invalid.push(`${name}: a second checkout ${read.checkout.id}`);
    else found.push(read.checkout);
  }
  let imported = 0;
  if (found.length > 0) {
    const change = await workspace.update((draft) => {
      const list = (draft.checkouts ?? []) as Checkout[];
      const have = new Set(list.map((c) => c.id));
      const fresh = found.filter((c) => !have.has(c.id));
      imported = fresh.length;
      draft.checkouts = [...list, ...fresh];
    });
    if (!change.ok) throw new Error(`old checkouts in ${dir} not imported: ${change.error.message}`);
  }
  const movedTo = await freeName(`${dir}.imported`);
  await rename(dir, movedTo);
  return { imported, invalid, movedTo };
}
