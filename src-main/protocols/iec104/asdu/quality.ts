/**
 * Quality descriptors decoded to words. Each distinct quality octet maps to one shared,
 * frozen array, so decoding never allocates per point.
 */

const EMPTY: readonly string[] = Object.freeze([]);

function wordsTable(bits: ReadonlyArray<readonly [number, string]>): ReadonlyArray<readonly string[]> {
  const table: Array<readonly string[]> = [];
  for (let octet = 0; octet < 256; octet++) {
    const words = bits.filter(([mask]) => (octet & mask) !== 0).map(([, word]) => word);
    table.push(words.length === 0 ? EMPTY : Object.freeze(words));
  }
  return table;
}

// QDS / SIQ / DIQ / QDP / SEP share bit positions: bit8 IV, bit7 NT, bit6 SB, bit5 BL.
// QDS bit1 = OV (overflow); SEP and QDP bit4 = EI (elapsed time invalid).
const QDS = wordsTable([
  [0x80, 'IV'],
  [0x40, 'NT'],
  [0x20, 'SB'],
  [0x10, 'BL'],
  [0x01, 'OV'],
]);
const QDP = wordsTable([
  [0x80, 'IV'],
  [0x40, 'NT'],
  [0x20, 'SB'],
  [0x10, 'BL'],
  [0x08, 'EI'],
]);
// BCR octet 5: bit8 IV, bit7 CA (counter adjusted), bit6 CY (carry); bits 1-5 sequence.
const BCR = wordsTable([
  [0x80, 'IV'],
  [0x40, 'CA'],
  [0x20, 'CY'],
]);

/** Words of a SIQ or DIQ octet (IV NT SB BL; the state bits are ignored). */
export function siqWords(octet: number): readonly string[] {
  return QDS[octet & 0xf0] as readonly string[];
}

/** Words of a QDS octet (IV NT SB BL OV). */
export function qdsWords(octet: number): readonly string[] {
  return QDS[octet & 0xf1] as readonly string[];
}

/** Words of a QDP or SEP octet (IV NT SB BL EI). */
export function qdpWords(octet: number): readonly string[] {
  return QDP[octet & 0xf8] as readonly string[];
}

/** Words of a BCR status octet (IV CA CY); the sequence number is separate. */
export function bcrWords(octet: number): readonly string[] {
  return BCR[octet & 0xe0] as readonly string[];
}

/** No quality flags. */
export const NO_QUALITY: readonly string[] = EMPTY;

const BITS: Readonly<Record<string, number>> = { IV: 0x80, NT: 0x40, SB: 0x20, BL: 0x10, OV: 0x01, EI: 0x08 };
const BCR_BITS: Readonly<Record<string, number>> = { IV: 0x80, CA: 0x40, CY: 0x20 };

/** Quality words back to the octet bits (for QDS/SIQ/DIQ/QDP/SEP), for encoding. */
export function qualityBits(words: readonly string[]): number {
  let bits = 0;
  for (const w of words) bits |= BITS[w] ?? 0;
  return bits;
}

/** Counter quality words back to the BCR status bits (IV CA CY). */
export function counterBits(words: readonly string[]): number {
  let bits = 0;
  for (const w of words) bits |= BCR_BITS[w] ?? 0;
  return bits;
}
