import { defineStore } from 'pinia';
import { ref, watch } from 'vue';
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

/** Live updates of the first page re-query at most this often. */
export const LIVE_REFRESH_MS = 1000;

/**
 * The event and SOE log: one page of a filtered query, newest first. While the log is
 * shown on its first page and `follow` is on, `events.appended` re-queries that page (at
 * most once per {@link LIVE_REFRESH_MS}), so new events appear without a refresh; on a
 * later page, or with `follow` off, it only counts them (the view offers to refresh
 * rather than moving rows under the reader).
 */
export const useEventsStore = defineStore('events', () => {
  const newSinceQuery = ref(0);
  const follow = ref(true);
  let shown = 0;
  let lastQuery = -Infinity;
  let timer: ReturnType<typeof setTimeout> | undefined;
  const { filter, page, rows, total, loading, error, query, search, goTo } = usePagedQuery<EventFilter, EventRecord>({
    pageSize: EVENT_PAGE_SIZE,
    fetch: async (criteria, offset, limit) => toPage(await useContract().call('events.query', { ...criteria, order: 'desc', offset, limit }), (page) => page.events),
    loaded: () => {
      newSinceQuery.value = 0;
      lastQuery = Date.now();
    },
  });

  /** Re-queries the first page soon, once per interval however many batches arrive. */
  function refreshLive(): void {
    if (timer !== undefined || shown === 0 || !follow.value || page.value !== 0) return;
    timer = setTimeout(
      () => {
        timer = undefined;
        if (shown > 0 && follow.value && page.value === 0) void query();
      },
      Math.max(0, lastQuery + LIVE_REFRESH_MS - Date.now()),
    );
  }

  // Turning follow back on brings the first page up to date at once.
  watch(follow, (on) => {
    if (on && newSinceQuery.value > 0) refreshLive();
  });

  /** A view shows the log (live updates run while at least one does); returns its release. */
  function show(): () => void {
    shown++;
    return () => {
      shown--;
    };
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
      refreshLive();
    });
  }

  return { filter, page, rows, total, newSinceQuery, follow, loading, error, query, search, goTo, exportCsv, show, start };
});
