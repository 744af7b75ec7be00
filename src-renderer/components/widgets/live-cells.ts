/**
 * The live part of a virtual table's visible rows, written straight into the DOM: the text
 * and classes of the live columns' cells, the row's change flash and its not-live marking.
 * Vue renders a row's structure (its key, position, selection and the cells that never
 * change) only when the rows shown change; values flow through here instead, so a redraw
 * builds no virtual DOM and touches only the cells whose text or class really changed.
 * Text is written into the cell's one Text node (`data`), so Blink re-shapes that text
 * without creating a node and its layout object again. A live cell is clipped only while its
 * text may not fit (text-fit.ts): a clipped cell whose text changes costs every frame.
 */
import { surelyFits } from './text-fit';
import type { FlashTracker, TableColumn, TableRows } from './virtual-table';

/** A live column and its cell's position among the row's children (the marker is child 0). */
export interface LiveColumn<R> {
  child: number;
  column: TableColumn<R>;
  /**
   * The width its cells' text has, in em: a text that surely fits it is not clipped (0: the
   * font size is unknown, and every text of an unbounded column is clipped).
   */
  textEm: number;
}

/** What a redraw of the live cells needs. */
export interface LivePass<R> {
  rows: TableRows<R>;
  /** The keys shown, in the order of the body's row elements. */
  keys: readonly string[];
  live: readonly LiveColumn<R>[];
  flash: FlashTracker;
  changeStamp?: (row: R) => number;
  dimmed?: (row: R) => boolean;
}

/**
 * The live columns among the shown ones, with their cell's child index and the width of
 * their text: the column's width less `paddingPx`, in the font size `fontPx` (0: unknown).
 */
export function liveColumns<R>(shown: readonly TableColumn<R>[], paddingPx: number, fontPx: number): LiveColumn<R>[] {
  const out: LiveColumn<R>[] = [];
  shown.forEach((column, k) => {
    if (column.live) out.push({ child: k + 1, column, textEm: fontPx > 0 ? (column.width - paddingPx) / fontPx : 0 });
  });
  return out;
}

const withClass = (classes: string, name: string): string => (classes ? `${classes} ${name}` : name);

/**
 * A cell's classes: `clip` when its text must be clipped (by default, unless the column's
 * text is bounded), `number` for a numeric column, `abnormal` when it says so, and its own.
 */
export function cellClass<R>(column: TableColumn<R>, row: R, clip = column.bounded !== true): string {
  // Literals, not concatenations: this runs for every live cell of every redraw.
  let classes = clip ? (column.numeric ? 'clip number' : 'clip') : column.numeric ? 'number' : '';
  if (column.abnormal?.(row)) classes = withClass(classes, 'abnormal');
  const own = column.cellClass?.(row);
  return own ? withClass(classes, own) : classes;
}

/**
 * Sets an element's text, writing its one Text node only when the text differs; true when
 * it wrote.
 */
export function setText(element: Element, text: string): boolean {
  const node = element.firstChild;
  if (node !== null && node.nodeType === 3 && node.nextSibling === null) {
    if ((node as Text).data === text) return false;
    (node as Text).data = text;
  } else {
    if (element.textContent === text) return false;
    element.textContent = text;
  }
  return true;
}

function setClassName(element: Element, classes: string): boolean {
  if (element.className === classes) return false;
  element.className = classes;
  return true;
}

function toggle(element: Element, name: string, on: boolean): boolean {
  if (element.classList.contains(name) === on) return false;
  element.classList.toggle(name, on);
  return true;
}

/** The marker's content while a row flashes: a glyph, and the word for screen readers. */
function flashMarker(document: Document): Element {
  const glyph = document.createElement('span');
  glyph.title = 'Changed just now';
  glyph.textContent = '◆';
  const words = document.createElement('span');
  words.className = 'visually-hidden';
  words.textContent = 'changed';
  glyph.append(words);
  return glyph;
}

function setFlash(row: Element, on: boolean): boolean {
  const toggled = toggle(row, 'flash', on);
  const marker = row.firstElementChild;
  if (!marker || (marker.firstChild !== null) === on) return toggled;
  if (on) marker.append(flashMarker(row.ownerDocument));
  else marker.replaceChildren();
  return true;
}

/** What {@link paintLiveCells} did. */
export interface LivePaint {
  /** A row flashes: a later redraw must end it. */
  flashing: boolean;
  /** A row object differs from the one Vue rendered: its structure must be rendered again. */
  replaced: boolean;
  /** The index of the first row not looked at (the number of rows when all were). */
  next: number;
}

/**
 * Writes the live cells of the body's row elements (one per key of `pass.keys`, in order)
 * from row `from` on, and stops after `budget` rows that really changed: the cost of a
 * frame's layout and paint grows with the rows changed, not with the rows looked at.
 */
export function paintLiveCells<R>(body: Element, pass: LivePass<R>, rendered: readonly R[], now: number, from = 0, budget = Number.POSITIVE_INFINITY): LivePaint {
  const elements = body.children;
  let flashing = false;
  let replaced = false;
  let changed = 0;
  const end = Math.min(pass.keys.length, elements.length);
  let i = from;
  for (; i < end && changed < budget; i++) {
    const key = pass.keys[i]!;
    const row = pass.rows.get(key);
    if (row === undefined) continue;
    if (row !== rendered[i]) replaced = true;
    const element = elements[i]!;
    const isFlash = pass.changeStamp ? pass.flash.check(key, pass.changeStamp(row), now) : false;
    flashing ||= isFlash;
    // Each write is made (`|| wrote` last); the row counts once if any of them changed it.
    let wrote = setFlash(element, isFlash);
    wrote = toggle(element, 'not-live', pass.dimmed?.(row) ?? false) || wrote;
    const cells = element.children;
    for (const { child, column, textEm } of pass.live) {
      const cell = cells[child];
      if (!cell) continue;
      const text = column.text(row);
      wrote = setText(cell, text) || wrote;
      wrote = setClassName(cell, cellClass(column, row, column.bounded !== true && !surelyFits(text, textEm))) || wrote;
    }
    if (wrote) changed++;
  }
  return { flashing, replaced, next: i };
}
