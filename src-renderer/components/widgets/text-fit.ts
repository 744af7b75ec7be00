/**
 * Whether a line of text surely fits a width, known without laying it out: an upper bound
 * of its width from the widest glyphs of the fonts the UI uses. A table cell whose text
 * surely fits needs no clip (see TableColumn.bounded for what a clip costs).
 *
 * The bounds, measured in Chromium with the UI's font stack at 14 px (DejaVu Sans, the
 * widest of the fonts it falls back to; its bold is wider still): a digit is at most
 * 0.696 em wide (bold), a space or `.,:-` at most 0.415 em, any other printable ASCII
 * character at most 1.103 em (bold W). Other characters (symbols, accented and CJK letters)
 * are counted as two of the widest, and a character outside the BMP is two code units, so
 * four: the bound stays a bound for any glyph short of rare ornaments.
 */

/** Upper bound, in em, of a digit, a space or one of `.,:-`. */
const NARROW_EM = 0.7;
/** Upper bound, in em, of any other printable ASCII character. */
const ASCII_EM = 1.15;
/** Upper bound, in em, of a UTF-16 code unit beyond ASCII. */
const OTHER_EM = 2 * ASCII_EM;

/** The width bound of one UTF-16 code unit. */
function unitEm(code: number): number {
  if ((code >= 48 && code <= 57) || code === 32 || code === 44 || code === 45 || code === 46 || code === 58) return NARROW_EM;
  return code < 128 ? ASCII_EM : OTHER_EM;
}

/**
 * True when `text`, on one line, is surely no wider than `em` ems (the width divided by the
 * font size) in the UI's fonts; false when it may be wider.
 */
export function surelyFits(text: string, em: number): boolean {
  if (text.length * NARROW_EM > em) return false;
  let width = 0;
  for (let i = 0; i < text.length; i++) {
    width += unitEm(text.charCodeAt(i));
    if (width > em) return false;
  }
  return true;
}
