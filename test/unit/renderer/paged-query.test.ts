import { describe, expect, it } from 'vitest';
import { toPage, usePagedQuery, type Page } from '../../../src-renderer/composables/paged-query';
import type { Result } from '../../../src-shared/ipc/result';

interface Filter {
  station?: string;
}

function query(answers: Result<Page<string>>[]) {
  const calls: { filter: Filter; offset: number; limit: number }[] = [];
  let loaded = 0;
  const paged = usePagedQuery<Filter, string>({
    pageSize: 10,
    fetch: async (filter, offset, limit) => {
      calls.push({ filter, offset, limit });
      return answers.shift()!;
    },
    loaded: () => loaded++,
  });
  return { paged, calls, loaded: () => loaded };
}

const page = (rows: string[], total: number): Result<Page<string>> => ({ ok: true, value: { rows, total } });

describe('usePagedQuery', () => {
  it('searches from the first page and moves between pages, never before the first', async () => {
    const { paged, calls, loaded } = query([page(['a'], 25), page(['b'], 25), page(['c'], 25)]);
    await paged.goTo(2);
    await paged.search({ station: 's1' });
    await paged.goTo(-3);
    expect(calls).toEqual([
      { filter: {}, offset: 20, limit: 10 },
      { filter: { station: 's1' }, offset: 0, limit: 10 },
      { filter: { station: 's1' }, offset: 0, limit: 10 },
    ]);
    expect(paged.rows.value).toEqual(['c']);
    expect(paged.total.value).toBe(25);
    expect(loaded()).toBe(3);
  });

  it('keeps the last page and names the error when a query fails', async () => {
    const { paged, loaded } = query([page(['a'], 1), { ok: false, error: { code: 'DENIED', message: 'not allowed' } }]);
    await paged.query();
    await paged.goTo(1);
    expect(paged.rows.value).toEqual(['a']);
    expect(paged.error.value).toBe('DENIED: not allowed');
    expect(paged.loading.value).toBe(false);
    expect(loaded()).toBe(1);
  });
});

describe('toPage', () => {
  it('picks the rows out of a response and passes a failure through', () => {
    expect(toPage({ ok: true, value: { total: 2, records: ['x', 'y'] } }, (v) => v.records)).toEqual({ ok: true, value: { rows: ['x', 'y'], total: 2 } });
    const failed = { ok: false as const, error: { code: 'X', message: 'y' } };
    expect(toPage<{ total: number; records: string[] }, string>(failed, (v) => v.records)).toBe(failed);
  });
});
