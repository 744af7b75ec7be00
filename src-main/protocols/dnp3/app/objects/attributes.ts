/**
 * g0 device attributes (IEEE 1815-2012 clause 11.3.2): each object is a data type code,
 * a length, and that many octets. Types: 1 VSTR, 2 UINT, 3 INT, 4 FLT, 5 OSTR, 6 BSTR,
 * 7 TIME (DNP3 time), 254 U8BS8LIST, 255 U8BS8EXLIST. Variation 254 requests all
 * attributes; 255 is the list of attribute variations.
 */
import type { DataCodec, DataValue } from './types';

/** Standard attribute variations by name (variation -> name). */
const ATTRIBUTE_NAMES: Record<number, string> = {
  209: 'secureAuthVersion',
  210: 'numSecurityStatsPerAssociation',
  211: 'userSpecificAttributes',
  212: 'numMasterDefinedDataSetPrototypes',
  213: 'numOutstationDefinedDataSetPrototypes',
  214: 'numMasterDefinedDataSets',
  215: 'numOutstationDefinedDataSets',
  216: 'maxBinaryOutputsPerRequest',
  217: 'localTimingAccuracy',
  218: 'durationOfTimeAccuracy',
  219: 'supportsAnalogOutputEvents',
  220: 'maxAnalogOutputIndex',
  221: 'numAnalogOutputs',
  222: 'supportsBinaryOutputEvents',
  223: 'maxBinaryOutputIndex',
  224: 'numBinaryOutputs',
  225: 'supportsFrozenCounterEvents',
  226: 'supportsFrozenCounters',
  227: 'supportsCounterEvents',
  228: 'maxCounterIndex',
  229: 'numCounters',
  230: 'supportsFrozenAnalogInputs',
  231: 'supportsAnalogInputEvents',
  232: 'maxAnalogInputIndex',
  233: 'numAnalogInputs',
  234: 'supportsDoubleBitBinaryInputEvents',
  235: 'maxDoubleBitBinaryInputIndex',
  236: 'numDoubleBitBinaryInputs',
  237: 'supportsBinaryInputEvents',
  238: 'maxBinaryInputIndex',
  239: 'numBinaryInputs',
  240: 'maxTxFragmentSize',
  241: 'maxRxFragmentSize',
  242: 'softwareVersion',
  243: 'hardwareVersion',
  244: 'ownerName',
  245: 'location',
  246: 'idCode',
  247: 'deviceName',
  248: 'serialNumber',
  249: 'subsetAndConformance',
  250: 'productNameAndModel',
  252: 'manufacturerName',
  255: 'attributeList',
};

const TEXT = new TextDecoder('utf-8', { fatal: false });
const ENC = new TextEncoder();

function hex(dv: DataView, off: number, n: number): string {
  let s = '';
  for (let i = 0; i < n; i++) s += dv.getUint8(off + i).toString(16).padStart(2, '0');
  return s;
}

function readValue(dv: DataView, off: number, type: number, n: number): number | string {
  if (type === 1) return TEXT.decode(new Uint8Array(dv.buffer, dv.byteOffset + off, n));
  if (type === 2 || type === 7) {
    let v = 0;
    for (let i = n - 1; i >= 0; i--) v = v * 256 + dv.getUint8(off + i);
    return v;
  }
  if (type === 3) {
    if (n === 1) return dv.getInt8(off);
    if (n === 2) return dv.getInt16(off, true);
    if (n === 4) return dv.getInt32(off, true);
  }
  if (type === 4) {
    if (n === 4) return dv.getFloat32(off, true);
    if (n === 8) return dv.getFloat64(off, true);
  }
  return hex(dv, off, n);
}

function valueOctets(v: DataValue): Uint8Array {
  const type = Number(v.dataType);
  const value = v.value;
  if (type === 1) return ENC.encode(String(value ?? ''));
  if ((type === 2 || type === 3) && typeof value === 'number') {
    const out = new Uint8Array(4);
    new DataView(out.buffer).setInt32(0, value, true);
    return out;
  }
  if (type === 4 && typeof value === 'number') {
    const out = new Uint8Array(4);
    new DataView(out.buffer).setFloat32(0, value, true);
    return out;
  }
  const s = String(value ?? '');
  const out = new Uint8Array(s.length >> 1);
  for (let i = 0; i < out.length; i++) out[i] = parseInt(s.slice(2 * i, 2 * i + 2), 16) || 0;
  return out;
}

/** The codec of one g0 variation (all share the self-describing layout). */
export function attributeCodec(variation: number): DataCodec {
  return {
    kind: 'data',
    group: 0,
    variation,
    type: `g0v${variation}`,
    size: -1,
    sizeAt(dv: DataView, off: number): number {
      if (off + 2 > dv.byteLength) return -1;
      return 2 + dv.getUint8(off + 1);
    },
    read(dv: DataView, off: number): DataValue {
      const dataType = dv.getUint8(off);
      const n = dv.getUint8(off + 1);
      return { name: ATTRIBUTE_NAMES[variation] ?? `attribute${variation}`, dataType, value: readValue(dv, off + 2, dataType, n) };
    },
    write(dv: DataView, off: number, v: DataValue): number {
      const octets = valueOctets(v);
      dv.setUint8(off, Number(v.dataType));
      dv.setUint8(off + 1, octets.length);
      for (let i = 0; i < octets.length; i++) dv.setUint8(off + 2 + i, octets[i]!);
      return 2 + octets.length;
    },
    lengthOf: (v: DataValue) => 2 + valueOctets(v).length,
  };
}
