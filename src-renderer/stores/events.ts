import { defineStore } from 'pinia';
import { ref } from 'vue';
import type { CallRequest, CallResponse } from '../../src-shared/ipc/contract';
import { useContract } from '../api';
import { toPage, usePagedQuery } from '../composables/paged-query';
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
  const newSinceQuery = ref(0);
  const { filter, page, rows, total, loading, error, query, search, goTo } = usePagedQuery<EventFilter, EventRecord>({
    pageSize: EVENT_PAGE_SIZE,
    fetch: async (criteria, offset, limit) => toPage(await useContract().call('events.query', { ...criteria, order: 'desc', offset, limit }), (page) => page.events),
    loaded: () => {
      newSinceQuery.value = 0;
    },
  });

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
