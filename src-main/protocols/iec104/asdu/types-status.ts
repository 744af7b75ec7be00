/**
 * Monitor-direction status types: single and double points, step positions, bitstrings
 * and packed single points (types 1-8, 20, 30-33).
 */
import { qualityBits, qdsWords, siqWords } from './quality';
import { num, spec, timed, type ElementCodec } from './element-helpers';
import type { TypeSpec } from './types';

// SIQ: bit1 SPI, bits 5-8 BL SB NT IV.
const SIQ: ElementCodec = {
  size: 1,
  decode: (b, _dv, o, ioa) => {
    const s = b[o] as number;
    return { ioa, value: (s & 1) === 1, quality: siqWords(s) };
  },
  encode: (obj, b, _dv, o) => {
    b[o] = (num(obj) & 1) | (qualityBits(obj.quality) & 0xf0);
  },
};

// DIQ: bits 1-2 DPI (0 indeterminate, 1 off, 2 on, 3 indeterminate), bits 5-8 as SIQ.
const DIQ: ElementCodec = {
  size: 1,
  decode: (b, _dv, o, ioa) => {
    const s = b[o] as number;
    return { ioa, value: s & 3, quality: siqWords(s) };
  },
  encode: (obj, b, _dv, o) => {
    b[o] = (num(obj) & 3) | (qualityBits(obj.quality) & 0xf0);
  },
};

// VTI (bits 1-7 signed value -64..63, bit 8 transient) + QDS.
const VTI: ElementCodec = {
  size: 2,
  decode: (b, _dv, o, ioa) => {
    const v = b[o] as number;
    return { ioa, value: ((v & 0x7f) << 25) >> 25, quality: qdsWords(b[o + 1] as number), transient: (v & 0x80) !== 0 };
  },
  encode: (obj, b, _dv, o) => {
    b[o] = (num(obj) & 0x7f) | (obj.transient ? 0x80 : 0);
    b[o + 1] = qualityBits(obj.quality);
  },
};

// BSI (32 bits, little-endian) + QDS.
const BSI: ElementCodec = {
  size: 5,
  decode: (b, dv, o, ioa) => ({ ioa, value: dv.getUint32(o, true), quality: qdsWords(b[o + 4] as number) }),
  encode: (obj, b, dv, o) => {
    dv.setUint32(o, num(obj) >>> 0, true);
    b[o + 4] = qualityBits(obj.quality);
  },
};

// SCD: ST (16 status bits) then CD (16 change-detection bits), little-endian; then QDS.
const SCD: ElementCodec = {
  size: 5,
  decode: (b, dv, o, ioa) => ({
    ioa,
    value: dv.getUint16(o, true),
    changes: dv.getUint16(o + 2, true),
    quality: qdsWords(b[o + 4] as number),
  }),
  encode: (obj, b, dv, o) => {
    dv.setUint16(o, num(obj) & 0xffff, true);
    dv.setUint16(o + 2, (obj.changes ?? 0) & 0xffff, true);
    b[o + 4] = qualityBits(obj.quality);
  },
};

/** Rows of the status family. */
export const STATUS_TYPES: readonly TypeSpec[] = [
  spec(1, 'M_SP_NA_1', 'monitor', SIQ),
  spec(2, 'M_SP_TA_1', 'monitor', timed(SIQ, 'cp24')),
  spec(3, 'M_DP_NA_1', 'monitor', DIQ),
  spec(4, 'M_DP_TA_1', 'monitor', timed(DIQ, 'cp24')),
  spec(5, 'M_ST_NA_1', 'monitor', VTI),
  spec(6, 'M_ST_TA_1', 'monitor', timed(VTI, 'cp24')),
  spec(7, 'M_BO_NA_1', 'monitor', BSI),
  spec(8, 'M_BO_TA_1', 'monitor', timed(BSI, 'cp24')),
  spec(20, 'M_PS_NA_1', 'monitor', SCD),
  spec(30, 'M_SP_TB_1', 'monitor', timed(SIQ, 'cp56')),
  spec(31, 'M_DP_TB_1', 'monitor', timed(DIQ, 'cp56')),
  spec(32, 'M_ST_TB_1', 'monitor', timed(VTI, 'cp56')),
  spec(33, 'M_BO_TB_1', 'monitor', timed(BSI, 'cp56')),
];
