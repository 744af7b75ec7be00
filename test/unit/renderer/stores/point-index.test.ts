/**
 * The points store's index by id (hashed by the index itself, ids made on demand) and the
 * packed names rows read their address, name and description from.
 */
import { describe, expect, it } from 'vitest';
import { fnv1a, PointIndex } from '../../../../src-renderer/stores/point-index';
import type { PointRow } from '../../../../src-renderer/stores/point-row';
import { PointNames } from '../../../../src-renderer/stores/point-names';

const row = (id: string, slot: number) => ({ id, slot }) as PointRow;

describe('PointIndex', () => {
  it('finds every row by id, ids that share a hash included, and reads like a Map in insertion order', () => {
    const ids = Array.from({ length: 200_000 }, (_, i) => `s${i % 7}/ai:${i}`);
    const byHash = new Map<number, string[]>();
    for (const id of ids) byHash.set(fnv1a(id), [...(byHash.get(fnv1a(id)) ?? []), id]);
    const shared = [...byHash.values()].filter((list) => list.length > 1);
    expect(shared.length, 'the data set holds ids that share a hash').toBeGreaterThan(0);

    const index = new PointIndex();
    ids.forEach((id, slot) => index.set(id, row(id, slot)));
    expect(index.size).toBe(ids.length);
    for (const list of shared) for (const id of list) expect(index.get(id)?.id).toBe(id);
    expect(index.get('s3/ai:1234567')).toBeUndefined();
    expect(index.has(ids[5]!)).toBe(true);
    expect([...index.keys()].slice(0, 3)).toEqual(ids.slice(0, 3));
    expect([...index].slice(0, 2)).toEqual([[ids[0], index.get(ids[0]!)], [ids[1], index.get(ids[1]!)]]);
  });

  it('replaces the row of an id in its place, and forgets everything on clear', () => {
    const index = new PointIndex();
    index.set('a/x', row('a/x', 0)).set('a/y', row('a/y', 1));
    const newer = row('a/x', 9);
    index.set('a/x', newer);
    expect(index.size).toBe(2);
    expect(index.get('a/x')).toBe(newer);
    expect([...index.values()].map((r) => r.slot)).toEqual([9, 1]);
    const seen: string[] = [];
    index.forEach((r, id) => seen.push(`${id}@${r.slot}`));
    expect(seen).toEqual(['a/x@9', 'a/y@1']);
    index.clear();
    expect(index.size).toBe(0);
    expect(index.get('a/x')).toBeUndefined();
  });
});

describe('PointNames', () => {
  it('reads each point\'s address, name and description back, empty ones included', () => {
    const names = new PointNames([
      { address: 'ai:0', name: 'Feeder current', description: '' },
      { address: 'ioa:3001@1', name: '', description: 'Oil temperature, top of tank' },
      { address: 'bi:7', name: 'Breaker ◆ status', description: 'Bay 3' },
    ]);
    expect([0, 1, 2].map((k) => [names.address(k), names.name(k), names.description(k)])).toEqual([
      ['ai:0', 'Feeder current', ''],
      ['ioa:3001@1', '', 'Oil temperature, top of tank'],
      ['bi:7', 'Breaker ◆ status', 'Bay 3'],
    ]);
  });
});
