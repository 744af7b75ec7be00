/**
 * The qualifier octets of file transfer (IEC 60870-5-101 clause 7.2.6.31-7.2.6.38) by name:
 * SCQ select and call, AFQ acknowledge file or section (both with an error cause in bits
 * 5-8), LSQ last section or segment, FRQ file ready, SRQ section ready, SOF status of file.
 */

/** SCQ bits 1-4: what a select-and-call (F_SC_NA_1) asks for. */
export const SCQ = Object.freeze({
  DEFAULT: 0,
  SELECT_FILE: 1,
  REQUEST_FILE: 2,
  DEACTIVATE_FILE: 3,
  DELETE_FILE: 4,
  SELECT_SECTION: 5,
  REQUEST_SECTION: 6,
  DEACTIVATE_SECTION: 7,
});

/** AFQ bits 1-4: the acknowledgement (F_AF_NA_1). */
export const AFQ = Object.freeze({
  DEFAULT: 0,
  FILE_POSITIVE: 1,
  FILE_NEGATIVE: 2,
  SECTION_POSITIVE: 3,
  SECTION_NEGATIVE: 4,
});

/** LSQ: what a last section or segment (F_LS_NA_1) ends. */
export const LSQ = Object.freeze({
  FILE_TRANSFER: 1,
  FILE_TRANSFER_DEACTIVATED: 2,
  SECTION_TRANSFER: 3,
  SECTION_TRANSFER_DEACTIVATED: 4,
});

/** Error causes in bits 5-8 of SCQ and AFQ. */
export const FILE_ERROR = Object.freeze({
  NONE: 0,
  NO_MEMORY: 1,
  CHECKSUM_FAILED: 2,
  UNEXPECTED_SERVICE: 3,
  UNEXPECTED_FILE: 4,
  UNEXPECTED_SECTION: 5,
});

/** SOF bit 6 LFD: the last file of the directory. */
export const SOF_LFD = 0x20;
/** SOF bit 7 FOR: the name defines a subdirectory (0: a file). */
export const SOF_FOR = 0x40;
/** SOF bit 8 FA: the file's transfer is active (0: it waits for transfer). */
const SOF_FA = 0x80;
/** FRQ and SRQ bit 8: negative confirm (FRQ) or section not ready (SRQ). */
export const READY_NEGATIVE = 0x80;

const SCQ_NAMES = ['default', 'select file', 'request file', 'deactivate file', 'delete file', 'select section', 'request section', 'deactivate section'];
const AFQ_NAMES = ['default', 'positive ack of file', 'negative ack of file', 'positive ack of section', 'negative ack of section'];
const LSQ_NAMES = ['not used', 'file transfer without deactivation', 'file transfer with deactivation', 'section transfer without deactivation', 'section transfer with deactivation'];
const ERROR_NAMES = ['', 'requested memory space not available', 'checksum failed', 'unexpected communication service', 'unexpected name of file', 'unexpected name of section'];

const named = (names: readonly string[], value: number): string => names[value] ?? `reserved ${value}`;

/** A qualifier octet with an error cause in bits 5-8 (SCQ, AFQ), e.g. `negative ack of section, checksum failed`. */
function withError(names: readonly string[], q: number): string {
  const error = q >> 4;
  return error === 0 ? named(names, q & 0x0f) : `${named(names, q & 0x0f)}, ${named(ERROR_NAMES, error)}`;
}

/** SCQ (select and call qualifier) as text. */
export function describeScq(q: number): string {
  return withError(SCQ_NAMES, q);
}

/** AFQ (acknowledge file or section qualifier) as text. */
export function describeAfq(q: number): string {
  return withError(AFQ_NAMES, q);
}

/** LSQ (last section or segment qualifier) as text. */
export function describeLsq(q: number): string {
  return named(LSQ_NAMES, q);
}

/** FRQ (file ready qualifier) as text. */
export function describeFrq(q: number): string {
  return `${q & READY_NEGATIVE ? 'negative confirm' : 'positive confirm'}${q & 0x7f ? ` (${q & 0x7f})` : ''}`;
}

/** SRQ (section ready qualifier) as text. */
export function describeSrq(q: number): string {
  return `${q & READY_NEGATIVE ? 'section not ready' : 'section ready'}${q & 0x7f ? ` (${q & 0x7f})` : ''}`;
}

/** SOF (status of file) as text: STATUS, LFD, FOR and FA. */
export function describeSof(q: number): string {
  const words = [`status ${q & 0x1f}`, q & SOF_FOR ? 'directory' : 'file'];
  if (q & SOF_LFD) words.push('last of directory');
  if (q & SOF_FA) words.push('transfer active');
  return words.join(', ');
}

/** The qualifier of a file type (120-126) as text, keyed by type id. */
export const DESCRIBE_FILE_QUALIFIER: Readonly<Record<number, (q: number) => string>> = {
  120: describeFrq,
  121: describeSrq,
  122: describeScq,
  123: describeLsq,
  124: describeAfq,
  126: describeSof,
};

/** The checksum of octets: their sum modulo 256 (CHS of a section, or of a whole file). */
export function checksum(bytes: Uint8Array, start = 0): number {
  let sum = start;
  for (const b of bytes) sum = (sum + b) & 0xff;
  return sum;
}
