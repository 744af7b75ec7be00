/**
 * Checks shared by the raw request descriptions (DNP3 object ranges, IEC 104 ASDUs):
 * whole numbers in a range and octets written as hex.
 */

/** True for a whole number from 0 to `max`. */
export function isUint(value: unknown, max: number): value is number {
  return typeof value === 'number' && Number.isInteger(value) && value >= 0 && value <= max;
}

/** The octets of hex text (`"0a00"`, spaces allowed), or null when it is not hex octets. */
export function octetsOfHex(text: string): Uint8Array | null {
  const clean = text.replace(/\s+/g, '');
  if (clean.length % 2 !== 0 || !/^[0-9a-fA-F]*$/.test(clean)) return null;
  return Uint8Array.from(clean.match(/../g) ?? [], (b) => parseInt(b, 16));
}
