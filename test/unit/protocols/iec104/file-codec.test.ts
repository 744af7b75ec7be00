/**
 * File transfer ASDUs (types 120-126): golden vectors decoded, encoded and re-decoded and
 * framed split at every offset; the qualifiers by name; the analyzer's field-by-field words.
 */
import { describe, expect, it } from 'vitest';
import {
  ApduFramer,
  checksum,
  decodeApci,
  decodeAsdu,
  describeAfq,
  describeApdu,
  describeFrq,
  describeLsq,
  describeScq,
  describeSof,
  describeSrq,
  encodeAsdu,
  encodeI,
  IEC104_PARAMS,
  maxSegmentSize,
  typeSpec,
  type Asdu,
  type InfoObject,
} from '../../../../src-main/protocols/iec104';
import { fromHex, loadVectors, toHex, type Vector } from './vectors';

/** An object as the vectors write it: the segment in hex. */
type JsonObject = Omit<InfoObject, 'segment'> & { segment?: string };
type FileVector = Vector<{ ns: number; nr: number; asdu: Omit<Asdu, 'objects'> & { objects: JsonObject[] } }>;

const vectors = loadVectors<FileVector>('file-transfer.json');

const toJson = (a: Asdu): unknown => JSON.parse(JSON.stringify({ ...a, objects: a.objects.map((o) => (o.segment ? { ...o, segment: toHex(o.segment) } : o)) }));
const fromJson = (a: FileVector['value']['asdu']): Asdu => ({ ...a, objects: a.objects.map((o) => (o.segment === undefined ? (o as InfoObject) : { ...o, segment: fromHex(o.segment) })) });

describe('file transfer golden vectors', () => {
  it('cover every file transfer type', () => {
    expect([...new Set(vectors.map((v) => v.value.asdu.typeId))].sort()).toEqual([120, 121, 122, 123, 124, 125, 126]);
  });

  for (const v of vectors) {
    it(`${v.name}: decode, encode, re-decode, split at every offset`, () => {
      const bytes = fromHex(v.hex);
      const apci = decodeApci(bytes);
      if (!apci.ok || apci.value.format !== 'I') throw new Error('not an I-frame');
      const d = decodeAsdu(apci.value.asdu, IEC104_PARAMS);
      if (!d.ok) throw new Error(d.error.code);
      expect(toJson(d.value)).toEqual(v.value.asdu);
      const again = encodeI(v.value.ns, v.value.nr, encodeAsdu(fromJson(v.value.asdu), IEC104_PARAMS));
      expect(toHex(again)).toBe(v.hex);
      for (let at = 0; at <= bytes.length; at++) {
        const f = new ApduFramer();
        const frames = [...f.push(bytes.slice(0, at)).frames, ...f.push(bytes.slice(at)).frames];
        expect(frames.map(toHex)).toEqual([v.hex]);
      }
    });
  }

  it('have the standard element sizes: F_FR 6, F_SR 7, F_SC 4, F_LS 5, F_AF 4, F_SG 4 + LOS, F_DR 13', () => {
    expect([120, 121, 122, 123, 124, 125, 126].map((id) => typeSpec(id)?.size)).toEqual([6, 7, 4, 5, 4, 4, 13]);
    expect(typeSpec(125)?.lengthAt).toBe(3);
    expect(maxSegmentSize(IEC104_PARAMS)).toBe(236);
    expect(maxSegmentSize({ cotSize: 1, caSize: 1, ioaSize: 2 })).toBe(239);
  });

  it('refuse to encode a segment sequence and encode segments of any length up to a full APDU', () => {
    const seg = (n: number): InfoObject => ({ ioa: 1, value: 1, quality: [], section: 1, segment: new Uint8Array(n).fill(7) });
    expect(() => encodeAsdu({ typeId: 125, sq: true, cause: 13, commonAddress: 1, objects: [seg(1)] }, IEC104_PARAMS)).toThrow(/sequence/);
    expect(() => encodeAsdu({ typeId: 125, cause: 13, commonAddress: 1, objects: [seg(237)] }, IEC104_PARAMS)).toThrow(/exceed/);
    for (const n of [0, 1, 100, 236]) {
      const d = decodeAsdu(encodeAsdu({ typeId: 125, cause: 13, commonAddress: 1, objects: [seg(n)] }, IEC104_PARAMS), IEC104_PARAMS);
      expect(d.ok && d.value.objects[0]?.segment?.length).toBe(n);
    }
  });
});

