/**
 * System information (end of initialization 70; interrogation, counter interrogation,
 * read, clock synchronisation, reset process and test with time tag 100-107) and
 * parameter types (110-113).
 */
import { NO_QUALITY } from './quality';
import { cp56FromEpoch, readCp56, writeCp56 } from './time-tags';
import { nvaRaw, num, spec, timed, type ElementCodec } from './element-helpers';
import type { TypeSpec } from './types';

// One qualifier octet as the value: COI, QOI, QCC, QRP, QPA.
const OCTET: ElementCodec = {
  size: 1,
  decode: (b, _dv, o, ioa) => ({ ioa, value: b[o] as number, quality: NO_QUALITY }),
  encode: (obj, b, _dv, o) => {
    b[o] = num(obj) & 0xff;
  },
};

// C_RD_NA_1 carries only the IOA.
const NOTHING: ElementCodec = {
  size: 0,
  decode: (_b, _dv, _o, ioa) => ({ ioa, value: 0, quality: NO_QUALITY }),
  encode: () => undefined,
};

// C_CS_NA_1: CP56Time2a; the value is its epoch milliseconds.
const CLOCK: ElementCodec = {
  size: 7,
  decode: (b, _dv, o, ioa) => {
    const time = readCp56(b, o);
    return { ioa, value: time.epochMs, quality: NO_QUALITY, time };
  },
  encode: (obj, b, _dv, o) => {
    writeCp56(b, o, obj.time?.kind === 'cp56' ? obj.time : cp56FromEpoch(num(obj)));
  },
};

// TSC: 16-bit test sequence counter (C_TS_TA_1, followed by CP56Time2a).
const TSC: ElementCodec = {
  size: 2,
  decode: (_b, dv, o, ioa) => ({ ioa, value: dv.getUint16(o, true), quality: NO_QUALITY }),
  encode: (obj, _b, dv, o) => {
    dv.setUint16(o, num(obj) & 0xffff, true);
  },
};

// Parameter of measured value: the value then QPM (bits 1-6 KPA, bit 7 LPC, bit 8 POP).
function withQpm(valueSize: number, kind: 'nva' | 'sva' | 'float'): ElementCodec {
  return {
    size: valueSize + 1,
    decode: (b, dv, o, ioa) => {
      const qualifier = b[o + valueSize] as number;
      if (kind === 'nva') {
        const raw = dv.getInt16(o, true);
        return { ioa, value: raw / 32768, raw, quality: NO_QUALITY, qualifier };
      }
      const value = kind === 'sva' ? dv.getInt16(o, true) : dv.getFloat32(o, true);
      return { ioa, value, quality: NO_QUALITY, qualifier };
    },
    encode: (obj, b, dv, o) => {
      if (kind === 'nva') dv.setInt16(o, nvaRaw(obj), true);
      else if (kind === 'sva') dv.setInt16(o, num(obj), true);
      else dv.setFloat32(o, num(obj), true);
      b[o + valueSize] = (obj.qualifier ?? 0) & 0xff;
    },
  };
}

/** Rows of the system and parameter families. */
export const SYSTEM_TYPES: readonly TypeSpec[] = [
  spec(70, 'M_EI_NA_1', 'system', OCTET),
  spec(100, 'C_IC_NA_1', 'system', OCTET),
  spec(101, 'C_CI_NA_1', 'system', OCTET),
  spec(102, 'C_RD_NA_1', 'system', NOTHING),
  spec(103, 'C_CS_NA_1', 'system', CLOCK),
  spec(105, 'C_RP_NA_1', 'system', OCTET),
  spec(107, 'C_TS_TA_1', 'system', timed(TSC, 'cp56')),
  spec(110, 'P_ME_NA_1', 'parameter', withQpm(2, 'nva')),
  spec(111, 'P_ME_NB_1', 'parameter', withQpm(2, 'sva')),
  spec(112, 'P_ME_NC_1', 'parameter', withQpm(4, 'float')),
  spec(113, 'P_AC_NA_1', 'parameter', OCTET),
];
