/**
 * Checkouts live in the workspace (`checkouts`, format 3 on): they are saved through the
 * workspace's serialised, validated and atomic save, and travel with its export. Writing
 * one changes nothing else, so it is not applied to stations or announced as a change.
 */
import type { Checkout } from '../../../src-shared/workspace/checkout';
import type { WorkspaceService } from '../../engine/workspace/workspace-service';

/** Why a checkout could not be written. */
export interface CheckoutWriteError {
  code: 'NOT_FOUND' | 'NOT_SAVED';
  message: string;
}

/** Result of a write: the checkout as saved. */
export type CheckoutWrite = { ok: true; value: Checkout } | { ok: false; error: CheckoutWriteError };

/** Where checkouts are kept. */
export interface CheckoutStore {
  /** Every checkout. */
  list(): readonly Checkout[];
  /** One checkout, or undefined. */
  get(id: string): Checkout | undefined;
  /** Adds a new checkout. */
  add(checkout: Checkout): Promise<CheckoutWrite>;
  /**
   * Replaces checkout `id` with `change(stored)`, where `stored` is the checkout as it is
   * at the moment of the write (so concurrent edits of other items are kept).
   */
  change(id: string, change: (stored: Checkout) => Checkout): Promise<CheckoutWrite>;
}

class VanishedError extends Error {}

/** The checkouts of the running workspace. */
export function workspaceCheckouts(workspace: WorkspaceService): CheckoutStore {
  const write = async (id: string, edit: (list: Checkout[]) => void): Promise<CheckoutWrite> => {
    try {
      const change = await workspace.updateCheckouts(edit);
      if (!change.ok) return { ok: false, error: { code: 'NOT_SAVED', message: `checkout ${id} not saved: ${change.error.message}` } };
      return { ok: true, value: change.workspace.checkouts.find((c) => c.id === id)! };
    } catch (error) {
      if (error instanceof VanishedError) return { ok: false, error: { code: 'NOT_FOUND', message: error.message } };
      throw error;
    }
  };
  return {
    list: () => workspace.workspace.checkouts,
    get: (id) => workspace.workspace.checkouts.find((c) => c.id === id),
    add: (checkout) =>
      write(checkout.id, (list) => {
        list.push(checkout);
      }),
    change: (id, change) =>
      write(id, (list) => {
        const index = list.findIndex((c) => c.id === id);
        // Only when a workspace import replaced the checkouts since the caller read them.
        if (index < 0) throw new VanishedError(`no checkout ${id} (the workspace was replaced)`);
        list[index] = change(list[index]!);
      }),
  };
}
