/** Reading g120 objects out of whole fragments and building the SA fragments both ends send. */
import { encodeAppControl } from '../app/control';
import { parseFragment } from '../app/fragment';
import { decodeAuthObject, type AuthValues, type AuthVariation } from './objects';

/**
 * The first g120 object of variation `v` in a whole fragment, decoded, with its octets;
 * null when the fragment has none or it does not decode.
 */
export function findAuthObject(fragment: Uint8Array, v: AuthVariation): { values: AuthValues; octets: Uint8Array } | null {
  const r = parseFragment(fragment);
  if (!r.ok) return null;
  const h = r.fragment.headers.find((x) => x.group === 120 && x.variation === v);
  const o = h?.objects[0];
  if (!o) return null;
  const octets = fragment.subarray(o.offset, o.offset + o.length);
  const d = decodeAuthObject(v, octets);
  return d.ok ? { values: d.values, octets } : null;
}

/** A single-fragment request: control (FIR, FIN, `seq`), function code, objects. */
export function requestFragment(seq: number, fc: number, objects: Uint8Array): Uint8Array {
  const f = new Uint8Array(2 + objects.length);
  f[0] = encodeAppControl({ fir: true, fin: true, con: false, uns: false, seq });
  f[1] = fc;
  f.set(objects, 2);
  return f;
}

/** A single-fragment response: control (FIR, FIN, `seq`), function code, IIN, objects. */
export function responseFragment(seq: number, fc: number, iin: number, objects: Uint8Array): Uint8Array {
  const f = new Uint8Array(4 + objects.length);
  f[0] = encodeAppControl({ fir: true, fin: true, con: false, uns: false, seq });
  f[1] = fc;
  f[2] = iin & 0xff;
  f[3] = (iin >> 8) & 0xff;
  f.set(objects, 4);
  return f;
}

