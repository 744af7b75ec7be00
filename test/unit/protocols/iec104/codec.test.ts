import { describe, expect, it } from 'vitest';
import {
  ApduFramer,
  decodeApci,
  decodeAsdu,
  encodeAsdu,
  encodeI,
  encodeS,
  encodeU,
  IEC104_PARAMS,
  typeSpec,
  allTypes,
  causeName,
  isDefinedCause,
  type Asdu,
  type UFunction,
} from '../../../../src-main/protocols/iec104';
import { fromHex, loadVectors, toHex, type ErrorVector, type Vector } from './vectors';

type TypeVector = Vector<{ ns: number; nr: number; asdu: Asdu }>;
type ApciVector = Vector<{ format: 'I' | 'S' | 'U'; fn?: UFunction; ns?: number; nr?: number; asdu?: string }>;

const typeVectors = loadVectors<TypeVector>('asdu-types.json');
// File transfer vectors (their segments in hex) are checked in file-codec.test.ts.
const fileVectors = loadVectors<TypeVector>('file-transfer.json');
const apciVectors = loadVectors<ApciVector>('apci.json');
const errorVectors = loadVectors<ErrorVector>('errors.json');

/** Pushes the bytes split at `at` and returns the frames. */
function frameSplit(bytes: Uint8Array, at: number): Uint8Array[] {
  const f = new ApduFramer();
  const a = f.push(bytes.slice(0, at));
  const b = f.push(bytes.slice(at));
  expect(a.error).toBeNull();
  expect(b.error).toBeNull();
  return [...a.frames, ...b.frames].map((x) => x.slice());
}

describe('golden vectors: every type id', () => {
  it('cover every supported type in both SQ layouts where a sequence applies', () => {
    const ids = new Set([...typeVectors, ...fileVectors].map((v) => v.value.asdu.typeId));
    for (const t of allTypes()) expect(ids.has(t.id), t.name).toBe(true);
    expect(typeVectors.some((v) => v.value.asdu.sq)).toBe(true);
    for (const id of [1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16, 21, 30, 31, 32, 33, 34, 35, 36, 37]) {
      expect(typeVectors.filter((v) => v.value.asdu.typeId === id).map((v) => v.value.asdu.sq).sort()).toEqual([false, true]);
    }
    expect(allTypes().map((t) => t.id)).toEqual([
      1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16, 17, 18, 19, 20, 21, 30, 31, 32, 33, 34, 35, 36, 37, 38, 39, 40, 45, 46,
      47, 48, 49, 50, 51, 58, 59, 60, 61, 62, 63, 64, 70, 100, 101, 102, 103, 105, 107, 110, 111, 112, 113, 120, 121, 122, 123, 124,
      125, 126,
    ]);
  });

  for (const v of typeVectors) {
    it(`${v.name}: decode, encode, re-decode, split at every offset`, () => {
      const bytes = fromHex(v.hex);
      const apci = decodeApci(bytes);
      expect(apci.ok).toBe(true);
      if (!apci.ok || apci.value.format !== 'I') return;
      expect(apci.value.ns).toBe(v.value.ns);
      expect(apci.value.nr).toBe(v.value.nr);
      const d = decodeAsdu(apci.value.asdu, IEC104_PARAMS);
      expect(d.ok).toBe(true);
      if (!d.ok) return;
      expect(JSON.parse(JSON.stringify(d.value))).toEqual(v.value.asdu);
      const again = encodeI(v.value.ns, v.value.nr, encodeAsdu(v.value.asdu, IEC104_PARAMS));
      expect(toHex(again)).toBe(v.hex);
      const re = decodeAsdu(again.subarray(6), IEC104_PARAMS);
      expect(re.ok && JSON.parse(JSON.stringify(re.value))).toEqual(v.value.asdu);
      for (let at = 0; at <= bytes.length; at++) expect(frameSplit(bytes, at).map(toHex)).toEqual([v.hex]);
    });
  }
});

describe('ASDUs that are views of received chunks', () => {
  it('decode every vector alike from one stream, from chunks cut anywhere and from copies, in any order', () => {
    const stream = Buffer.concat(typeVectors.map((v) => fromHex(v.hex)));
    const asduOf = (frame: Uint8Array): Asdu => {
      const a = decodeApci(frame);
      if (!a.ok || a.value.format !== 'I') throw new Error('not an I-frame');
      const d = decodeAsdu(a.value.asdu, IEC104_PARAMS);
      if (!d.ok) throw new Error(d.error.code);
      return JSON.parse(JSON.stringify(d.value)) as Asdu;
    };
    const expected = typeVectors.map((v) => v.value.asdu);
    for (const size of [7, 64, stream.length]) {
      const framer = new ApduFramer();
      const frames: Uint8Array[] = [];
      for (let at = 0; at < stream.length; at += size) frames.push(...framer.push(new Uint8Array(stream.subarray(at, at + size))).frames);
      expect(frames.map(asduOf), `chunks of ${size}`).toEqual(expected);
      // alternate between views of the chunks and standalone copies
      expect(frames.map((f, i) => asduOf(i % 2 === 0 ? f : f.slice()))).toEqual(expected);
    }
  });
});

