/** The envelope every contract call returns, and the protocol cores' errors-as-values. */
export type Result<T, C extends string = string> = { ok: true; value: T } | { ok: false; error: ResultError<C> };

/** A failure with a machine-readable code and a message for people. */
export interface ResultError<C extends string = string> {
  /** e.g. `INVALID_REQUEST`, `UNKNOWN_CALL`, `FORBIDDEN`, `NOT_FOUND`, `INTERNAL`; a closed union where the producer declares one. */
  code: C;
  message: string;
}

/** Wraps a value as a successful Result. */
export function ok<T>(value: T): Result<T> {
  return { ok: true, value };
}

/** Builds a failed Result. */
export function fail<T = never, C extends string = string>(code: C, message: string): Result<T, C> {
  return { ok: false, error: { code, message } };
}
