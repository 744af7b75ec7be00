/** A point's last few values for its details: the engine's buffered history, then live updates. */
import { ref, watch, type Ref } from 'vue';
import { useContract } from '../api';
import { pointInvalid, valueText, type PointRow } from '../stores/point-row';
import { errorText } from '../util/format';

/** How many values the details list. */
export const RECENT_VALUES = 8;

/** One listed value. */
export interface RecentValue {
  time: number;
  /** As the table shows it (state label, or scaled value with unit). */
  text: string;
  invalid: boolean;
}

function historyText(row: PointRow, value: number): string {
  return valueText({ value, label: row.stateLabels[String(value)] ?? null, unit: row.unit, raw: value });
}

/**
 * The last {@link RECENT_VALUES} values of `point()`, newest first: fetched with trends.get
 * when the point changes, then one more whenever `version()` brings a newer received time.
 */
export function useRecentValues(point: () => PointRow, version: () => number): { values: Ref<RecentValue[]>; error: Ref<string | null> } {
  const values = ref<RecentValue[]>([]);
  const error = ref<string | null>(null);
  let newest = -Infinity;
  let loaded = false;

  function push(entry: RecentValue): void {
    if (entry.time <= newest) return;
    newest = entry.time;
    values.value = [entry, ...values.value].slice(0, RECENT_VALUES);
  }

  function pushLive(): void {
    const row = point();
    if (loaded && row.receivedTime !== null) push({ time: row.receivedTime, text: valueText(row), invalid: pointInvalid(row) });
  }

  watch(
    () => point().id,
    async (id) => {
      values.value = [];
      error.value = null;
      newest = -Infinity;
      loaded = false;
      const result = await useContract().call('trends.get', { ids: [id] });
      const row = point();
      if (row.id !== id) return;
      if (!result.ok) error.value = errorText(result.error);
      const series = result.ok ? result.value.series.find((s) => s.id === id) : undefined;
      for (let i = Math.max(0, (series?.times.length ?? 0) - RECENT_VALUES); series && i < series.times.length; i++) {
        push({ time: series.times[i]!, text: historyText(row, series.values[i]!), invalid: Boolean(series.invalid[i]) });
      }
      loaded = true;
      pushLive();
    },
    { immediate: true },
  );
  watch(version, pushLive);

  return { values, error };
}
