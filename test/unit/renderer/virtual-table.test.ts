import { mount } from '@vue/test-utils';
import { describe, expect, it, vi } from 'vitest';
import { defineComponent, h, nextTick, ref, shallowRef, triggerRef } from 'vue';
import VirtualTable from '../../../src-renderer/components/widgets/VirtualTable.vue';
import { FlashTracker, moveIndex, nextSort, orderKeys, scrollToShow, visibleRange, type TableColumn } from '../../../src-renderer/components/widgets/virtual-table';

interface Row {
  name: string;
  value: number;
  changes: number;
}

const columns: TableColumn<Row>[] = [
  { id: 'name', label: 'Name', width: 120, text: (r) => r.name },
  { id: 'value', label: 'Value', width: 80, numeric: true, live: true, text: (r) => r.value.toFixed(1), sort: (r) => r.value },
  { id: 'changes', label: 'Changes', width: 60, numeric: true, hiddenByDefault: true, text: (r) => String(r.changes) },
];

function rows(count: number): Map<string, Row> {
  const map = new Map<string, Row>();
  for (let i = 0; i < count; i++) map.set(`k${i}`, { name: `P${i}`, value: (i * 7) % 13, changes: 0 });
  return map;
}

const frame = () => new Promise((resolve) => requestAnimationFrame(() => resolve(undefined)));

describe('virtual-table logic', () => {
  it('computes the visible range with overscan and clamps it', () => {
    expect(visibleRange(0, 260, 26, 100_000, 2)).toEqual({ first: 0, end: 12 });
    expect(visibleRange(2600, 260, 26, 100_000, 2)).toEqual({ first: 98, end: 112 });
    expect(visibleRange(2600, 260, 26, 5, 2)).toEqual({ first: 98, end: 98 });
  });

  it('filters and sorts keys numerically and naturally, stable on ties', () => {
    const map = new Map<string, Row>([
      ['a', { name: 'P10', value: 2, changes: 0 }],
      ['b', { name: 'P9', value: 1, changes: 0 }],
      ['c', { name: 'P1', value: 2, changes: 0 }],
    ]);
    expect(orderKeys(map, undefined, columns[0], 'asc')).toEqual(['c', 'b', 'a']);
    expect(orderKeys(map, undefined, columns[1], 'desc')).toEqual(['a', 'c', 'b']);
    expect(orderKeys(map, (r) => r.value > 1, undefined, 'asc')).toEqual(['a', 'c']);
  });

  it('cycles the sort direction and moves the selection by key', () => {
    expect(nextSort(null, 'name')).toEqual({ column: 'name', direction: 'asc' });
    expect(nextSort({ column: 'name', direction: 'asc' }, 'name')).toEqual({ column: 'name', direction: 'desc' });
    expect(nextSort({ column: 'name', direction: 'desc' }, 'name')).toEqual({ column: 'name', direction: 'asc' });
    expect(moveIndex('ArrowDown', -1, 10, 5)).toBe(0);
    expect(moveIndex('ArrowUp', 0, 10, 5)).toBe(0);
    expect(moveIndex('PageDown', 8, 10, 5)).toBe(9);
    expect(moveIndex('End', 0, 10, 5)).toBe(9);
    expect(moveIndex('x', 0, 10, 5)).toBeNull();
    expect(moveIndex('Home', 0, 0, 5)).toBeNull();
  });

  it('scrolls just enough to show a row', () => {
    expect(scrollToShow(0, 260, 330, 26, 30)).toBe(0);
    expect(scrollToShow(20, 0, 330, 26, 30)).toBe(20 * 26 + 26 - 300);
    expect(scrollToShow(5, 0, 330, 26, 30)).toBe(0);
  });

  it('flashes a row for a while after its stamp changes, not on first sight', () => {
    const tracker = new FlashTracker(1000);
    expect(tracker.check('a', 1, 0)).toBe(false);
    expect(tracker.check('a', 1, 10)).toBe(false);
    expect(tracker.check('a', 2, 20)).toBe(true);
    expect(tracker.check('a', 2, 900)).toBe(true);
    expect(tracker.check('a', 2, 1021)).toBe(false);
  });
});

