/** Control-related status codes of g12/g41 objects (IEEE 1815-2012 clause 11.9.3: control status). */

const NAMES: Record<number, string> = {
  0: 'SUCCESS',
  1: 'TIMEOUT',
  2: 'NO_SELECT',
  3: 'FORMAT_ERROR',
  4: 'NOT_SUPPORTED',
  5: 'ALREADY_ACTIVE',
  6: 'HARDWARE_ERROR',
  7: 'LOCAL',
  8: 'TOO_MANY_OBJS',
  9: 'NOT_AUTHORIZED',
  10: 'AUTOMATION_INHIBIT',
  11: 'PROCESSING_LIMITED',
  12: 'OUT_OF_RANGE',
  13: 'DOWNSTREAM_LOCAL',
  14: 'ALREADY_COMPLETE',
  15: 'BLOCKED',
  16: 'CANCELLED',
  17: 'BLOCKED_OTHER_MASTER',
  18: 'DOWNSTREAM_FAIL',
  126: 'NON_PARTICIPATING',
  127: 'UNDEFINED',
};

/** Command status codes by name. */
export const CommandStatus = Object.fromEntries(Object.entries(NAMES).map(([k, v]) => [v, Number(k)])) as Record<string, number>;

/** Name of a command status code; reserved values are `UNDEFINED(n)`. */
export function commandStatusName(code: number): string {
  return NAMES[code] ?? `UNDEFINED(${code})`;
}