describe('golden vectors: APCI formats', () => {
  for (const v of apciVectors) {
    it(`${v.name}: decode, encode, split at every offset`, () => {
      const bytes = fromHex(v.hex);
      const d = decodeApci(bytes);
      expect(d.ok).toBe(true);
      if (!d.ok) return;
      const a = d.value;
      if (a.format === 'I') {
        expect({ format: 'I', ns: a.ns, nr: a.nr, asdu: toHex(a.asdu) }).toEqual(v.value);
        expect(toHex(encodeI(a.ns, a.nr, a.asdu))).toBe(v.hex);
      } else if (a.format === 'S') {
        expect(a).toEqual(v.value);
        expect(toHex(encodeS(a.nr))).toBe(v.hex);
      } else {
        expect(a).toEqual(v.value);
        expect(toHex(encodeU(a.fn))).toBe(v.hex);
      }
      for (let at = 0; at <= bytes.length; at++) expect(frameSplit(bytes, at).map(toHex)).toEqual([v.hex]);
    });
  }

  it('frames a stream of every vector split at every offset', () => {
    const all = [...apciVectors, ...typeVectors].map((v) => v.hex);
    const stream = fromHex(all.join(''));
    for (const step of [1, 2, 3, 7, 64, 1000]) {
      const f = new ApduFramer();
      const got: string[] = [];
      for (let i = 0; i < stream.length; i += step) {
        const r = f.push(stream.slice(i, i + step));
        expect(r.error).toBeNull();
        got.push(...r.frames.map(toHex));
      }
      expect(got).toEqual(all);
    }
  });

  it('joins frames split across chunks into shared memory that is never reused, so kept frames stay intact', () => {
    const all = [...apciVectors, ...typeVectors].map((v) => v.hex);
    const stream = fromHex(all.join('').repeat(40));
    const f = new ApduFramer();
    const kept: Uint8Array[] = [];
    for (let i = 0; i < stream.length; i += 5) kept.push(...f.push(stream.slice(i, i + 5)).frames);
    expect(kept.map(toHex)).toEqual(Array.from({ length: 40 }, () => all).flat());
    // joined frames are views of a few slabs, not one small array each
    expect(new Set(kept.map((frame) => frame.buffer)).size).toBeLessThan(kept.length / 20);
  });

  it('frames chunks that are Node Buffers (as sockets deliver them) into plain Uint8Array views', () => {
    const all = [...apciVectors, ...typeVectors].map((v) => v.hex);
    const frames = new ApduFramer().push(Buffer.from(all.join(''), 'hex')).frames;
    expect(frames.map(toHex)).toEqual(all);
    expect(frames.every((frame) => frame.constructor === Uint8Array)).toBe(true);
  });
});

describe('error vectors: every error code', () => {
  for (const v of errorVectors) {
    it(`${v.name} -> ${v.code}`, () => {
      const bytes = fromHex(v.hex);
      if (v.layer === 'framer') {
        const r = new ApduFramer().push(bytes);
        expect(r.error?.code).toBe(v.code);
        // Split anywhere, the same error comes.
        for (let at = 0; at <= bytes.length; at++) {
          const f = new ApduFramer();
          const a = f.push(bytes.slice(0, at));
          const b = f.push(bytes.slice(at));
          expect((a.error ?? b.error)?.code).toBe(v.code);
        }
      } else if (v.layer === 'apci') {
        const r = new ApduFramer().push(bytes);
        expect(r.error).toBeNull();
        const d = decodeApci(r.frames[0] as Uint8Array);
        expect(d.ok ? 'ok' : d.error.code).toBe(v.code);
      } else if (v.layer === 'apci-raw') {
        const d = decodeApci(bytes);
        expect(d.ok ? 'ok' : d.error.code).toBe(v.code);
      } else {
        const d = decodeAsdu(bytes, IEC104_PARAMS);
        expect(d.ok ? 'ok' : d.error.code).toBe(v.code);
      }
    });
  }
});

