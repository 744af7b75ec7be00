/** The envelope every contract call returns. */
export type Result<T> = { ok: true; value: T } | { ok: false; error: ResultError };

/** A failure with a machine-readable code and a message for people. */
export interface ResultError {
  /** e.g. `INVALID_REQUEST`, `UNKNOWN_CALL`, `FORBIDDEN`, `NOT_FOUND`, `INTERNAL`. */
  code: string;
  message: string;
}

/** Wraps a value as a successful Result. */
export function ok<T>(value: T): Result<T> {
  return { ok: true, value };
}

/** Builds a failed Result. */
export function fail<T = never>(code: string, message: string): Result<T> {
  return { ok: false, error: { code, message } };
}
