/** One page of a filtered, paged log query (the audit log, the event log). */
import { ref, shallowRef } from 'vue';
import type { Result } from '../../src-shared/ipc/result';
import { errorText } from '../util/format';

/** A page of rows and how many rows the filter matches in all. */
export interface Page<R> {
  rows: R[];
  total: number;
}

/** How {@link usePagedQuery} fetches a page, and what it does after each one arrives. */
export interface PagedQueryOptions<F, R> {
  pageSize: number;
  fetch: (filter: F, offset: number, limit: number) => Promise<Result<Page<R>>>;
  /** Called after a page has been loaded. */
  loaded?: () => void;
}

/**
 * The filter, the page index, the page's rows, the total and the last error of a paged
 * query; `search` applies a filter from the first page, `goTo` moves to another page.
 */
export function usePagedQuery<F extends object, R>(options: PagedQueryOptions<F, R>) {
  const filter = shallowRef({} as F);
  const page = ref(0);
  const rows = shallowRef<R[]>([]);
  const total = ref(0);
  const loading = ref(false);
  const error = ref<string | null>(null);

  /** Loads the current page for the current filter. */
  async function query(): Promise<void> {
    loading.value = true;
    const result = await options.fetch(filter.value, page.value * options.pageSize, options.pageSize);
    loading.value = false;
    if (!result.ok) {
      error.value = errorText(result.error);
      return;
    }
    rows.value = result.value.rows;
    total.value = result.value.total;
    error.value = null;
    options.loaded?.();
  }

  /** Applies a new filter from the first page. */
  async function search(next: F): Promise<void> {
    filter.value = next;
    page.value = 0;
    await query();
  }

  /** Moves to another page. */
  async function goTo(index: number): Promise<void> {
    page.value = Math.max(0, index);
    await query();
  }

  return { filter, page, rows, total, loading, error, query, search, goTo };
}

/** A call's page as a {@link Page}: `rows` picks the rows out of the response. */
export function toPage<V extends { total: number }, R>(result: Result<V>, rows: (value: V) => R[]): Result<Page<R>> {
  return result.ok ? { ok: true, value: { rows: rows(result.value), total: result.value.total } } : result;
}
