/**
 * The logic of the virtualised table, apart from its template: which rows are visible,
 * how rows sort, how the selection moves and which rows flash after a change.
 */

/** One column of a {@link VirtualTable}. */
export interface TableColumn<R> {
  id: string;
  label: string;
  /** Width in pixels (fixed, so rows never re-layout while values stream). */
  width: number;
  /** Right-aligned, tabular figures. */
  numeric?: boolean;
  /** The cell's text. */
  text: (row: R) => string;
  /** Sort key; the text when absent. */
  sort?: (row: R) => number | string;
  /** The value changes while shown (a sort on it is refreshed at most once a second). */
  live?: boolean;
  /**
   * The text's format keeps it within the width (a time of day, a count of bounded digits):
   * the cell is never clipped. Other cells clip their text with an ellipsis; a live cell
   * only while its text may not fit. A clipped cell is a paint chunk of its own that the
   * renderer handles in each frame its text changes (measured at 4x CPU slowdown: unclipped
   * live cells cut the layerize step of a frame from about 3.5 ms to 1.5 ms).
   */
  bounded?: boolean;
  /** Marks an abnormal cell (shown with colour and a text cue the cell already carries). */
  abnormal?: (row: R) => boolean;
  /** Extra classes of the cell (e.g. an alarm's state and priority), styled by the parent view. */
  cellClass?: (row: R) => string | undefined;
  /** Hidden until chosen in the column chooser. */
  hiddenByDefault?: boolean;
}

/** Sort direction of a column. */
export type SortDirection = 'asc' | 'desc';

/** Sort state: which column, which way. */
export interface SortState {
  column: string;
  direction: SortDirection;
}

/** First and last (exclusive) row index to render for a scroll position. */
export function visibleRange(scrollTop: number, viewportHeight: number, rowHeight: number, total: number, overscan = 4): { first: number; end: number } {
  const first = Math.max(0, Math.floor(scrollTop / rowHeight) - overscan);
  const end = Math.min(total, Math.ceil((scrollTop + viewportHeight) / rowHeight) + overscan);
  return { first, end: Math.max(first, end) };
}

const collator = new Intl.Collator(undefined, { numeric: true, sensitivity: 'base' });

/**
 * A table's rows by key: what the table reads of a Map (a Map is one; so is the points
 * store's index, which keeps no string-keyed hash table).
 */
export interface TableRows<R> {
  readonly size: number;
  get(key: string): R | undefined;
  [Symbol.iterator](): Iterator<[string, R]>;
}

/** Keys of `rows` that pass `filter`, ordered by `sort` (insertion order without one). */
export function orderKeys<R>(
  rows: TableRows<R>,
  filter: ((row: R) => boolean) | undefined,
  column: TableColumn<R> | undefined,
  direction: SortDirection,
): string[] {
  const keys: string[] = [];
  const sortKeys: (number | string)[] = [];
  const sortOf = column ? (column.sort ?? column.text) : undefined;
  for (const [key, row] of rows) {
    if (filter && !filter(row)) continue;
    keys.push(key);
    if (sortOf) sortKeys.push(sortOf(row));
  }
  if (!sortOf) return keys;
  const index = keys.map((_, i) => i);
  const sign = direction === 'asc' ? 1 : -1;
  index.sort((a, b) => sign * compare(sortKeys[a]!, sortKeys[b]!) || a - b);
  return index.map((i) => keys[i]!);
}

function compare(a: number | string, b: number | string): number {
  if (typeof a === 'number' && typeof b === 'number') return a - b;
  if (typeof a === 'number') return -1;
  if (typeof b === 'number') return 1;
  return collator.compare(a, b);
}

/** The next sort state after a click on a column header: ascending, then descending. */
export function nextSort(current: SortState | null, column: string): SortState {
  if (current?.column === column && current.direction === 'asc') return { column, direction: 'desc' };
  return { column, direction: 'asc' };
}

/** Where a navigation key moves the selected row index (-1 = none selected); null for other keys. */
export function moveIndex(key: string, index: number, total: number, pageRows: number): number | null {
  if (total === 0) return null;
  const last = total - 1;
  switch (key) {
    case 'ArrowDown':
      return Math.min(last, index + 1);
    case 'ArrowUp':
      return Math.max(0, index - 1);
    case 'PageDown':
      return Math.min(last, Math.max(0, index) + pageRows);
    case 'PageUp':
      return Math.max(0, index - pageRows);
    case 'Home':
      return 0;
    case 'End':
      return last;
    default:
      return null;
  }
}

/** The scrollTop that brings row `index` into view (unchanged when it already is). */
export function scrollToShow(index: number, scrollTop: number, viewportHeight: number, rowHeight: number, headerHeight: number): number {
  const top = index * rowHeight;
  const visibleHeight = viewportHeight - headerHeight;
  if (top < scrollTop) return top;
  if (top + rowHeight > scrollTop + visibleHeight) return top + rowHeight - visibleHeight;
  return scrollTop;
}

/**
 * Remembers each shown row's change stamp (e.g. its change count) and says which rows
 * changed within the last `durationMs`. A row seen for the first time does not flash.
 */
export class FlashTracker {
  private readonly stamps = new Map<string, { stamp: number; until: number }>();

  constructor(
    private readonly durationMs = 1000,
    private readonly maxTracked = 5000,
  ) {}

  /** Records `stamp` for `key` at `now`; true while the row should flash. */
  check(key: string, stamp: number, now: number): boolean {
    const seen = this.stamps.get(key);
    if (!seen) {
      if (this.stamps.size >= this.maxTracked) this.stamps.clear();
      this.stamps.set(key, { stamp, until: 0 });
      return false;
    }
    if (seen.stamp !== stamp) {
      seen.stamp = stamp;
      seen.until = now + this.durationMs;
    }
    return seen.until > now;
  }
}
