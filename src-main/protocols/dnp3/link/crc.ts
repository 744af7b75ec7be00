/**
 * CRC-16/DNP (IEEE 1815-2012 clause 9.2.3.4): polynomial 0x3D65, reflected (0xA6BC),
 * initial value 0, final complement. Transmitted low octet first.
 */

const TABLE: Uint16Array = (() => {
  const t = new Uint16Array(256);
  for (let i = 0; i < 256; i++) {
    let crc = i;
    for (let b = 0; b < 8; b++) crc = crc & 1 ? (crc >>> 1) ^ 0xa6bc : crc >>> 1;
    t[i] = crc;
  }
  return t;
})();

/** CRC-16/DNP of `bytes[start, end)`. */
export function crcDnp(bytes: Uint8Array, start = 0, end = bytes.length): number {
  let crc = 0;
  for (let i = start; i < end; i++) crc = (crc >>> 8) ^ TABLE[(crc ^ bytes[i]!) & 0xff]!;
  return ~crc & 0xffff;
}

/** True when the two octets at `at` hold the CRC of `bytes[start, at)` (low octet first). */
export function crcMatches(bytes: Uint8Array, start: number, at: number): boolean {
  const crc = crcDnp(bytes, start, at);
  return bytes[at] === (crc & 0xff) && bytes[at + 1] === crc >>> 8;
}

/**
 * Copies `src[start, end)` to `dst` at `at` and tells whether the two octets at `end` hold
 * its CRC: the receive path's one pass over each user-data block (no subarray per block).
 */
export function copyIfCrcMatches(src: Uint8Array, start: number, end: number, dst: Uint8Array, at: number): boolean {
  let crc = 0;
  for (let i = start, w = at; i < end; i++, w++) {
    const octet = src[i]!;
    crc = (crc >>> 8) ^ TABLE[(crc ^ octet) & 0xff]!;
    dst[w] = octet;
  }
  crc = ~crc & 0xffff;
  return src[end] === (crc & 0xff) && src[end + 1] === crc >>> 8;
}
