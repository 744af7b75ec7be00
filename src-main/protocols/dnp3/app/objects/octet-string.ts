/** g110 octet string and g111 octet string event: the variation is the string length (1-255). */
import type { PointCodec, PointData, PointScratch } from './types';

/** Codec of g110/g111 with the given variation (length); value as lowercase hex. */
export function octetStringCodec(group: 110 | 111, variation: number): PointCodec {
  return {
    kind: 'point',
    group,
    variation,
    type: `g${group}v${variation}`,
    family: 'os',
    event: group === 111,
    size: variation,
    bits: 0,
    read(dv: DataView, off: number, s: PointScratch): void {
      let h = '';
      for (let i = 0; i < variation; i++) h += dv.getUint8(off + i).toString(16).padStart(2, '0');
      s.flags = 0x01;
      s.value = h;
      s.time = null;
    },
    write(dv: DataView, off: number, p: PointData): void {
      const h = String(p.value);
      for (let i = 0; i < variation; i++) dv.setUint8(off + i, parseInt(h.slice(2 * i, 2 * i + 2), 16) || 0);
    },
  };
}
