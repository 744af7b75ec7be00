import { flushPromises, mount } from '@vue/test-utils';
import { createPinia, setActivePinia } from 'pinia';
import { beforeEach, describe, expect, it, vi } from 'vitest';
import AuditLog from '../../../../src-renderer/components/AuditLog.vue';
import EventLog from '../../../../src-renderer/components/EventLog.vue';
import { useStationsStore } from '../../../../src-renderer/stores/stations';
import { download } from '../../../../src-renderer/util/download';
import { fakeContract, type FakeContract } from '../fake-contract';

vi.mock('../../../../src-renderer/util/download', () => ({ download: vi.fn() }));

let fake: FakeContract;
const event = { id: 7, time: Date.UTC(2026, 0, 2, 3, 4, 5), deviceTime: null, kind: 'soe' as const, station: 'd1', point: 'bi:0', user: null, message: 'Breaker = Closed' };

beforeEach(() => {
  setActivePinia(createPinia());
  vi.mocked(download).mockClear();
  fake = fakeContract();
  useStationsStore().byId.set('d1', { id: 'd1', name: 'Sub 1', protocol: 'dnp3', target: 'dnp3://h:20000', enabled: true, state: 'ready', lastError: null, demo: false, iin: null, protocolState: 'ready' });
  fake.answer('events.query', { ok: true, value: { total: 1, events: [event] } });
});

describe('EventLog', () => {
  it('sends the time range, station, point and kinds as the filter, and shows the station by name', async () => {
    const wrapper = mount(EventLog);
    await flushPromises();
    expect(wrapper.find('[data-testid=event-table] [role=rowgroup]').text()).toContain('Sub 1');
    await wrapper.find('input[name=event-from]').setValue('2026-01-02T03:00:00');
    await wrapper.find('input[name=event-to]').setValue('2026-01-02T04:00:00');
    await wrapper.find('select[name=event-station]').setValue('d1');
    await wrapper.find('input[name=event-point]').setValue(' bi:0 ');
    await wrapper.find('input[type=checkbox][value=soe]').setValue(true);
    await wrapper.find('form').trigger('submit');
    await flushPromises();
    expect(fake.calls.filter((c) => c.name === 'events.query').at(-1)!.request).toEqual({
      from: new Date('2026-01-02T03:00:00').getTime(),
      to: new Date('2026-01-02T04:00:00').getTime(),
      station: 'd1',
      point: 'bi:0',
      kinds: ['soe'],
      order: 'desc',
      offset: 0,
      limit: 100,
    });
  });

  it('exports the filtered events as a CSV download, or names the refusal', async () => {
    fake.answer('events.exportCsv', { ok: true, value: { csv: 'time,kind\n' } });
    const wrapper = mount(EventLog);
    await flushPromises();
    await wrapper.find('input[type=checkbox][value=alarm]').setValue(true);
    await wrapper.find('form').trigger('submit');
    await flushPromises();
    await wrapper.findAll('button').find((b) => b.text() === 'Export CSV')!.trigger('click');
    await flushPromises();
    expect(fake.calls.find((c) => c.name === 'events.exportCsv')!.request).toEqual({ kinds: ['alarm'], order: 'desc', limit: 10_000 });
    expect(vi.mocked(download)).toHaveBeenCalledOnce();
    expect(vi.mocked(download).mock.calls[0]![0]).toMatch(/^switchyard-events-.*\.csv$/);

    fake.answer('events.exportCsv', { ok: false, error: { code: 'FORBIDDEN', message: 'not allowed' } });
    await wrapper.findAll('button').find((b) => b.text() === 'Export CSV')!.trigger('click');
    await flushPromises();
    expect(wrapper.find('[role=alert]').text()).toContain('not allowed');
    expect(vi.mocked(download)).toHaveBeenCalledOnce();
  });
});

describe('EventLog: a page of a hundred', () => {
  it('renders only the lines in view, one line each with the whole message in its tooltip, and counts them all for assistive technology', async () => {
    const page = Array.from({ length: 100 }, (_, k) => ({ ...event, id: 1000 - k, message: `Breaker ${k} = Closed` }));
    fake.answer('events.query', { ok: true, value: { total: 5000, events: page } });
    const wrapper = mount(EventLog);
    await flushPromises();
    const table = wrapper.find('[data-testid=event-table]');
    const rows = table.findAll('[role=rowgroup] [role=row]');
    expect(rows.length).toBeGreaterThan(10);
    expect(rows.length).toBeLessThan(40); // a screenful and a few beyond, not the page
    expect(table.attributes('aria-rowcount')).toBe('101');
    expect(rows[0]!.attributes('aria-rowindex')).toBe('2');
    expect(rows[0]!.find('[role=gridcell]:last-child').attributes('title')).toBe('Breaker 0 = Closed');
    expect(table.find('[role=rowgroup]').attributes('style')).toContain(`height: ${100 * 28}px`);
    expect(rows[2]!.attributes('style')).toContain(`top: ${2 * 28}px`);
  });
});

