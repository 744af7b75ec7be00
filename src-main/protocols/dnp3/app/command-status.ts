/** Control-related status codes of g12/g41 objects (IEEE 1815-2012 clause 11.9.3: control status). */
import type { ControlStatusName } from '../../../../src-shared/command-results';

const NAMES: Record<number, ControlStatusName> = {
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

/** What each status means, in words for operators (IEEE 1815-2012 clause 11.9.3). */
const MEANINGS: Record<number, string> = {
  0: 'accepted',
  1: 'the operate came after the select timed out',
  2: 'no matching select before the operate',
  3: 'the control code or times are malformed',
  4: 'the outstation does not support this point or operation',
  5: 'the operation is already in progress or the output already in that state',
  6: 'a hardware problem stops the control',
  7: 'the point is in local control',
  8: 'too many objects in the request or operations in progress',
  9: 'the outstation did not authorise the request',
  10: 'inhibited by local automation (interlocking, synchrocheck)',
  11: 'the outstation cannot process more activities now',
  12: 'the value is outside the range allowed for this point',
  13: 'a downstream device reported LOCAL',
  14: 'the operation was already completed',
  15: 'the point is blocked',
  16: 'cancelled by another command',
  17: 'blocked by another master',
  18: 'a downstream device failed or could not be reached',
  126: 'the point does not take part in this kind of control',
  127: 'undefined',
};

/** Command status codes by name. */
export const CommandStatus = Object.fromEntries(Object.entries(NAMES).map(([k, v]) => [v, Number(k)])) as Record<string, number>;

/** Name of a command status code; reserved values are `UNDEFINED(n)`. */
export function commandStatusName(code: number): ControlStatusName {
  return NAMES[code] ?? `UNDEFINED(${code})`;
}

/** What a command status means, in words; reserved values say so. */
export function commandStatusMeaning(code: number): string {
  return MEANINGS[code] ?? 'a status code IEEE 1815 reserves';
}

/** The code of a status name (`LOCAL` -> 7), or undefined for a name IEEE 1815 does not give. */
export function commandStatusCode(name: string): number | undefined {
  return CommandStatus[name];
}