describe('VirtualTable', () => {
  it('renders only the visible rows of 100,000', async () => {
    const wrapper = mount(VirtualTable<Row>, { props: { columns, rows: rows(100_000), version: 0, label: 'Points' } });
    await nextTick();
    const rendered = wrapper.findAll('.body .row');
    expect(rendered.length).toBeGreaterThan(10);
    expect(rendered.length).toBeLessThan(40);
    expect(wrapper.find('.count').text()).toContain('100,000');
    expect(wrapper.find('[role=grid]').attributes('aria-rowcount')).toBe('100001');
  });

  it('sorts by a header click and reports aria-sort', async () => {
    const wrapper = mount(VirtualTable<Row>, { props: { columns, rows: rows(20), version: 0, label: 'Points' } });
    await wrapper.find('[data-sort="value"]').trigger('click');
    await frame();
    await nextTick();
    const values = wrapper.findAll('.body .row').map((r) => Number(r.findAll('[role=gridcell]')[2]!.text()));
    expect(values).toEqual([...values].sort((a, b) => a - b));
    expect(wrapper.findAll('[role=columnheader]')[2]!.attributes('aria-sort')).toBe('ascending');
  });

  it('greys and hatches the rows its dimmed function picks', async () => {
    const wrapper = mount(VirtualTable<Row>, { props: { columns, rows: rows(4), version: 0, label: 'Points', dimmed: (r: Row) => r.name === 'P2' } });
    await frame();
    await nextTick();
    expect(wrapper.findAll('.body .row').map((r) => r.classes().includes('not-live'))).toEqual([false, false, true, false]);
  });

  it('keeps every sort button in the tab order, so sorting works from the keyboard', () => {
    const wrapper = mount(VirtualTable<Row>, { props: { columns, rows: rows(3), version: 0, label: 'Points' } });
    const buttons = wrapper.findAll('[data-sort]');
    expect(buttons.length).toBeGreaterThan(0);
    for (const b of buttons) expect((b.element as HTMLButtonElement).tabIndex).toBeGreaterThanOrEqual(0);
  });

  it('hides and shows columns from the chooser', async () => {
    const wrapper = mount(VirtualTable<Row>, { props: { columns, rows: rows(3), version: 0, label: 'Points' } });
    expect(wrapper.findAll('.head [role=columnheader]')).toHaveLength(3);
    await wrapper.find('[data-column="changes"]').setValue(true);
    expect(wrapper.findAll('.head [role=columnheader]')).toHaveLength(4);
    await wrapper.find('[data-column="name"]').setValue(false);
    expect(wrapper.find('.head').text()).not.toContain('Name');
  });

  it('opens a row on double click without selecting the word under the pointer', async () => {
    const wrapper = mount(VirtualTable<Row>, { props: { columns, rows: rows(3), version: 0, label: 'Points' } });
    await nextTick();
    const row = wrapper.find('[data-key="k1"]');
    const press = (detail: number) => {
      const event = new MouseEvent('mousedown', { detail, bubbles: true, cancelable: true });
      row.element.dispatchEvent(event);
      return event.defaultPrevented;
    };
    expect(press(1)).toBe(false);
    expect(press(2)).toBe(true);
    await row.trigger('dblclick');
    expect(wrapper.emitted('open')).toEqual([['k1']]);
  });

  it('moves the selection with the keyboard and opens a row with Enter', async () => {
    const wrapper = mount(VirtualTable<Row>, { props: { columns, rows: rows(50), version: 0, label: 'Points', selected: null } });
    const grid = wrapper.find('[role=grid]');
    await grid.trigger('keydown', { key: 'ArrowDown' });
    await grid.trigger('keydown', { key: 'ArrowDown' });
    expect(wrapper.emitted('update:selected')?.at(-1)).toEqual(['k1']);
    await wrapper.setProps({ selected: 'k1' });
    await grid.trigger('keydown', { key: 'Enter' });
    expect(wrapper.emitted('open')).toEqual([['k1']]);
    expect(grid.attributes('aria-activedescendant')).toMatch(/-r1$/);
    await grid.trigger('keydown', { key: 'End' });
    expect(wrapper.emitted('update:selected')?.at(-1)).toEqual(['k49']);
  });

  it('redraws once per frame after a version bump and flashes changed rows with a glyph', async () => {
    const data = shallowRef(rows(5));
    const version = ref(0);
    const wrapper = mount(VirtualTable<Row>, {
      props: { columns, rows: data.value, version: () => version.value, label: 'Points', changeStamp: (r: Row) => r.changes },
    });
    await nextTick();
    expect(wrapper.find('.row.flash').exists()).toBe(false);
    data.value.set('k2', { name: 'P2', value: 99, changes: 1 });
    triggerRef(data);
    version.value++;
    await nextTick();
    expect(wrapper.find('[data-key="k2"]').text()).not.toContain('99.0');
    await frame();
    await nextTick();
    const row = wrapper.find('[data-key="k2"]');
    expect(row.text()).toContain('99.0');
    expect(row.classes()).toContain('flash');
    expect(row.find('.marker').text()).toContain('◆');
  });

  it('follows a version getter itself, so the parent does not re-render on every change', async () => {
    const data = rows(5);
    const version = ref(0);
    let parentRenders = 0;
    const Parent = defineComponent(() => () => {
      parentRenders++;
      return h(VirtualTable<Row>, { columns, rows: data, version: () => version.value, label: 'Points' });
    });
    const wrapper = mount(Parent);
    await nextTick();
    data.get('k3')!.value = 42;
    version.value++;
    await nextTick();
    await frame();
    await nextTick();
    expect(wrapper.find('[data-key="k3"]').text()).toContain('42.0');
    expect(parentRenders).toBe(1);
  });
  it('shows the newest rows of a capped log whose size stays the same, when its keys version changes', async () => {
    const data = rows(3);
    const version = ref(0);
    const wrapper = mount(VirtualTable<Row>, { props: { columns, rows: data, version: () => version.value, keysVersion: () => version.value, label: 'Frames' } });
    await nextTick();
    data.delete('k0');
    data.set('k3', { name: 'P3', value: 1, changes: 0 });
    version.value++;
    await nextTick();
    await frame();
    await nextTick();
    expect(wrapper.find('[data-key="k3"]').exists()).toBe(true);
    expect(wrapper.find('[data-key="k0"]').exists()).toBe(false);
  });

  it('redraws value changes at most once per redrawIntervalMs, and a sort at the next frame', async () => {
    vi.useFakeTimers({ toFake: ['performance', 'requestAnimationFrame', 'setTimeout', 'clearTimeout'] });
    try {
      const data = rows(3);
      const version = ref(0);
      const wrapper = mount(VirtualTable<Row>, { props: { columns, rows: data, version: () => version.value, redrawIntervalMs: 250, label: 'Points' } });
      await nextTick();
      const value = () => wrapper.find('[data-key="k1"] [data-column="value"]').text();
      data.get('k1')!.value = 1;
      version.value++;
      await nextTick();
      vi.advanceTimersByTime(20);
      expect(value()).toBe('1.0');
      data.get('k1')!.value = 2;
      version.value++;
      await nextTick();
      vi.advanceTimersByTime(100);
      expect(value()).toBe('1.0'); // within 250 ms of the last redraw
      vi.advanceTimersByTime(170); // 250 ms after the last redraw, and the frame after
      expect(value()).toBe('2.0');
      data.get('k1')!.value = 30;
      version.value++;
      await wrapper.find('[data-sort="value"]').trigger('click');
      vi.advanceTimersByTime(20);
      await nextTick();
      expect(wrapper.findAll('.body .row').at(-1)!.attributes('data-key')).toBe('k1');
      expect(value()).toBe('30.0');
    } finally {
      vi.useRealTimers();
    }
  });

  it('spreads a value redraw over frames, 3 changed rows a frame (unchanged rows not counted), and follows a change that came meanwhile', async () => {
    vi.useFakeTimers({ toFake: ['performance', 'requestAnimationFrame', 'setTimeout', 'clearTimeout'] });
    try {
      const data = rows(40);
      const version = ref(0);
      const wrapper = mount(VirtualTable<Row>, { props: { columns, rows: data, version: () => version.value, label: 'Points' } });
      await nextTick();
      const shown = wrapper.findAll('.body .row').length;
      expect(shown).toBeGreaterThan(20);
      const values = () => wrapper.findAll('.body .row [data-column="value"]').map((c) => c.text());
      for (const row of data.values()) row.value = 50;
      version.value++;
      await nextTick();
      vi.advanceTimersByTime(17);
      expect(values().filter((v) => v === '50.0')).toHaveLength(3);
      data.get('k0')!.value = 60;
      version.value++;
      await nextTick();
      vi.advanceTimersByTime(17);
      expect(values().filter((v) => v === '50.0')).toHaveLength(6);
      vi.advanceTimersByTime(17 * Math.ceil(shown / 3));
      expect(values().slice(1).every((v) => v === '50.0')).toBe(true);
      expect(values()[0]).toBe('60.0'); // the redraw asked for during the spread one
      vi.advanceTimersByTime(1000);

      // Three changed rows far apart: one frame writes them all.
      for (const key of ['k2', 'k12', 'k20']) data.get(key)!.value = 70;
      version.value++;
      await nextTick();
      vi.advanceTimersByTime(17);
      expect(values().filter((v) => v === '70.0')).toHaveLength(3);
    } finally {
      vi.useRealTimers();
    }
  });

  it('writes a changed value into its cell without rendering the row again, and keeps the flash through a re-render', async () => {
    const data = rows(3);
    const version = ref(0);
    const wrapper = mount(VirtualTable<Row>, { props: { columns, rows: data, version: () => version.value, label: 'Points', changeStamp: (r: Row) => r.changes } });
    await nextTick();
    const cell = wrapper.find('[data-key="k1"] [data-column="value"]').element;
    const text = cell.firstChild;
    data.get('k1')!.value = 12;
    data.get('k1')!.changes = 1;
    version.value++;
    await nextTick();
    await frame();
    expect(cell.firstChild).toBe(text);
    expect(cell.textContent).toBe('12.0');
    expect(wrapper.find('[data-key="k1"]').classes()).toContain('flash');
    await wrapper.setProps({ selected: 'k1' });
    const row = wrapper.find('[data-key="k1"]');
    expect(row.classes()).toEqual(expect.arrayContaining(['selected', 'flash']));
    expect(row.find('.marker').text()).toContain('◆');
  });

  it('renders the unchanging cells again when a row object is replaced under the same key', async () => {
    const data = rows(3);
    const version = ref(0);
    const wrapper = mount(VirtualTable<Row>, { props: { columns, rows: data, version: () => version.value, label: 'Points' } });
    await nextTick();
    data.set('k2', { name: 'Renamed', value: 5, changes: 0 });
    version.value++;
    await nextTick();
    await frame();
    await nextTick();
    expect(wrapper.find('[data-key="k2"] [data-column="name"]').text()).toBe('Renamed');
    expect(wrapper.find('[data-key="k2"] [data-column="value"]').text()).toBe('5.0');
  });

  it('re-applies a filter on values that change in place, once a second', async () => {
    vi.useFakeTimers({ toFake: ['performance', 'requestAnimationFrame'] });
    try {
      const data = rows(3);
      const version = ref(0);
      const wrapper = mount(VirtualTable<Row>, { props: { columns, rows: data, version: () => version.value, filter: (r: Row) => r.value > 50, label: 'Points' } });
      await nextTick();
      vi.advanceTimersByTime(20);
      await nextTick();
      expect(wrapper.findAll('[data-key]')).toHaveLength(0);
      data.get('k1')!.value = 99;
      version.value++;
      await nextTick();
      vi.advanceTimersByTime(20);
      await nextTick();
      expect(wrapper.find('[data-key="k1"]').exists()).toBe(false); // not at every batch
      vi.advanceTimersByTime(1000);
      version.value++;
      await nextTick();
      vi.advanceTimersByTime(20);
      await nextTick();
      expect(wrapper.find('[data-key="k1"]').exists()).toBe(true);
    } finally {
      vi.useRealTimers();
    }
  });
});
