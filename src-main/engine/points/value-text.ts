/**
 * Numbers in the engine's own texts (alarm messages, SOE rows). A device's short float
 * (IEC 104 M_ME_NC_1, DNP3 g30v5) carries about 7 significant digits, so its float64 value
 * prints as 55.30000019073486; people read 55.3.
 */

/** Significant digits kept after the integer part's own (at least this many in all). */
const SIGNIFICANT = 6;

/** `value` as people read it: integers whole, others to 6 significant digits (more when the integer part needs them), no trailing zeros. */
export function valueText(value: number): string {
  if (!Number.isFinite(value) || Number.isInteger(value)) return String(value);
  const integerDigits = Math.max(1, Math.floor(Math.log10(Math.abs(value))) + 1);
  return String(Number(value.toPrecision(Math.min(17, Math.max(SIGNIFICANT, integerDigits + 2)))));
}
