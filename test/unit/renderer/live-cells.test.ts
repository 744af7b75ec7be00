import { describe, expect, it } from 'vitest';
import { cellClass, liveColumns, paintLiveCells, setText } from '../../../src-renderer/components/widgets/live-cells';
import { surelyFits } from '../../../src-renderer/components/widgets/text-fit';
import { FlashTracker, type TableColumn } from '../../../src-renderer/components/widgets/virtual-table';

interface Row {
  name: string;
  value: number;
  changes: number;
}

const columns: TableColumn<Row>[] = [
  { id: 'name', label: 'Name', width: 100, text: (r) => r.name },
  { id: 'value', label: 'Value', width: 80, numeric: true, live: true, text: (r) => r.value.toFixed(1), abnormal: (r) => r.value > 90, cellClass: (r) => (r.value < 0 ? 'negative' : undefined) },
  { id: 'changes', label: 'Changes', width: 60, live: true, bounded: true, text: (r) => String(r.changes) },
];

/** A body of row elements as VirtualTable renders them: a marker, then one cell per column. */
function body(count: number): HTMLElement {
  const element = document.createElement('div');
  for (let i = 0; i < count; i++) {
    const row = document.createElement('div');
    row.className = 'row';
    for (let k = 0; k <= columns.length; k++) row.append(document.createElement('span'));
    element.append(row);
  }
  return element;
}

