/**
 * The window of a long list of fixed-height rows that a scrolling element shows: the
 * scroll position and viewport height, followed through scroll events and a
 * ResizeObserver, give the first and last (exclusive) row to render. Only those rows go
 * into the DOM, so a list of thousands lays out, paints and updates like one of a screen.
 *
 * Key each rendered row by its index among all the rows (`range.first + k`), not by its
 * item: a row element then stays at its place and Vue patches its text when another item
 * comes there. In a flood the items at the top of a list change wholesale several times a
 * second; keyed by item, every one of them was a new element to create, style and lay
 * out (with the UI bench at 4x CPU slowdown, about 350 layout objects to lay out a frame
 * against 115-170 kept at their places). A list whose rows hold focus or input must hold
 * its order while they do (the alarm list does), so nothing changes under the user.
 */
import { computed, onBeforeUnmount, ref, watch, type ComputedRef, type Ref } from 'vue';
import { moveIndex, scrollToShow, visibleRange } from '../components/widgets/virtual-table';

/** Used until the element has been laid out (and in layout-less test DOMs). */
const FALLBACK_VIEWPORT = 600;

/** What {@link useRowWindow} gives a list. */
export interface RowWindow {
  /** Rows to render: `first` to `end` (exclusive), a few beyond the viewport included. */
  range: ComputedRef<{ first: number; end: number }>;
  /** The scroller's scroll position in px (set it after scrolling the element yourself). */
  scrollTop: Ref<number>;
  /** The scroller's height in px. */
  viewport: Ref<number>;
  /** Call on the scroller's scroll event. */
  onScroll: () => void;
  /**
   * For the element of class `row-list` (base.css) that holds the header line and the
   * body: the row and header heights.
   */
  listStyle: ComputedRef<string>;
  /** For the list's body: its height, that of all the rows (only those in view are in it). */
  bodyStyle: ComputedRef<string>;
  /** For the row at `index` (of all the rows): its place in the body. */
  rowStyle: (index: number) => string;
  /**
   * For a keydown on a list with a selected row (index `from`, -1 for none): a navigation
   * key (arrows, Page Up/Down a screenful, Home, End) has its default prevented, and the
   * row it moves to is scrolled into view and its index returned; null for other keys.
   */
  navigate: (event: KeyboardEvent, from: number) => number | null;
}

/**
 * Follows `scroller` and gives the window of `count()` rows of `rowHeight` px it shows,
 * below a header of `headerHeight` px inside the scroller.
 */
export function useRowWindow(scroller: Readonly<Ref<HTMLElement | null>>, count: () => number, rowHeight: () => number, headerHeight: number): RowWindow {
  const scrollTop = ref(0);
  const viewport = ref(FALLBACK_VIEWPORT);
  const range = computed(() => visibleRange(scrollTop.value, viewport.value - headerHeight, rowHeight(), count()));

  function onScroll(): void {
    scrollTop.value = scroller.value?.scrollTop ?? 0;
  }

  function measure(): void {
    const height = scroller.value?.clientHeight ?? 0;
    viewport.value = height > 0 ? height : FALLBACK_VIEWPORT;
  }

  // The scroller may come and go (a list shown only when it has rows): follow the element.
  let observer: ResizeObserver | undefined;
  watch(
    () => scroller.value,
    (element) => {
      observer?.disconnect();
      observer = undefined;
      measure();
      onScroll();
      if (element && typeof ResizeObserver !== 'undefined') {
        observer = new ResizeObserver(measure);
        observer.observe(element);
      }
    },
    { flush: 'post', immediate: true },
  );
  onBeforeUnmount(() => observer?.disconnect());

  const listStyle = computed(() => `--row-height: ${rowHeight()}px; --head-height: ${headerHeight}px`);
  const bodyStyle = computed(() => `height: ${count() * rowHeight()}px`);
  const rowStyle = (index: number): string => `top: ${index * rowHeight()}px`;

  function navigate(event: KeyboardEvent, from: number): number | null {
    const pageRows = Math.max(1, Math.floor((viewport.value - headerHeight) / rowHeight()) - 1);
    const next = moveIndex(event.key, from, count(), pageRows);
    if (next === null) return null;
    event.preventDefault();
    const top = scrollToShow(next, scrollTop.value, viewport.value, rowHeight(), headerHeight);
    if (top !== scrollTop.value && scroller.value) scroller.value.scrollTop = top;
    scrollTop.value = top;
    return next;
  }

  return { range, scrollTop, viewport, onScroll, listStyle, bodyStyle, rowStyle, navigate };
}
