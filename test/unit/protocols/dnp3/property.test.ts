import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { createDnp3Master, createDnp3Outstation } from '../../../../src-main/protocols/dnp3';
import { LinkFramer } from '../../../../src-main/protocols/dnp3/link/framer';
import { decodeLinkFrame } from '../../../../src-main/protocols/dnp3/link/frame';
import { parseFragment } from '../../../../src-main/protocols/dnp3/app/fragment';
import { decodeResponseContent } from '../../../../src-main/protocols/dnp3/app/point-decoder';
import { unhex } from './harness';
import { framesOf } from './vectors';
import { readVectors } from './vectors';
import type { FragmentValue } from './vector-specs';

const vectors = readVectors<FragmentValue>('objects.json').map((v) => unhex(v.hex));

/** A vector frame with a few octets changed, CRCs left as they are or not. */
const mutated = fc
  .tuple(fc.constantFrom(...vectors), fc.array(fc.tuple(fc.nat(), fc.integer({ min: 0, max: 255 })), { maxLength: 6 }))
  .map(([v, edits]) => {
    const b = v.slice();
    for (const [at, x] of edits) b[at % b.length] = x;
    return b;
  });

describe('DNP3 decoders under random and mutated input', () => {
  it('the framer never throws, never hangs, and holds a bounded buffer', () => {
    fc.assert(
      fc.property(fc.array(fc.oneof(fc.uint8Array({ maxLength: 600 }), mutated), { maxLength: 30 }), (chunks) => {
        const f = new LinkFramer();
        for (const c of chunks) {
          for (const item of f.push(c)) if (item.ok) expect(item.raw.length).toBeLessThanOrEqual(292);
        }
        expect((f as unknown as { end: number; start: number }).end - (f as unknown as { start: number }).start).toBeLessThan(292);
      }),
      { numRuns: 400 },
    );
  });

  it('fragment and point decoders never throw on random or mutated fragments', () => {
    const frag = fc.oneof(
      fc.uint8Array({ maxLength: 300 }),
      mutated.map((b) => b.subarray(11)),
      fc.tuple(fc.constantFrom(0x81, 0x82, 0x01, 0x02, 0x05), fc.uint8Array({ maxLength: 200 })).map(([fcode, rest]) => new Uint8Array([0xc0, fcode, 0, 0, ...rest])),
    );
    fc.assert(
      fc.property(frag, (b) => {
        parseFragment(b);
        decodeResponseContent(b);
        decodeLinkFrame(b);
      }),
      { numRuns: 3000 },
    );
  });

  it('master and outstation sessions survive random and mutated bytes', () => {
    fc.assert(
      fc.property(fc.array(fc.oneof(fc.uint8Array({ maxLength: 300 }), mutated), { maxLength: 20 }), (chunks) => {
        const m = createDnp3Master({ decodeLevel: 'full' });
        const o = createDnp3Outstation({ decodeLevel: 'full' });
        m.step({ kind: 'up' }, 0);
        o.step({ kind: 'up' }, 0);
        let t = 1;
        for (const c of chunks) {
          m.step({ kind: 'rx', bytes: c }, t);
          o.step({ kind: 'rx', bytes: c }, t++);
        }
      }),
      { numRuns: 300 },
    );
  });
});

describe('DNP3 sessions under random application fragments in valid frames', () => {
  it('master and outstation survive random fragments with good CRCs and sane headers', () => {
    const fragment = fc.oneof(
      fc.tuple(fc.integer({ min: 0, max: 255 }), fc.constantFrom(0, 1, 2, 3, 4, 5, 6, 7, 9, 11, 13, 14, 20, 21, 22, 23, 24, 129, 130), fc.uint8Array({ maxLength: 300 })),
      fc.tuple(
        fc.integer({ min: 0, max: 255 }),
        fc.constantFrom(1, 2, 3, 4, 5, 129, 130),
        fc.tuple(fc.constantFrom(0, 1, 2, 3, 4, 10, 12, 20, 30, 32, 41, 50, 51, 52, 60, 80, 110), fc.integer({ min: 0, max: 8 }), fc.constantFrom(0x00, 0x01, 0x06, 0x07, 0x08, 0x17, 0x28, 0x5b), fc.uint8Array({ maxLength: 60 })).map(
          ([g, v, q, rest]) => new Uint8Array([g, v, q, ...rest]),
        ),
      ),
    ).map(([control, fcode, body]) => new Uint8Array([control, fcode, ...(fcode >= 129 ? [0, 0] : []), ...body]));
    fc.assert(
      fc.property(fc.array(fragment, { maxLength: 8 }), (fragments) => {
        const m = createDnp3Master({ decodeLevel: 'full' });
        const o = createDnp3Outstation({ decodeLevel: 'full' });
        m.step({ kind: 'up' }, 0);
        o.step({ kind: 'up' }, 0);
        let t = 1;
        for (const f of fragments) {
          const toMaster = framesOf(f, true);
          const toOutstation = framesOf(f, false);
          for (const b of toMaster) m.step({ kind: 'rx', bytes: b }, t);
          for (const b of toOutstation) o.step({ kind: 'rx', bytes: b }, t);
          m.step({ kind: 'timer', id: 'dnp3.response' }, (t += 6000));
          o.step({ kind: 'timer', id: 'dnp3.os.confirm' }, t);
        }
      }),
      { numRuns: 500 },
    );
  });
});