describe('live cells', () => {
  it('finds the live columns, their cell position after the marker and the width of their text in em', () => {
    expect(liveColumns(columns, 12, 14).map((l) => [l.column.id, l.child, l.textEm])).toEqual([
      ['value', 2, 68 / 14],
      ['changes', 3, 48 / 14],
    ]);
    expect(liveColumns(columns, 12, 0).map((l) => l.textEm)).toEqual([0, 0]);
  });

  it('says a text surely fits only when its widest glyphs would (digits and `.,:-` narrow, other ASCII wide, the rest twice as wide)', () => {
    expect(surelyFits('', 0)).toBe(true);
    expect(surelyFits('12.5 kW', 6.4)).toBe(true); // 5 narrow (3.5 em) + 2 wide (2.3 em)
    expect(surelyFits('12.5 kW', 5.7)).toBe(false);
    expect(surelyFits('1,234:56-7', 7.05)).toBe(true);
    expect(surelyFits('1,234:56-7', 6.95)).toBe(false);
    expect(surelyFits('WWWW', 4.6)).toBe(true);
    expect(surelyFits('WWWW', 4.5)).toBe(false);
    expect(surelyFits('21 °C', 5.5)).toBe(false); // ° counts as 2.3 em: 2.1 + 2.3 + 1.15 = 5.55
    expect(surelyFits('21 °C', 5.6)).toBe(true);
    expect(surelyFits('anything', 0)).toBe(false);
  });

  it("writes a changed text into the cell's one Text node, and leaves an unchanged one alone", () => {
    const cell = document.createElement('span');
    setText(cell, '1.0');
    const node = cell.firstChild;
    setText(cell, '2.0');
    expect(cell.firstChild).toBe(node);
    expect(cell.textContent).toBe('2.0');
    cell.append(document.createElement('b'));
    setText(cell, '3.0');
    expect(cell.childNodes).toHaveLength(1);
    expect(cell.textContent).toBe('3.0');
  });

  it('builds a cell class from clipping (unless the column is bounded), numeric, abnormal and the column own class', () => {
    expect(cellClass(columns[0]!, { name: 'a', value: 1, changes: 0 })).toBe('clip');
    expect(cellClass(columns[1]!, { name: 'a', value: 1, changes: 0 })).toBe('clip number');
    expect(cellClass(columns[1]!, { name: 'a', value: 99, changes: 0 })).toBe('clip number abnormal');
    expect(cellClass(columns[1]!, { name: 'a', value: -1, changes: 0 })).toBe('clip number negative');
    expect(cellClass(columns[2]!, { name: 'a', value: 1, changes: 0 })).toBe('');
  });

  it('paints the live cells, the flash with its glyph and the not-live class of each row, and says when a row object was replaced', () => {
    const rows = new Map<string, Row>([
      ['a', { name: 'A', value: 1, changes: 0 }],
      ['b', { name: 'B', value: 95, changes: 0 }],
    ]);
    const element = body(2);
    const flash = new FlashTracker(1000);
    const pass = { rows, keys: ['a', 'b'], live: liveColumns(columns, 12, 0), flash, changeStamp: (r: Row) => r.changes, dimmed: (r: Row) => r.name === 'B' };
    const rendered = [rows.get('a')!, rows.get('b')!];
    expect(paintLiveCells(element, pass, rendered, 0)).toEqual({ flashing: false, replaced: false, next: 2 });
    const [a, b] = [...element.children];
    expect([...a!.children].map((c) => c.textContent)).toEqual(['', '', '1.0', '0']);
    expect(b!.children[2]!.className).toBe('clip number abnormal');
    expect(b!.classList.contains('not-live')).toBe(true);
    expect(a!.classList.contains('not-live')).toBe(false);
    expect(a!.children[1]!.textContent).toBe('');

    rows.set('a', { name: 'A2', value: 2, changes: 1 });
    expect(paintLiveCells(element, pass, rendered, 10)).toEqual({ flashing: true, replaced: true, next: 2 });
    expect(a!.classList.contains('flash')).toBe(true);
    expect(a!.children[0]!.textContent).toBe('◆changed');
    expect(a!.children[2]!.textContent).toBe('2.0');
    expect(b!.classList.contains('flash')).toBe(false);

    expect(paintLiveCells(element, pass, [rows.get('a')!, rows.get('b')!], 2000)).toEqual({ flashing: false, replaced: false, next: 2 });
    expect(a!.classList.contains('flash')).toBe(false);
    expect(a!.children[0]!.childNodes).toHaveLength(0);
  });

  it('stops after a budget of rows that really changed, and does not count the unchanged rows it passes', () => {
    const keys = ['a', 'b', 'c', 'd', 'e'];
    const rows = new Map<string, Row>(keys.map((k) => [k, { name: k, value: 1, changes: 0 }]));
    const element = body(keys.length);
    const pass = { rows, keys, live: liveColumns(columns, 12, 0), flash: new FlashTracker(1000) };
    const rendered = keys.map((k) => rows.get(k)!);
    expect(paintLiveCells(element, pass, rendered, 0, 0, 2).next).toBe(2); // every row is new
    expect(paintLiveCells(element, pass, rendered, 0, 2).next).toBe(5);
    for (const k of ['b', 'e']) rows.get(k)!.value = 2;
    expect(paintLiveCells(element, pass, rendered, 0, 0, 1).next).toBe(2); // a passed unchanged, b written
    expect(element.children[1]!.children[2]!.textContent).toBe('2.0');
    expect(element.children[4]!.children[2]!.textContent).toBe('1.0');
    expect(paintLiveCells(element, pass, rendered, 0, 2, 1).next).toBe(5);
    expect(element.children[4]!.children[2]!.textContent).toBe('2.0');
    expect(paintLiveCells(element, pass, rendered, 0, 0, 1).next).toBe(5); // nothing changed: all looked at
  });

  it('clips a live cell only while its text may not fit the column, once the font size is known', () => {
    const rows = new Map<string, Row>([['a', { name: 'A', value: 1, changes: 0 }]]);
    const element = body(1);
    // Value: 80 px less 12 of padding at 14 px is 4.86 em; "1.0" needs at most 2.1 em.
    const pass = { rows, keys: ['a'], live: liveColumns(columns, 12, 14), flash: new FlashTracker(1000) };
    const cell = element.children[0]!.children[2]!;
    paintLiveCells(element, pass, [rows.get('a')!], 0);
    expect(cell.className).toBe('number');
    rows.set('a', { name: 'A', value: 12345678.5, changes: 0 });
    paintLiveCells(element, pass, [rows.get('a')!], 0);
    expect(cell.textContent).toBe('12345678.5');
    expect(cell.className).toBe('clip number abnormal');
    rows.set('a', { name: 'A', value: -1, changes: 0 });
    paintLiveCells(element, pass, [rows.get('a')!], 0);
    expect(cell.className).toBe('number negative');
  });
});
