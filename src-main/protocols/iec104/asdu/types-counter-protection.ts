/**
 * Monitor-direction integrated totals (types 15, 16, 37) and protection equipment events
 * (types 17-19, 38-40).
 */
import { bcrWords, counterBits, qdpWords, qualityBits } from './quality';
import { readCp16, writeCp16 } from './time-tags';
import { num, spec, timed, type ElementCodec } from './element-helpers';
import type { TypeSpec } from './types';

// BCR: signed 32-bit counter reading, then bits 1-5 sequence number, bit6 CY, bit7 CA, bit8 IV.
const BCR: ElementCodec = {
  size: 5,
  decode: (b, dv, o, ioa) => {
    const s = b[o + 4] as number;
    return { ioa, value: dv.getInt32(o, true), quality: bcrWords(s), sequence: s & 0x1f };
  },
  encode: (obj, b, dv, o) => {
    dv.setInt32(o, num(obj) | 0, true);
    b[o + 4] = ((obj.sequence ?? 0) & 0x1f) | counterBits(obj.quality);
  },
};

// SEP: bits 1-2 ES (event state, as DPI), bit4 EI, bits 5-8 BL SB NT IV; then CP16Time2a elapsed time.
const SEP: ElementCodec = {
  size: 3,
  decode: (b, _dv, o, ioa) => {
    const s = b[o] as number;
    return { ioa, value: s & 3, quality: qdpWords(s), elapsedMs: readCp16(b, o + 1) };
  },
  encode: (obj, b, _dv, o) => {
    b[o] = (num(obj) & 3) | (qualityBits(obj.quality) & 0xf8);
    writeCp16(b, o + 1, obj.elapsedMs ?? 0);
  },
};

// SPE (start events: GS SL1 SL2 SL3 SIE SRD) or OCI (output circuits: GC CL1 CL2 CL3) as
// the value octet, then QDP, then CP16Time2a (relay duration or relay operating time).
function eventsWithQdp(mask: number): ElementCodec {
  return {
    size: 4,
    decode: (b, _dv, o, ioa) => ({
      ioa,
      value: (b[o] as number) & mask,
      quality: qdpWords(b[o + 1] as number),
      elapsedMs: readCp16(b, o + 2),
    }),
    encode: (obj, b, _dv, o) => {
      b[o] = num(obj) & mask;
      b[o + 1] = qualityBits(obj.quality) & 0xf8;
      writeCp16(b, o + 2, obj.elapsedMs ?? 0);
    },
  };
}

const SPE = eventsWithQdp(0x3f);
const OCI = eventsWithQdp(0x0f);

/** Rows of the counter and protection families. */
export const COUNTER_PROTECTION_TYPES: readonly TypeSpec[] = [
  spec(15, 'M_IT_NA_1', 'monitor', BCR),
  spec(16, 'M_IT_TA_1', 'monitor', timed(BCR, 'cp24')),
  spec(17, 'M_EP_TA_1', 'monitor', timed(SEP, 'cp24')),
  spec(18, 'M_EP_TB_1', 'monitor', timed(SPE, 'cp24')),
  spec(19, 'M_EP_TC_1', 'monitor', timed(OCI, 'cp24')),
  spec(37, 'M_IT_TB_1', 'monitor', timed(BCR, 'cp56')),
  spec(38, 'M_EP_TD_1', 'monitor', timed(SEP, 'cp56')),
  spec(39, 'M_EP_TE_1', 'monitor', timed(SPE, 'cp56')),
  spec(40, 'M_EP_TF_1', 'monitor', timed(OCI, 'cp56')),
];
