/**
 * Commands' stages and results by name: what sessions report and the command service
 * records, audits and shows. One closed vocabulary, so that a switch over a result is
 * checked, a misspelt name does not compile, and the contract validates what it carries.
 */

/** Stage of a command, reported as it happens. */
export type CommandStage =
  | 'select'
  | 'selected'
  | 'operate'
  | 'operated'
  | 'terminated'
  | 'feedback'
  | 'done';

/** DNP3 control statuses of a g12/g41 echo (IEEE 1815-2012 clause 11.9.3) by name. */
const CONTROL_STATUS_NAMES = [
  'SUCCESS',
  'TIMEOUT',
  'NO_SELECT',
  'FORMAT_ERROR',
  'NOT_SUPPORTED',
  'ALREADY_ACTIVE',
  'HARDWARE_ERROR',
  'LOCAL',
  'TOO_MANY_OBJS',
  'NOT_AUTHORIZED',
  'AUTOMATION_INHIBIT',
  'PROCESSING_LIMITED',
  'OUT_OF_RANGE',
  'DOWNSTREAM_LOCAL',
  'ALREADY_COMPLETE',
  'BLOCKED',
  'CANCELLED',
  'BLOCKED_OTHER_MASTER',
  'DOWNSTREAM_FAIL',
  'NON_PARTICIPATING',
  'UNDEFINED',
] as const;

/** A code IEEE 1815 reserves, reported as such (e.g. `UNDEFINED(19)`). */
export type ReservedControlStatus = `UNDEFINED(${number})`;

/** DNP3 control status of a g12/g41 echo by name; reserved codes as `UNDEFINED(n)`. */
export type ControlStatusName = (typeof CONTROL_STATUS_NAMES)[number] | ReservedControlStatus;

/** DNP3 IIN bits that refuse a request, by name. */
const IIN_REQUEST_ERRORS = ['NO_FUNC_CODE_SUPPORT', 'OBJECT_UNKNOWN', 'PARAMETER_ERROR'] as const;
/** A DNP3 IIN bit that refuses a request. */
export type IinRequestError = (typeof IIN_REQUEST_ERRORS)[number];

/** IEC 104 causes of transmission that reject an activation as unknown (COT 44-47). */
const UNKNOWN_CAUSE_RESULTS = ['UNKNOWN_TYPE', 'UNKNOWN_CAUSE', 'UNKNOWN_CA', 'UNKNOWN_IOA'] as const;
/** An IEC 104 activation rejected as unknown. */
export type UnknownCauseResult = (typeof UNKNOWN_CAUSE_RESULTS)[number];

/** Other results a DNP3 or IEC 104 session reports for a command, stage by stage. */
const SESSION_COMMAND_RESULTS = [
  /** A request the session could not build. */
  'BAD_TARGET',
  'BAD_TYPE',
  'BAD_VALUE',
  'BAD_REQUEST',
  /** Sent; the answer is still to come (or, for DNP3 direct-no-ack, never comes). */
  'SENT',
  'ECHO_MISMATCH',
  'OUTPUT_STATUS',
  'RETURN_INFO',
  'ACTCON',
  'ACTTERM',
  /** ACTTERM not received where the station's setting allows it (activation termination: auto). */
  'NOT_RECEIVED',
  'SELECT_TIMEOUT',
  'EXECUTE_TIMEOUT',
  'DEACTIVATE_TIMEOUT',
  'RESPONSE_TIMEOUT',
  'NO_ACTTERM',
  'NEGATIVE_ACTCON',
  'NEGATIVE_ACTTERM',
  'NEGATIVE_DEACTCON',
  'DEACTIVATED',
  'NOT_SELECTED',
  'BUSY',
  'NO_LINK',
  'NOT_CONNECTED',
  'CONNECTION_LOST',
  /** IEC 104: data transfer stopped (STOPDT) while the command was pending. */
  'STOPPED',
] as const;

/** DNP3 Secure Authentication error codes of g120v7 (IEEE 1815-2012 table 7-8) by name. */
const SA_ERROR_NAMES = [
  'AUTHENTICATION_FAILED',
  'UNEXPECTED_REPLY',
  'NO_REPLY',
  'AGGRESSIVE_MODE_NOT_PERMITTED',
  'MAC_ALGORITHM_NOT_PERMITTED',
  'KEY_WRAP_ALGORITHM_NOT_PERMITTED',
  'AUTHORIZATION_FAILED',
  'UPDATE_KEY_CHANGE_METHOD_NOT_PERMITTED',
  'INVALID_SIGNATURE',
  'INVALID_CERTIFICATION_DATA',
  'UPDATE_KEY_NOT_KNOWN',
] as const;

/** A g120v7 error by name. */
export type SaErrorName = (typeof SA_ERROR_NAMES)[number];

/**
 * DNP3 Secure Authentication refusals and failures: `SA_` and a g120v7 error name (a code
 * the standard reserves as `SA_ERROR_n`), or the master's own: challenged without SA
 * settings, an unexpected response, a key wrap that failed, no session keys.
 */
const SA_RESULTS = [
  ...SA_ERROR_NAMES.map((name) => `SA_${name}` as const),
  'SA_REQUIRED',
  'SA_UNEXPECTED_RESPONSE',
  'SA_KEY_WRAP_FAILED',
  'SA_NO_SESSION_KEYS',
] as const;

/** A g120v7 error code the standard reserves, reported as such. */
export type ReservedSaError = `SA_ERROR_${number}`;

/** A Secure Authentication refusal or failure by name. */
export type SaResult = (typeof SA_RESULTS)[number] | ReservedSaError;

/** Results the command service adds: pending, refusals before anything is sent. */
const SERVICE_COMMAND_RESULTS = [
  'PENDING',
  'REFUSED_ROLE',
  'REFUSED_POLICY',
  'REFUSED_BUSY',
  'REFUSED_VALUE',
  'REFUSED_PROTOCOL',
  'REFUSED_MODE',
  'REFUSED_ACTION',
  'NOT_FOUND',
] as const;

/** Every command result name but the reserved control statuses. */
export const COMMAND_RESULT_NAMES = [
  ...CONTROL_STATUS_NAMES,
  ...IIN_REQUEST_ERRORS,
  ...UNKNOWN_CAUSE_RESULTS,
  ...SESSION_COMMAND_RESULTS,
  ...SERVICE_COMMAND_RESULTS,
  ...SA_RESULTS,
] as const;

/** Any command result by name. */
export type CommandResult = (typeof COMMAND_RESULT_NAMES)[number] | ReservedControlStatus | ReservedSaError;

/** Whether a string is a reserved DNP3 control status (`UNDEFINED(n)`) or Secure Authentication error (`SA_ERROR_n`). */
export function isReservedCode(value: unknown): value is ReservedControlStatus | ReservedSaError {
  return typeof value === 'string' && /^(UNDEFINED\(\d+\)|SA_ERROR_\d+)$/.test(value);
}

/** Stages of a command in the command service: the session's, plus the requests it records and a refusal. */
export const COMMAND_STATE_STAGES = ['request', 'select', 'selected', 'operate-request', 'operate', 'operated', 'terminated', 'feedback', 'done', 'refused'] as const satisfies readonly (CommandStage | 'request' | 'operate-request' | 'refused')[];

/** A stage of a command in the command service. */
export type CommandStateStage = (typeof COMMAND_STATE_STAGES)[number];