describe('EventLog: the selected event in full', () => {
  it('selects an event by click or arrow keys, shows all of it below the log, keeps it when it leaves the page, and clears it with Escape', async () => {
    const long = 'Breaker 0 = Closed; '.repeat(20);
    const page = Array.from({ length: 100 }, (_, k) => ({ ...event, id: 1000 - k, message: k === 0 ? long : `Breaker ${k} = Closed`, data: k === 1 ? { type: 'g2v2', raw: true } : null }));
    fake.answer('events.query', { ok: true, value: { total: 5000, events: page } });
    const wrapper = mount(EventLog);
    await flushPromises();
    const grid = wrapper.find('[data-testid=event-table]');
    expect(wrapper.find('[data-testid=event-details]').exists()).toBe(false);

    await grid.findAll('[role=rowgroup] [role=row]')[0]!.trigger('click');
    const details = () => wrapper.find('[data-testid=event-details]');
    expect(details().find('.message').text()).toBe(long.trim());
    expect(details().text()).toContain('Sub 1');
    expect(grid.attributes('aria-activedescendant')).toBe(grid.findAll('[role=rowgroup] [role=row]')[0]!.attributes('id'));

    await grid.trigger('keydown', { key: 'ArrowDown' });
    expect(details().text()).toContain('Event 999');
    expect(details().text()).toContain('Data: {"type":"g2v2","raw":true}');
    expect(grid.find('[aria-selected=true]').attributes('aria-rowindex')).toBe('3');
    await grid.trigger('keydown', { key: 'End' });
    expect(details().text()).toContain('Event 901');

    fake.answer('events.query', { ok: true, value: { total: 5100, events: page.map((e) => ({ ...e, id: e.id + 100 })) } });
    await wrapper.find('form').trigger('submit');
    await flushPromises();
    expect(details().text(), 'the selected event stays shown when new events push it off the page').toContain('Event 901');
    expect(grid.attributes('aria-activedescendant')).toBeUndefined();

    await grid.trigger('keydown', { key: 'Escape' });
    expect(details().exists()).toBe(false);
  });
});

describe('EventLog: possible repeats', () => {
  it('marks an event flagged as a possible repeat after reconnect in words, and no other', async () => {
    const repeat = { ...event, id: 8, station: 'd1', point: 'ioa:100@1', message: 'ioa:100@1 = true', data: { type: 'M_SP_NA_1', raw: true, possibleRepeat: true } };
    fake.answer('events.query', { ok: true, value: { total: 2, events: [repeat, { ...event, data: { type: 'g2v2', raw: true } }] } });
    const wrapper = mount(EventLog);
    await flushPromises();
    const rows = wrapper.findAll('[data-testid=event-table] [role=rowgroup] [role=row]');
    expect(rows[0]!.text()).toContain('possible repeat after reconnect');
    expect(rows[1]!.text()).not.toContain('possible repeat');
  });
});

describe('AuditLog', () => {
  it('filters by station, point, user and result (trimmed, empty fields left out) from the first page', async () => {
    const record = { id: 3, time: 1, user: 'eng', role: 'engineer', station: 'd1', point: 'bo:0', action: 'close', value: null, mode: 'sbo', result: 'SUCCESS', ok: true, detail: null, stages: [{ stage: 'select', at: 1, result: 'SUCCESS', ok: true }] };
    fake.answer('audit.query', { ok: true, value: { total: 1, records: [record] } });
    const wrapper = mount(AuditLog);
    await flushPromises();
    expect(wrapper.find('[data-testid=audit-table] tbody').text()).toContain('Sub 1');
    await wrapper.find('select[name=audit-station]').setValue('d1');
    await wrapper.find('input[name=audit-point]').setValue(' bo:0 ');
    await wrapper.find('input[name=audit-result]').setValue('SUCCESS');
    await wrapper.find('form').trigger('submit');
    await flushPromises();
    expect(fake.calls.filter((c) => c.name === 'audit.query').at(-1)!.request).toEqual({ station: 'd1', point: 'bo:0', result: 'SUCCESS', offset: 0, limit: 50 });
  });
});
