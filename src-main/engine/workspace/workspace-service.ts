/**
 * The running workspace: the last good configuration, where it is saved, and how changes
 * are applied. Every change is validated as a whole workspace first; an invalid one is
 * refused with the field path and the reason and the running workspace stays as it was.
 * Saves are serialised and atomic.
 */
import * as v from 'valibot';
import { describeSchemaIssues, migrateWorkspace } from '../../../src-shared/workspace/migrate';
import type { Checkout } from '../../../src-shared/workspace/checkout';
import { Workspace, type WorkspaceInput, type Workspace as WorkspaceType } from '../../../src-shared/workspace/workspace';
import { parseWorkspaceText, saveWorkspaceFile, workspaceToText } from './workspace-store';

/** Why a workspace change was refused. */
export interface WorkspaceError {
  code: 'INVALID_WORKSPACE' | 'NEWER_FORMAT';
  message: string;
}

/** Result of a change. */
export type WorkspaceChange = { ok: true; workspace: WorkspaceType } | { ok: false; error: WorkspaceError };

/** Applies an accepted workspace to the running engine (stations, point lists...). */
export type WorkspaceApply = (next: WorkspaceType, previous: WorkspaceType) => Promise<void>;

/** Turns an accepted workspace into the one to run and save (secrets moved out of it). */
export type WorkspacePrepare = (next: WorkspaceType, previous: WorkspaceType) => Promise<WorkspaceType>;

/** Holds and persists the running workspace. */
export class WorkspaceService {
  private saving: Promise<void> = Promise.resolve();
  /** The save not yet started, which later changes can still join. */
  private nextSave: Promise<void> | null = null;
  private queue: Promise<unknown> = Promise.resolve();

  constructor(
    private current: WorkspaceType,
    readonly path: string,
    private readonly apply: WorkspaceApply,
    private readonly prepare: WorkspacePrepare = async (next) => next,
  ) {}

  /** The running workspace (do not mutate; use {@link update}). */
  get workspace(): WorkspaceType {
    return this.current;
  }

  /**
   * Validates `edit(copy)` as a whole workspace, then applies and saves it. The edit gets
   * a deep copy in input form and may change it freely.
   */
  update(edit: (draft: WorkspaceInput) => WorkspaceInput | void): Promise<WorkspaceChange> {
    return this.enqueue(() => this.updateNow(edit));
  }

  /**
   * Like {@link update} for the checkouts alone: `edit` gets a deep copy of the list; the
   * result is validated and saved, but not applied, since no station, point list, user or
   * preference changed (nothing to restart, reconfigure or announce).
   */
  updateCheckouts(edit: (checkouts: Checkout[]) => void): Promise<WorkspaceChange> {
    return this.enqueue(async () => {
      const checkouts = structuredClone(this.current.checkouts);
      edit(checkouts);
      const parsed = this.validate({ ...this.current, checkouts });
      if (!parsed.ok) return parsed;
      this.current = parsed.workspace;
      await this.save();
      return parsed;
    });
  }

  private async updateNow(edit: (draft: WorkspaceInput) => WorkspaceInput | void): Promise<WorkspaceChange> {
    const draft = structuredClone(this.current) as WorkspaceInput;
    const parsed = this.validate(edit(draft) ?? draft);
    return parsed.ok ? this.replaceNow(parsed.workspace) : parsed;
  }

  private validate(input: WorkspaceInput): WorkspaceChange {
    const parsed = v.safeParse(Workspace, input);
    if (!parsed.success) return { ok: false, error: { code: 'INVALID_WORKSPACE', message: describeSchemaIssues(parsed.issues) } };
    return { ok: true, workspace: parsed.output };
  }

  /** Replaces the workspace with an imported document (migrated when older). */
  async importText(text: string): Promise<WorkspaceChange> {
    const parsed = parseWorkspaceText(text);
    if (!parsed.ok) return { ok: false, error: { code: parsed.code, message: parsed.message } };
    return this.replace(parsed.workspace);
  }

  /** Replaces the workspace with an already parsed document. */
  async importDocument(doc: unknown): Promise<WorkspaceChange> {
    const parsed = migrateWorkspace(doc);
    if (!parsed.ok) return { ok: false, error: { code: parsed.code, message: parsed.message } };
    return this.replace(parsed.workspace);
  }

  /** The workspace as its file text (for export). */
  exportText(): string {
    return workspaceToText(this.current);
  }

  /** Waits for pending saves. */
  flush(): Promise<void> {
    return this.saving;
  }

  /**
   * Saves the running workspace (e.g. after creating it). Saves asked for while one is
   * being written are coalesced into one write of the workspace as it is by then.
   */
  save(): Promise<void> {
    if (!this.nextSave) {
      const next = this.saving.then(() => {
        this.nextSave = null;
        return saveWorkspaceFile(this.path, this.current);
      });
      this.nextSave = next;
      this.saving = next;
    }
    return this.nextSave;
  }

  private replace(next: WorkspaceType): Promise<WorkspaceChange> {
    return this.enqueue(() => this.replaceNow(next));
  }

  private enqueue<T>(task: () => Promise<T>): Promise<T> {
    const run = this.queue.then(task);
    this.queue = run.catch(() => undefined);
    return run;
  }

  private async replaceNow(accepted: WorkspaceType): Promise<WorkspaceChange> {
    const previous = this.current;
    const next = await this.prepare(accepted, previous);
    this.current = next;
    await this.apply(next, previous);
    await this.save();
    return { ok: true, workspace: next };
  }
}