describe('file transfer qualifiers by name', () => {
  it('names SCQ, AFQ (with their error causes), LSQ, FRQ, SRQ and SOF', () => {
    expect([0, 1, 2, 3, 4, 5, 6, 7].map(describeScq)).toEqual(['default', 'select file', 'request file', 'deactivate file', 'delete file', 'select section', 'request section', 'deactivate section']);
    expect(describeScq(0x41)).toBe('select file, unexpected name of file');
    expect(describeAfq(0x24)).toBe('negative ack of section, checksum failed');
    expect(describeAfq(0x12)).toBe('negative ack of file, requested memory space not available');
    expect([1, 2, 3, 4].map(describeLsq)).toEqual(['file transfer without deactivation', 'file transfer with deactivation', 'section transfer without deactivation', 'section transfer with deactivation']);
    expect(describeLsq(9)).toBe('reserved 9');
    expect([describeFrq(0), describeFrq(0x80), describeSrq(0), describeSrq(0x80)]).toEqual(['positive confirm', 'negative confirm', 'section ready', 'section not ready']);
    expect(describeSof(0x25)).toBe('status 5, file, last of directory');
    expect(describeSof(0xc0)).toBe('status 0, directory, transfer active');
  });

  it('computes the checksum as the sum of the octets modulo 256', () => {
    expect(checksum(Uint8Array.of(0xff, 0x02, 0x10))).toBe(0x11);
    expect(checksum(new Uint8Array(0))).toBe(0);
    expect(checksum(Uint8Array.of(1), 0xff)).toBe(0);
  });
});

describe('analyzer descriptions of file transfer', () => {
  const frame = (name: string) => fromHex((vectors.find((v) => v.name === name) as FileVector).hex);

  it('summarises each APDU with its named elements', () => {
    expect(describeApdu(frame('F_SC_NA_1 request section'), 'tx', 'summary', IEC104_PARAMS).summary).toBe(
      'I(2,4) F_SC_NA_1 file IOA 4096 NOF=3 NOS=2 SCQ=request section (0x06)',
    );
    expect(describeApdu(frame('F_SG_NA_1 segment of 5 octets'), 'rx', 'summary', IEC104_PARAMS).summary).toBe('I(9,3) F_SG_NA_1 file IOA 4096 NOF=3 NOS=2 LOS=5 octets');
    expect(describeApdu(frame('F_LS_NA_1 last segment of a section'), 'rx', 'summary', IEC104_PARAMS).summary).toBe(
      'I(11,3) F_LS_NA_1 file IOA 4096 NOF=3 NOS=2 LSQ=section transfer without deactivation (0x03) CHS=0x0f',
    );
  });

  it('gives every element as a field with its byte span', () => {
    const bytes = frame('F_SG_NA_1 segment of 5 octets');
    const asdu = describeApdu(bytes, 'rx', 'full', IEC104_PARAMS).fields?.[1];
    const object = asdu?.children?.find((c) => c.name === 'object 1');
    const element = object?.children?.find((c) => c.name === 'element');
    expect(element?.children?.map((c) => [c.name, c.value, c.offset, c.length])).toEqual([
      ['NOF', '3', 15, 2],
      ['NOS', '2', 17, 1],
      ['LOS', '5 octets', 18, 1],
      ['segment', '5 octets', 19, 5],
    ]);
    expect(object?.offset).toBe(12);
    expect((object?.offset ?? 0) + (object?.length ?? 0)).toBe(bytes.length);
    const dir = describeApdu(frame('F_DR_TA_1 SQ=0 x2 (a subdirectory, then the last file)'), 'rx', 'full', IEC104_PARAMS).fields?.[1];
    const second = dir?.children?.find((c) => c.name === 'object 2')?.children?.find((c) => c.name === 'element');
    expect(second?.children?.map((c) => `${c.name}=${c.value}`)).toEqual(['NOF=2', 'LOF=70000 octets', 'SOF=status 0, file, last of directory (0x20)', 'CP56Time2a=2025-12-31T23:59:59.999Z']);
  });
});
