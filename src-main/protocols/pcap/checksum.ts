/**
 * The Internet checksum (RFC 1071) and the TCP/UDP pseudo-header sums.
 */

/** Adds 16-bit big-endian words of `bytes` to `sum` (an odd last byte is padded with 0). */
export function sumWords(bytes: Uint8Array, sum = 0): number {
  let s = sum;
  const even = bytes.length & ~1;
  for (let i = 0; i < even; i += 2) s += (bytes[i]! << 8) | bytes[i + 1]!;
  if (bytes.length & 1) s += bytes[bytes.length - 1]! << 8;
  return s;
}

/** Folds a running sum to 16 bits and complements it. */
export function finishChecksum(sum: number): number {
  let s = sum;
  while (s > 0xffff) s = (s & 0xffff) + Math.floor(s / 0x10000);
  return ~s & 0xffff;
}

/**
 * Checksum of a TCP or UDP segment (checksum field zeroed) with its pseudo-header:
 * source and destination address, protocol number and segment length (RFC 793 / RFC 8200 8.1).
 */
export function transportChecksum(src: Uint8Array, dst: Uint8Array, protocol: number, segment: Uint8Array): number {
  let sum = sumWords(src);
  sum = sumWords(dst, sum);
  sum += protocol + (segment.length & 0xffff) + Math.floor(segment.length / 0x10000);
  return finishChecksum(sumWords(segment, sum));
}
