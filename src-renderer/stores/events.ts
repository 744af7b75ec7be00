import { defineStore } from 'pinia';
import { ref, shallowRef } from 'vue';
import type { CallRequest, CallResponse } from '../../src-shared/ipc/contract';
import { useContract } from '../api';
import { errorText } from '../util/format';

/** One logged event. */
export type EventRecord = CallResponse<'events.query'>['events'][number];
/** The event log filter. */
export type EventFilter = Omit<CallRequest<'events.query'>, 'offset' | 'limit' | 'order'>;

/** Events per page. */
export const EVENT_PAGE_SIZE = 100;

/**
 * The event and SOE log: one page of a filtered query, newest first; `events.appended`
 * marks the page stale (the view offers to refresh rather than jumping under the reader).
 */
export const useEventsStore = defineStore('events', () => {
  const filter = ref<EventFilter>({});
  const page = ref(0);
  const rows = shallowRef<EventRecord[]>([]);
  const total = ref(0);
  const newSinceQuery = ref(0);
  const loading = ref(false);
  const error = ref<string | null>(null);

  /** Runs the query for the current filter and page. */
  async function query(): Promise<void> {
    loading.value = true;
    const result = await useContract().call('events.query', { ...filter.value, order: 'desc', offset: page.value * EVENT_PAGE_SIZE, limit: EVENT_PAGE_SIZE });
    loading.value = false;
    if (!result.ok) {
      error.value = errorText(result.error);
      return;
    }
    rows.value = result.value.events;
    total.value = result.value.total;
    newSinceQuery.value = 0;
    error.value = null;
  }

  /** Applies a new filter from the first page. */
  async function search(next: EventFilter): Promise<void> {
    filter.value = next;
    page.value = 0;
    await query();
  }

  /** Moves to another page. */
  async function goTo(index: number): Promise<void> {
    page.value = Math.max(0, index);
    await query();
  }

  /** The current filter's events as CSV text (up to 10,000 rows). */
  async function exportCsv(): Promise<{ csv: string } | { error: string }> {
    const result = await useContract().call('events.exportCsv', { ...filter.value, order: 'desc', limit: 10_000 });
    return result.ok ? result.value : { error: errorText(result.error) };
  }

  /** Counts events logged since the last query, once (boot calls it). */
  function start(): void {
    useContract().on('events.appended', (batch) => {
      newSinceQuery.value += batch.events.length;
    });
  }

  return { filter, page, rows, total, newSinceQuery, loading, error, query, search, goTo, exportCsv, start };
});
