import { describe, expect, it } from 'vitest';
import { decodeLinkFrame, encodeLinkFrame } from '../../../../src-main/protocols/dnp3/link/frame';
import { LinkFramer } from '../../../../src-main/protocols/dnp3/link/framer';
import { Reassembler } from '../../../../src-main/protocols/dnp3/transport/reassembler';
import { parseFragment } from '../../../../src-main/protocols/dnp3/app/fragment';
import { hex, unhex } from './harness';
import { encodeFragment, type FragmentValue } from './vector-specs';
import { buildLinkVectors, buildObjectVectors, framesOf, readVectors, toVectorValue, type LinkValue } from './vectors';

const linkVectors = readVectors<LinkValue>('link.json');
const objectVectors = readVectors<FragmentValue>('objects.json');

function decodeAll(bytes: Uint8Array, chunks: number[]): FragmentValue[] {
  const framer = new LinkFramer();
  const re = new Reassembler(65536);
  const out: FragmentValue[] = [];
  let at = 0;
  for (const cut of [...chunks, bytes.length]) {
    for (const item of framer.push(bytes.subarray(at, cut))) {
      if (!item.ok) throw new Error(item.error.code);
      const r = re.push(item.frame.payload);
      if (r.kind === 'error') throw new Error(r.code);
      if (r.kind === 'fragment') {
        const p = parseFragment(r.fragment);
        if (!p.ok) throw new Error(p.error.code);
        if (p.fragment.error) throw new Error(p.fragment.error.code);
        out.push(toVectorValue(p.fragment));
      }
    }
    at = cut;
  }
  return out;
}

describe('DNP3 golden vectors', () => {
  it('vector files match the generator', () => {
    expect(linkVectors).toEqual(JSON.parse(JSON.stringify(buildLinkVectors())));
    expect(objectVectors).toEqual(JSON.parse(JSON.stringify(buildObjectVectors())));
  });

  it('covers every object variation the issue lists', () => {
    const seen = new Set(objectVectors.flatMap((v) => v.value.headers.map((h) => `g${h.group}v${h.variation}`)));
    const want = [
      'g0v254', 'g0v255', 'g0v252', 'g0v209', 'g1v1', 'g1v2', 'g2v1', 'g2v2', 'g2v3', 'g3v1', 'g3v2', 'g4v1', 'g4v2', 'g4v3', 'g10v1', 'g10v2', 'g11v1', 'g11v2', 'g12v1', 'g13v1', 'g13v2',
      'g20v1', 'g20v2', 'g20v5', 'g20v6', 'g21v1', 'g21v2', 'g21v5', 'g21v6', 'g21v9', 'g21v10', 'g22v1', 'g22v2', 'g22v5', 'g22v6', 'g23v1', 'g23v2', 'g23v5', 'g23v6',
      ...[1, 2, 3, 4, 5, 6].map((v) => `g30v${v}`), ...[1, 2, 3, 4, 5, 6, 7, 8].flatMap((v) => [`g32v${v}`, `g42v${v}`, `g43v${v}`]), 'g34v1', 'g34v2', 'g34v3',
      ...[1, 2, 3, 4].flatMap((v) => [`g40v${v}`, `g41v${v}`]), 'g50v1', 'g50v3', 'g50v4', 'g51v1', 'g51v2', 'g52v1', 'g52v2', 'g60v1', 'g60v2', 'g60v3', 'g60v4', 'g80v1', 'g110v4', 'g111v2',
    ];
    for (const w of want) expect(seen, w).toContain(w);
  });

  it.each(linkVectors.map((v) => [v.name, v] as const))('link %s: decode, encode, re-decode', (_n, v) => {
    const r = decodeLinkFrame(unhex(v.hex));
    expect(r.ok).toBe(true);
    if (!r.ok) return;
    const value: LinkValue = { ...r.frame, payload: hex(r.frame.payload) };
    expect(value).toEqual(v.value);
    const enc = encodeLinkFrame({ ...v.value, payload: unhex(v.value.payload) });
    expect(hex(enc)).toBe(v.hex);
    expect(decodeLinkFrame(enc)).toEqual(r);
  });

  it.each(objectVectors.map((v) => [v.name, v] as const))('fragment %s: decode, encode, re-decode, every split', (_n, v) => {
    const bytes = unhex(v.hex);
    expect(decodeAll(bytes, [])).toEqual([v.value]);
    const enc = framesOf(encodeFragment(v.value), v.value.iin !== null);
    expect(enc.map(hex).join('')).toBe(v.hex);
    for (let cut = 1; cut < bytes.length; cut++) expect(decodeAll(bytes, [cut])).toEqual([v.value]);
    const ones = Array.from({ length: bytes.length - 1 }, (_, i) => i + 1);
    expect(decodeAll(bytes, ones)).toEqual([v.value]);
  });

  it('link vectors split at every offset through the framer', () => {
    for (const v of linkVectors) {
      const bytes = unhex(v.hex);
      for (let cut = 0; cut <= bytes.length; cut++) {
        const f = new LinkFramer();
        const items = [...f.push(bytes.subarray(0, cut)), ...f.push(bytes.subarray(cut))];
        expect(items).toHaveLength(1);
        expect(items[0]!.ok).toBe(true);
      }
    }
  });
});
