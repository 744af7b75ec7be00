/** DNP3 absolute time: 48-bit unsigned ms since 1970-01-01T00:00:00Z, little-endian. */

/** Reads a 48-bit time at `off`. */
export function readTime48(dv: DataView, off: number): number {
  return dv.getUint32(off, true) + dv.getUint16(off + 4, true) * 0x100000000;
}

/** Writes a 48-bit time at `off` (negative or fractional ms are clamped/truncated). */
export function writeTime48(dv: DataView, off: number, ms: number): void {
  const t = Math.max(0, Math.floor(ms));
  dv.setUint32(off, t % 0x100000000, true);
  dv.setUint16(off + 4, Math.floor(t / 0x100000000) & 0xffff, true);
}
