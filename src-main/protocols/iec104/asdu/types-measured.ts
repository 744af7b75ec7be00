/**
 * Monitor-direction measured values: normalized, scaled and short floating point, with and
 * without quality and time tags (types 9-14, 21, 34-36).
 */
import { NO_QUALITY, qualityBits, qdsWords } from './quality';
import { nvaRaw, num, spec, timed, type ElementCodec } from './element-helpers';
import type { TypeSpec } from './types';

// NVA: signed 16-bit fraction of full scale (value = raw / 32768), then QDS.
const NVA: ElementCodec = {
  size: 3,
  decode: (b, dv, o, ioa) => {
    const raw = dv.getInt16(o, true);
    return { ioa, value: raw / 32768, raw, quality: qdsWords(b[o + 2] as number) };
  },
  encode: (obj, b, dv, o) => {
    dv.setInt16(o, nvaRaw(obj), true);
    b[o + 2] = qualityBits(obj.quality);
  },
};

// NVA without quality descriptor (M_ME_ND_1).
const NVA_NO_QDS: ElementCodec = {
  size: 2,
  decode: (_b, dv, o, ioa) => {
    const raw = dv.getInt16(o, true);
    return { ioa, value: raw / 32768, raw, quality: NO_QUALITY };
  },
  encode: (obj, _b, dv, o) => {
    dv.setInt16(o, nvaRaw(obj), true);
  },
};

// SVA: signed 16-bit integer, then QDS.
const SVA: ElementCodec = {
  size: 3,
  decode: (b, dv, o, ioa) => ({ ioa, value: dv.getInt16(o, true), quality: qdsWords(b[o + 2] as number) }),
  encode: (obj, b, dv, o) => {
    dv.setInt16(o, num(obj), true);
    b[o + 2] = qualityBits(obj.quality);
  },
};

// IEEE STD 754 short floating point, little-endian, then QDS.
const FLOAT: ElementCodec = {
  size: 5,
  decode: (b, dv, o, ioa) => ({ ioa, value: dv.getFloat32(o, true), quality: qdsWords(b[o + 4] as number) }),
  encode: (obj, b, dv, o) => {
    dv.setFloat32(o, num(obj), true);
    b[o + 4] = qualityBits(obj.quality);
  },
};

/** Rows of the measured-value family. */
export const MEASURED_TYPES: readonly TypeSpec[] = [
  spec(9, 'M_ME_NA_1', 'monitor', NVA),
  spec(10, 'M_ME_TA_1', 'monitor', timed(NVA, 'cp24')),
  spec(11, 'M_ME_NB_1', 'monitor', SVA),
  spec(12, 'M_ME_TB_1', 'monitor', timed(SVA, 'cp24')),
  spec(13, 'M_ME_NC_1', 'monitor', FLOAT),
  spec(14, 'M_ME_TC_1', 'monitor', timed(FLOAT, 'cp24')),
  spec(21, 'M_ME_ND_1', 'monitor', NVA_NO_QDS),
  spec(34, 'M_ME_TD_1', 'monitor', timed(NVA, 'cp56')),
  spec(35, 'M_ME_TE_1', 'monitor', timed(SVA, 'cp56')),
  spec(36, 'M_ME_TF_1', 'monitor', timed(FLOAT, 'cp56')),
];
