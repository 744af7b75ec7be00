/**
 * Control-direction process information: single, double and regulating step commands,
 * set-points and bitstring commands, without and with CP56Time2a (types 45-51, 58-64).
 */
import { NO_QUALITY } from './quality';
import { nvaRaw, num, spec, timed, type ElementCodec } from './element-helpers';
import type { TypeSpec } from './types';

// SCO / DCO / RCO: bits 1-2 the state (SCS uses bit 1 only), bits 3-7 QU, bit 8 S/E.
function commandOctet(stateMask: number, asBoolean: boolean): ElementCodec {
  return {
    size: 1,
    decode: (b, _dv, o, ioa) => {
      const c = b[o] as number;
      const state = c & stateMask;
      return {
        ioa,
        value: asBoolean ? state === 1 : state,
        quality: NO_QUALITY,
        select: (c & 0x80) !== 0,
        qualifier: (c >> 2) & 0x1f,
      };
    },
    encode: (obj, b, _dv, o) => {
      b[o] = (num(obj) & stateMask) | (((obj.qualifier ?? 0) & 0x1f) << 2) | (obj.select ? 0x80 : 0);
    },
  };
}

// QOS octet after a set-point value: bits 1-7 QL, bit 8 S/E.
function readQos(b: Uint8Array, o: number): { select: boolean; qualifier: number } {
  const q = b[o] as number;
  return { select: (q & 0x80) !== 0, qualifier: q & 0x7f };
}

function qos(select: boolean | undefined, ql: number | undefined): number {
  return ((ql ?? 0) & 0x7f) | (select ? 0x80 : 0);
}

const SE_NVA: ElementCodec = {
  size: 3,
  decode: (b, dv, o, ioa) => {
    const raw = dv.getInt16(o, true);
    return { ioa, value: raw / 32768, raw, quality: NO_QUALITY, ...readQos(b, o + 2) };
  },
  encode: (obj, b, dv, o) => {
    dv.setInt16(o, nvaRaw(obj), true);
    b[o + 2] = qos(obj.select, obj.qualifier);
  },
};

const SE_SVA: ElementCodec = {
  size: 3,
  decode: (b, dv, o, ioa) => ({ ioa, value: dv.getInt16(o, true), quality: NO_QUALITY, ...readQos(b, o + 2) }),
  encode: (obj, b, dv, o) => {
    dv.setInt16(o, num(obj), true);
    b[o + 2] = qos(obj.select, obj.qualifier);
  },
};

const SE_FLOAT: ElementCodec = {
  size: 5,
  decode: (b, dv, o, ioa) => ({ ioa, value: dv.getFloat32(o, true), quality: NO_QUALITY, ...readQos(b, o + 4) }),
  encode: (obj, b, dv, o) => {
    dv.setFloat32(o, num(obj), true);
    b[o + 4] = qos(obj.select, obj.qualifier);
  },
};

// BSI: 32-bit bitstring, no qualifier (a bitstring command is always direct).
const BO: ElementCodec = {
  size: 4,
  decode: (_b, dv, o, ioa) => ({ ioa, value: dv.getUint32(o, true), quality: NO_QUALITY }),
  encode: (obj, _b, dv, o) => {
    dv.setUint32(o, num(obj) >>> 0, true);
  },
};

const SCO = commandOctet(0x01, true);
const DCO = commandOctet(0x03, false);
const RCO = commandOctet(0x03, false);

/** Rows of the command family. */
export const CONTROL_TYPES: readonly TypeSpec[] = [
  spec(45, 'C_SC_NA_1', 'control', SCO),
  spec(46, 'C_DC_NA_1', 'control', DCO),
  spec(47, 'C_RC_NA_1', 'control', RCO),
  spec(48, 'C_SE_NA_1', 'control', SE_NVA),
  spec(49, 'C_SE_NB_1', 'control', SE_SVA),
  spec(50, 'C_SE_NC_1', 'control', SE_FLOAT),
  spec(51, 'C_BO_NA_1', 'control', BO),
  spec(58, 'C_SC_TA_1', 'control', timed(SCO, 'cp56')),
  spec(59, 'C_DC_TA_1', 'control', timed(DCO, 'cp56')),
  spec(60, 'C_RC_TA_1', 'control', timed(RCO, 'cp56')),
  spec(61, 'C_SE_TA_1', 'control', timed(SE_NVA, 'cp56')),
  spec(62, 'C_SE_TB_1', 'control', timed(SE_SVA, 'cp56')),
  spec(63, 'C_SE_TC_1', 'control', timed(SE_FLOAT, 'cp56')),
  spec(64, 'C_BO_TA_1', 'control', timed(BO, 'cp56')),
];
