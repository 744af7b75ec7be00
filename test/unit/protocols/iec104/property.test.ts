/**
 * Property tests: random and mutated APDUs never throw out of the framer, the decoders,
 * the analyzer or a session, and never hang.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { ApduFramer, createIec104Master, createIec104Station, decodeApci, decodeAsdu, describeApdu } from '../../../../src-main/protocols/iec104';
import { fromHex, loadVectors, type Vector } from './vectors';

const golden = [...loadVectors<Vector>('asdu-types.json'), ...loadVectors<Vector>('apci.json')].map((v) => fromHex(v.hex));
const params = fc.record({
  cotSize: fc.constantFrom(1 as const, 2 as const),
  caSize: fc.constantFrom(1 as const, 2 as const),
  ioaSize: fc.constantFrom(1 as const, 2 as const, 3 as const),
});

/** A golden APDU with random octets replaced, removed or appended, and its length octet kept or not. */
const mutated = fc
  .tuple(fc.constantFrom(...golden), fc.array(fc.tuple(fc.nat(), fc.integer({ min: 0, max: 255 })), { maxLength: 6 }), fc.integer({ min: -8, max: 8 }), fc.boolean())
  .map(([g, edits, resize, fixLength]) => {
    let b = Uint8Array.from(g);
    for (const [at, v] of edits) b[at % b.length] = v;
    if (resize < 0) b = b.slice(0, Math.max(0, b.length + resize));
    else if (resize > 0) b = Uint8Array.from([...b, ...new Array<number>(resize).fill(resize)]);
    if (fixLength && b.length >= 2) {
      b[0] = 0x68;
      b[1] = Math.min(253, b.length - 2);
    }
    return b;
  });

function decodeAll(b: Uint8Array, p: { cotSize: 1 | 2; caSize: 1 | 2; ioaSize: 1 | 2 | 3 }): void {
  const r = new ApduFramer().push(b);
  for (const f of r.frames) {
    const a = decodeApci(f);
    if (a.ok && a.value.format === 'I') decodeAsdu(a.value.asdu, p);
    describeApdu(f, 'rx', 'full', p);
  }
  if (b.length > 6) decodeAsdu(b.subarray(6), p);
  decodeAsdu(b, p);
  describeApdu(b, 'rx', 'full', p);
}

describe('decoders never throw', () => {
  it('on random bytes', () => {
    fc.assert(fc.property(fc.uint8Array({ maxLength: 300 }), params, (b, p) => void decodeAll(b, p)), { numRuns: 3000 });
  });

  it('on mutated golden APDUs', () => {
    fc.assert(fc.property(mutated, params, (b, p) => void decodeAll(b, p)), { numRuns: 5000 });
  });

  it('framer: random chunking of random streams terminates with frames or one error', () => {
    fc.assert(
      fc.property(fc.array(fc.oneof(mutated, fc.constantFrom(...golden)), { maxLength: 20 }), fc.array(fc.integer({ min: 1, max: 40 }), { minLength: 1 }), (apdus, cuts) => {
        const stream = Uint8Array.from(apdus.flatMap((a) => [...a]));
        const f = new ApduFramer();
        let i = 0;
        let c = 0;
        let errors = 0;
        while (i < stream.length) {
          const n = cuts[c++ % cuts.length] as number;
          const r = f.push(stream.slice(i, i + n));
          if (r.error !== null) errors++;
          i += n;
        }
        expect(c).toBeLessThanOrEqual(stream.length + 1);
        return errors <= c;
      }),
      { numRuns: 1000 },
    );
  });
});

describe('sessions never throw', () => {
  it('a started master and a station fed mutated and random APDUs', () => {
    fc.assert(
      fc.property(fc.array(fc.oneof(mutated, fc.uint8Array({ maxLength: 40 })), { maxLength: 30 }), (chunks) => {
        const m = createIec104Master({ decodeLevel: 'full' });
        m.step({ kind: 'up' }, 0);
        m.step({ kind: 'rx', bytes: fromHex('68040b000000') }, 1);
        const s = createIec104Station();
        s.step({ kind: 'up' }, 0);
        s.step({ kind: 'rx', bytes: fromHex('680407000000') }, 1);
        let t = 2;
        for (const c of chunks) {
          m.step({ kind: 'rx', bytes: c }, t);
          s.step({ kind: 'rx', bytes: c }, t);
          m.step({ kind: 'timer', id: 't1:0' }, (t += 1000));
          s.step({ kind: 'timer', id: 't3:0' }, t);
        }
      }),
      { numRuns: 1000 },
    );
  });
});
