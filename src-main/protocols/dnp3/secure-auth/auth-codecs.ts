/**
 * The object table's entries for Secure Authentication: g120 (authentication objects, see
 * objects.ts) and the security statistics g121 (static) and g122 (events) of IEEE
 * 1815-2012 clause A.46/A.47: flags u8, association ID u16, count u32 (g122v2: + time).
 */
import { dataCodec } from '../app/objects/data-codec';
import type { DataCodec, DataValue } from '../app/objects/types';
import { authFixedLength, decodeAuthObject, encodeAuthObject, isFixedSizeAuthVariation, octetsHex, type AuthValues, type AuthVariation } from './objects';

const octetsOf = (h: string): Uint8Array => Uint8Array.from(h.match(/../g) ?? [], (x) => parseInt(x, 16));

function toDataValue(values: AuthValues): DataValue {
  const out: DataValue = {};
  for (const [k, v] of Object.entries(values)) out[k] = v instanceof Uint8Array ? octetsHex(v) : v;
  return out;
}

function fromDataValue(v: DataValue): AuthValues {
  const out: AuthValues = {};
  for (const [k, x] of Object.entries(v)) {
    if (typeof x === 'number') out[k] = x;
    else if (typeof x === 'string') out[k] = octetsOf(x);
  }
  return out;
}

/** Octets of the fixed part at `off`, plus v5's challenge data whose length it gives; -1 when truncated. */
function ownSize(v: AuthVariation, dv: DataView, off: number): number {
  const fixed = authFixedLength(v);
  if (off + fixed > dv.byteLength) return -1;
  return v === 5 ? fixed + dv.getUint16(off + 9, true) : fixed;
}

/** The codec of g120 variation `v`: objects as numbers and lowercase hex octets. */
function authCodec(v: AuthVariation): DataCodec {
  const fixed = isFixedSizeAuthVariation(v);
  const codec: DataCodec = {
    kind: 'data',
    group: 120,
    variation: v,
    type: `g120v${v}`,
    size: fixed ? authFixedLength(v) : -1,
    sizeAt: (dv, off) => ownSize(v, dv, off),
    read(dv: DataView, off: number, size: number): DataValue {
      const r = decodeAuthObject(v, new Uint8Array(dv.buffer, dv.byteOffset + off, size));
      return r.ok ? toDataValue(r.values) : { error: r.error.code };
    },
    write(dv: DataView, off: number, value: DataValue): number {
      const body = encodeAuthObject(v, fromDataValue(value));
      new Uint8Array(dv.buffer, dv.byteOffset + off, body.length).set(body);
      return body.length;
    },
    lengthOf: (value) => encodeAuthObject(v, fromDataValue(value)).length,
  };
  if (!fixed) codec.sizePrefixed = true;
  return codec;
}

/** The g120, g121 and g122 codecs for the object table. */
export const SECURE_AUTH_CODECS: DataCodec[] = [
  ...([1, 2, 3, 4, 5, 6, 7, 9] as const).map(authCodec),
  dataCodec(121, 1, [
    ['flags', 'u8'],
    ['aid', 'u16'],
    ['count', 'u32'],
  ]),
  dataCodec(122, 1, [
    ['flags', 'u8'],
    ['aid', 'u16'],
    ['count', 'u32'],
  ]),
  dataCodec(122, 2, [
    ['flags', 'u8'],
    ['aid', 'u16'],
    ['count', 'u32'],
    ['time', 't48'],
  ]),
];
