/**
 * File transfer types 120-126 (IEC 60870-5-101 clause 7.3.6, used unchanged by 104): file
 * ready, section ready, call/select, last section or segment, acknowledgement, segment and
 * directory. Each element is a fixed sequence of fields, so one table row per type lists
 * them in wire order; the segment's octets follow its LOS.
 */
import { NO_QUALITY } from './quality';
import { num, spec, timed, type ElementCodec } from './element-helpers';
import type { InfoObject, TypeSpec } from './types';

/**
 * The information elements of file transfer: NOF name of file (UI16), NOS name of section
 * (UI8), LOF length of file or section (UI24), LOS length of segment (UI8), the qualifier
 * octet (FRQ, SRQ, SCQ, LSQ, AFQ or SOF) and CHS checksum (UI8).
 */
export type FileField = 'nof' | 'nos' | 'lof' | 'los' | 'qualifier' | 'chs';
type Field = FileField;

/** Octets of each file transfer information element. */
export const FILE_FIELD_SIZE: Readonly<Record<FileField, number>> = { nof: 2, nos: 1, lof: 3, los: 1, qualifier: 1, chs: 1 };
const FIELD_SIZE = FILE_FIELD_SIZE;

/** The elements of each file transfer type in wire order (F_DR_TA_1 then has CP56Time2a, F_SG_NA_1 the segment). */
export const FILE_FIELDS: Readonly<Record<number, readonly FileField[]>> = {
  120: ['nof', 'lof', 'qualifier'],
  121: ['nof', 'nos', 'lof', 'qualifier'],
  122: ['nof', 'nos', 'qualifier'],
  123: ['nof', 'nos', 'qualifier', 'chs'],
  124: ['nof', 'nos', 'qualifier'],
  125: ['nof', 'nos', 'los'],
  126: ['nof', 'lof', 'qualifier'],
};

function readField(field: Field, b: Uint8Array, o: number, obj: InfoObject): void {
  const v = b[o] as number;
  switch (field) {
    case 'nof':
      obj.value = v | ((b[o + 1] as number) << 8);
      return;
    case 'lof':
      obj.length = v | ((b[o + 1] as number) << 8) | ((b[o + 2] as number) << 16);
      return;
    case 'los':
      obj.length = v;
      return;
    case 'nos':
      obj.section = v;
      return;
    case 'qualifier':
      obj.qualifier = v;
      return;
    case 'chs':
      obj.checksum = v;
  }
}

function writeField(field: Field, obj: InfoObject, b: Uint8Array, o: number): void {
  switch (field) {
    case 'nof': {
      const nof = num(obj);
      b[o] = nof & 0xff;
      b[o + 1] = (nof >> 8) & 0xff;
      return;
    }
    case 'lof': {
      const lof = obj.length ?? 0;
      b[o] = lof & 0xff;
      b[o + 1] = (lof >> 8) & 0xff;
      b[o + 2] = (lof >> 16) & 0xff;
      return;
    }
    case 'los':
      b[o] = obj.segment?.length ?? obj.length ?? 0;
      return;
    case 'nos':
      b[o] = (obj.section ?? 0) & 0xff;
      return;
    case 'qualifier':
      b[o] = (obj.qualifier ?? 0) & 0xff;
      return;
    case 'chs':
      b[o] = (obj.checksum ?? 0) & 0xff;
  }
}

/** The element codec of a sequence of fields in wire order; a LOS field is followed by the segment's octets. */
function fileElement(fields: readonly Field[]): ElementCodec {
  const size = fields.reduce((n, field) => n + FIELD_SIZE[field], 0);
  const segmented = fields.includes('los');
  return {
    size,
    decode(b, _dv, o, ioa) {
      const obj: InfoObject = { ioa, value: 0, quality: NO_QUALITY };
      let at = o;
      for (const field of fields) {
        readField(field, b, at, obj);
        at += FIELD_SIZE[field];
      }
      if (segmented) obj.segment = b.slice(at, at + (obj.length ?? 0));
      return obj;
    },
    encode(obj, b, _dv, o) {
      let at = o;
      for (const field of fields) {
        writeField(field, obj, b, at);
        at += FIELD_SIZE[field];
      }
      if (segmented && obj.segment !== undefined) b.set(obj.segment, at);
    },
  };
}

const row = (id: number, name: string): TypeSpec => spec(id, name, 'file', fileElement(FILE_FIELDS[id] as readonly FileField[]));

/** Rows of the file transfer family; F_SG_NA_1's element is NOF, NOS, LOS and then LOS octets. */
export const FILE_TYPES: readonly TypeSpec[] = [
  row(120, 'F_FR_NA_1'),
  row(121, 'F_SR_NA_1'),
  row(122, 'F_SC_NA_1'),
  row(123, 'F_LS_NA_1'),
  row(124, 'F_AF_NA_1'),
  { ...row(125, 'F_SG_NA_1'), lengthAt: 3 },
  spec(126, 'F_DR_TA_1', 'file', timed(fileElement(FILE_FIELDS[126] as readonly FileField[]), 'cp56')),
];

