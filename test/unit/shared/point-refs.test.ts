import { describe, expect, it } from 'vitest';
import { PointRefs } from '../../../src-shared/point-refs';

describe('PointRefs', () => {
  it('gives prefix and decimal index, the same for a repeated index, also beyond the indices it keeps', () => {
    const refs = new PointRefs('ioa:');
    expect(refs.ref(3001)).toBe('ioa:3001');
    expect(refs.ref(0)).toBe('ioa:0');
    expect(refs.ref(16_777_215)).toBe('ioa:16777215');
    const indices = Array.from({ length: 70_000 }, (_, i) => i * 3);
    expect(indices.map((i) => refs.ref(i))).toEqual(indices.map((i) => `ioa:${i}`));
    expect(indices.map((i) => refs.ref(i))).toEqual(indices.map((i) => `ioa:${i}`));
    expect(new PointRefs('ai:').ref(7)).toBe('ai:7');
  });
});