describe('ASDU parameters', () => {
  it('decodes COT 1, CA 1, IOA 1 and 2 octet profiles', () => {
    const obj = { ioa: 200, value: 2.5, quality: ['OV'] };
    for (const p of [
      { cotSize: 1, caSize: 1, ioaSize: 1 },
      { cotSize: 1, caSize: 2, ioaSize: 2 },
      { cotSize: 2, caSize: 1, ioaSize: 2 },
    ] as const) {
      const b = encodeAsdu({ typeId: 13, cause: 3, originator: 7, commonAddress: 12, objects: [obj] }, p);
      expect(b.length).toBe(2 + p.cotSize + p.caSize + p.ioaSize + 5);
      const d = decodeAsdu(b, p);
      expect(d.ok && d.value).toMatchObject({ typeId: 13, commonAddress: 12, originator: p.cotSize === 2 ? 7 : 0, objects: [obj] });
    }
  });

  it('reads P/N, T and the originator; normalized values give the engineering fraction', () => {
    // C_SE_NA_1 actcon negative+test, originator 5, CA 0x0102, IOA 0x030201, NVA -16384, QOS select QL 3.
    const d = decodeAsdu(fromHex('3001c7050201010203' + '00c0' + '83'), IEC104_PARAMS);
    expect(d.ok && d.value).toMatchObject({ typeName: 'C_SE_NA_1', cause: 7, negative: true, test: true, originator: 5, commonAddress: 0x0102 });
    expect(d.ok && d.value.objects[0]).toMatchObject({ ioa: 0x030201, value: -0.5, raw: -16384, select: true, qualifier: 3 });
  });

  it('decodes CP56Time2a with IV and SU and day of week', () => {
    // M_SP_TB_1, IOA 1, SIQ on, time 2024-03-15 13:45:30.250, IV set, SU set, Friday (5).
    const t = '2a76' + (45 | 0x80).toString(16) + (13 | 0x80).toString(16) + ((5 << 5) | 15).toString(16) + '03' + '18';
    const d = decodeAsdu(fromHex('1e0103000100010000' + '01' + t), IEC104_PARAMS);
    expect(d.ok && d.value.objects[0]?.time).toEqual({ kind: 'cp56', epochMs: Date.UTC(2024, 2, 15, 13, 45, 30, 250), iv: true, su: true, dayOfWeek: 5 });
  });

  it('has a row per type with the standard element sizes', () => {
    const sizes: Record<number, number> = { 1: 1, 2: 4, 3: 1, 5: 2, 7: 5, 9: 3, 11: 3, 13: 5, 14: 8, 15: 5, 17: 6, 18: 7, 19: 7, 20: 5, 21: 2, 30: 8, 31: 8, 32: 9, 33: 12, 34: 10, 35: 10, 36: 12, 37: 12, 38: 10, 39: 11, 40: 11, 45: 1, 48: 3, 50: 5, 51: 4, 58: 8, 61: 10, 63: 12, 64: 11, 70: 1, 100: 1, 101: 1, 102: 0, 103: 7, 105: 1, 107: 9, 110: 3, 112: 5, 113: 1 };
    for (const [id, size] of Object.entries(sizes)) expect(typeSpec(Number(id))?.size, `type ${id}`).toBe(size);
  });
});

describe('causes of transmission', () => {
  it('names every defined cause (1-13, 20-41, 44-47) and no reserved one', () => {
    const named: Record<number, string> = {
      1: 'percyc', 2: 'back', 3: 'spont', 4: 'init', 5: 'req', 6: 'act', 7: 'actcon', 8: 'deact', 9: 'deactcon', 10: 'actterm',
      11: 'retrem', 12: 'retloc', 13: 'file', 20: 'inrogen', 21: 'inro1', 36: 'inro16', 37: 'reqcogen', 38: 'reqco1', 41: 'reqco4',
      44: 'unknowntype', 45: 'unknowncause', 46: 'unknownca', 47: 'unknownioa',
    };
    for (const [cause, name] of Object.entries(named)) expect(causeName(Number(cause))).toBe(name);
    const defined = Array.from({ length: 64 }, (_, c) => c).filter(isDefinedCause);
    const ranges = [[1, 13], [20, 41], [44, 47]].flatMap(([lo, hi]) => Array.from({ length: (hi as number) - (lo as number) + 1 }, (_, i) => (lo as number) + i));
    expect(defined).toEqual(ranges);
    for (let c = 22; c <= 35; c++) expect(causeName(c)).toBe(`inro${c - 20}`);
    for (const reserved of [0, 14, 19, 42, 43, 48, 63]) expect(causeName(reserved)).toBe(`cot${reserved}`);
  });
});
