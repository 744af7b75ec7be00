import { describe, expect, it } from 'vitest';
import { describeLinkFrame } from '../../../../src-main/protocols/dnp3/analyzer/describe';
import { parseFragment } from '../../../../src-main/protocols/dnp3/app/fragment';
import { codecFor } from '../../../../src-main/protocols/dnp3/app/objects/table';
import type { PointCodec } from '../../../../src-main/protocols/dnp3/app/objects/types';
import { LinkFramer } from '../../../../src-main/protocols/dnp3/link/framer';
import type { FrameField } from '../../../../src-shared/session';
import { framesFromOutstation, response } from './scripted';

/** A response with `n` g30v1 analog inputs (5 octets each). */
const analogs = (n: number): Uint8Array =>
  response(3, 0x0002, (w) => w.range(codecFor(30, 1) as PointCodec, 0, Array.from({ length: n }, (_, i) => ({ flags: 1, value: 1000 + i, time: null }))));

/** Describes every link frame of the fragment; the last one is given the fragment. */
function described(fragment: Uint8Array) {
  const framer = new LinkFramer();
  const items = framesFromOutstation(fragment).flatMap((raw) => framer.push(raw));
  return items.map((item, i) => {
    if (!item.ok) throw new Error('bad frame');
    return describeLinkFrame('rx', item.frame, item.raw, i === items.length - 1 ? fragment : null, 'full');
  });
}

/** The user octets of a raw span: the octets of a link frame without its block CRCs. */
function userOctets(raw: Uint8Array, offset: number, length: number): number[] {
  const out: number[] = [];
  for (let p = offset; p < offset + length; p++) if (p >= 10 && (p - 10) % 18 < 16) out.push(raw[p]!);
  return out;
}

const application = (fields: FrameField[] | undefined): FrameField | undefined => fields?.find((f) => f.name === 'application');
const leaves = (f: FrameField): FrameField[] => [f, ...(f.children ?? []).flatMap(leaves)];

/** Pairs each application field (in tree order) with its span in the fragment. */
function fragmentSpans(fragment: Uint8Array): Array<[number, number]> {
  const r = parseFragment(fragment);
  if (!r.ok) throw new Error('unparsable');
  const p = r.fragment;
  const spans: Array<[number, number]> = [[0, 0], [0, 1], [1, 1], [2, 2]];
  for (const h of p.headers) spans.push([h.offset, h.length], ...h.objects.map((o): [number, number] => [o.offset, o.length]));
  return spans;
}

describe('DNP3 analyzer byte spans', () => {
  it('single frame: every field span, CRCs skipped, holds exactly the field octets', () => {
    const fragment = analogs(20);
    const [frame] = described(fragment);
    const app = application(frame!.fields)!;
    const fields = leaves(app);
    const spans = fragmentSpans(fragment);
    expect(fields).toHaveLength(spans.length);
    fields.slice(1).forEach((f, i) => {
      const [off, len] = spans[i + 1]!;
      expect(f.length).toBeGreaterThan(0);
      expect(userOctets(frame!.bytes, f.offset, f.length)).toEqual([...fragment.subarray(off, off + len)]);
    });
  });

  it('multi-frame fragment: the final frame maps the fields it carries and marks the ones in earlier frames', () => {
    const fragment = analogs(120);
    const frames = described(fragment);
    expect(frames.length).toBeGreaterThan(2);
    expect(frames.slice(0, -1).every((f) => application(f.fields) === undefined)).toBe(true);
    const last = frames.at(-1)!;
    const app = application(last.fields)!;
    const userInLast = userOctets(last.bytes, 0, last.bytes.length).length - 1;
    const frameStart = fragment.length - userInLast;
    expect(app.value).toBe(`RESPONSE (reassembled: ${fragment.length} octets, octets ${frameStart}-${fragment.length - 1} in this frame)`);
    const fields = leaves(app).slice(1);
    const spans = fragmentSpans(fragment).slice(1);
    expect(fields).toHaveLength(spans.length);
    let mapped = 0;
    fields.forEach((f, i) => {
      const [off, len] = spans[i]!;
      if (off + len <= frameStart) {
        expect(f).toMatchObject({ offset: 0, length: 0 });
        expect(f.value).toMatch(/\(in an earlier frame\)$/);
        return;
      }
      mapped++;
      const from = Math.max(off, frameStart);
      expect(userOctets(last.bytes, f.offset, f.length)).toEqual([...fragment.subarray(from, off + len)]);
      expect(f.offset).toBeGreaterThanOrEqual(11);
    });
    expect(find(fields, 'control')).toMatchObject({ length: 0 });
    expect(mapped).toBeGreaterThan(10);
    expect(find(fields, 'g30v1')).toMatchObject({ length: 0 });
    // the first octet after the transport octet belongs to the first field this frame carries
    expect(fields.find((f) => f.length > 0)!.offset).toBe(11);
  });
});

function find(fields: FrameField[], name: string): FrameField | undefined {
  return fields.find((f) => f.name === name);
}
