/**
 * Object octets of a fragment (what follows the function code, or the IIN of a response):
 * built on a fresh writer, or encoded from object headers given as data (the raw request
 * crafter's ranges, the simulator's scripted responses).
 */
import type { Dnp3RawHeader } from '../../../../src-shared/dnp3-calls';
import type { HeaderSpec } from './header';
import { FragmentWriter } from './writer';

/** Object octets built by `build` on a fresh writer (without control and function code). */
export function objectsOf(build: (w: FragmentWriter) => void): Uint8Array {
  const w = new FragmentWriter(4096);
  w.request({ fir: true, fin: true, con: false, uns: false, seq: 0 }, 0);
  build(w);
  return w.finish().subarray(2);
}

/** Encodes raw headers given as data: each header, then its object octets or (0x17/0x28 without data) its indices. */
export function rawHeaders(headers: Dnp3RawHeader[]): Uint8Array | string {
  for (const h of headers) {
    const r = h.qualifier & 0x0f;
    const pre = (h.qualifier >> 4) & 0x07;
    const supported = (r <= 2 || r === 6 || (r >= 7 && r <= 9)) && pre <= 3 && (pre === 0 || (r >= 7 && r <= 9));
    if (!supported || h.group < 0 || h.group > 255 || h.variation < 0 || h.variation > 255) {
      return `unsupported header g${h.group}v${h.variation} qualifier 0x${h.qualifier.toString(16)}`;
    }
  }
  return objectsOf((w) => {
    for (const h of headers) {
      const pre = (h.qualifier >> 4) & 0x07;
      const count = h.indices?.length ?? h.count ?? 0;
      const spec: HeaderSpec = { group: h.group, variation: h.variation, qualifier: h.qualifier, start: h.start ?? 0, stop: h.stop ?? h.start ?? 0, count };
      w.header(spec);
      if (h.data) w.bytes(h.data);
      else if (pre > 0) {
        const n = pre === 3 ? 4 : pre;
        for (const i of h.indices ?? []) {
          const b = new Uint8Array(n);
          for (let k = 0; k < n; k++) b[k] = Math.floor(i / 2 ** (8 * k)) & 0xff;
          w.bytes(b);
        }
      }
    }
  });
}
