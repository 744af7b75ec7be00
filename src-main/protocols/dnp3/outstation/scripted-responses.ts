/**
 * Scripted answers of the outstation simulator: a request whose function code and object
 * headers match an entry is answered with that entry's object octets (after the normal
 * IIN) instead of from the point database, so a device's answers can be scripted.
 */
import type { Dnp3RawHeader } from '../../../../src-shared/dnp3-calls';
import type { ParsedFragment, ParsedHeader } from '../app/fragment';

/**
 * One object header a scripted request must carry: group, variation and qualifier always;
 * `start`/`stop` or `count` only when given (otherwise any range matches).
 */
export type Dnp3HeaderMatch = Omit<Dnp3RawHeader, 'data' | 'indices'>;

/** A scripted answer: the request it answers and the object octets of the response. */
export interface Dnp3ScriptedResponse {
  /** Application function code of the request (e.g. 1 READ). */
  functionCode: number;
  /** The request's object headers, in order and all of them. */
  headers: Dnp3HeaderMatch[];
  /** Object headers and their objects as sent after the response's IIN (see `rawHeaders`). */
  objects: Uint8Array;
}

function headerMatches(m: Dnp3HeaderMatch, h: ParsedHeader): boolean {
  if (m.group !== h.group || m.variation !== h.variation || m.qualifier !== h.qualifier) return false;
  if (m.start !== undefined && m.start !== h.start) return false;
  if (m.stop !== undefined && m.stop !== h.stop) return false;
  return m.count === undefined || m.count === h.count;
}

/** The first scripted answer whose request matches `req`, or undefined. */
export function scriptedAnswer(script: readonly Dnp3ScriptedResponse[], req: ParsedFragment): Dnp3ScriptedResponse | undefined {
  return script.find((s) => s.functionCode === req.function && s.headers.length === req.headers.length && s.headers.every((m, i) => headerMatches(m, req.headers[i]!)));
}

/** The first problem of a script for fragments of `maxFragmentSize` octets, or null. */
export function scriptProblem(script: readonly Dnp3ScriptedResponse[], maxFragmentSize: number): string | null {
  for (const [i, s] of script.entries()) {
    if (!(Number.isInteger(s.functionCode) && s.functionCode >= 0 && s.functionCode <= 255)) return `scripted[${i}].functionCode ${s.functionCode} must be 0-255`;
    // a response: control, function code and IIN (4 octets), then the objects
    if (s.objects.length + 4 > maxFragmentSize) return `scripted[${i}]: ${s.objects.length} object octets do not fit one ${maxFragmentSize}-octet fragment`;
  }
  return null;
}
