/**
 * Raw DNP3 requests described by object ranges in the JSON form DNP3 test tools use:
 *   {"function": "read", "ranges": [{"type": 0, "variation": 252, "index_prefix": 0, "qualifier_code": 6}]}
 * type = group, qualifier_code = the range specifier code, index_prefix = the object prefix
 * code, start/stop or count as the qualifier needs, points_data = the objects' octets in hex.
 */
import type { Dnp3RawHeader } from '../../../../src-shared/dnp3-calls';
import { isUint as uint, octetsOfHex as hexBytes } from '../../../../src-shared/raw-fields';
import { FunctionCode } from './control';

/** A raw request: the function code and the object headers. */
interface RawRequest {
  functionCode: number;
  headers: Dnp3RawHeader[];
}

/** A parsed request, or why the description is not valid (the field named). */
export type RawRequestResult = { ok: true; value: RawRequest } | { ok: false; error: { code: 'BAD_RANGES'; message: string } };

const bad = (message: string): RawRequestResult => ({ ok: false, error: { code: 'BAD_RANGES', message } });

/** A function code from its number or its name (`read`, `direct_operate`, `DIRECT-OPERATE`...), or null. */
export function functionCodeOf(given: string | number): number | null {
  if (typeof given === 'number') return Number.isInteger(given) && given >= 0 && given <= 255 ? given : null;
  const text = given.trim();
  if (/^\d+$/.test(text)) return functionCodeOf(Number(text));
  const key = text.toUpperCase().replace(/-/g, '_') as keyof typeof FunctionCode;
  return Object.hasOwn(FunctionCode, key) ? FunctionCode[key] : null;
}

/** How strictly a range is read: a request to send needs its range; a request to match may leave it out (any range). */
export interface RangeRules {
  rangeOptional?: boolean;
}

/** start/stop or count as the qualifier needs, onto `h`; the problem otherwise. */
function rangeOf(r: Record<string, unknown>, at: string, h: Dnp3RawHeader, rules: RangeRules): string | null {
  const code = h.qualifier & 0x0f;
  const omitted = (...keys: string[]): boolean => rules.rangeOptional === true && keys.every((k) => r[k] === undefined);
  if (code <= 2 && !omitted('start', 'stop')) {
    if (!uint(r.start, 0xffffffff) || !uint(r.stop, 0xffffffff) || r.stop < r.start) return `${at}: qualifier_code ${code} needs start and stop (start <= stop)`;
    h.start = r.start;
    h.stop = r.stop;
  } else if (code >= 7 && code <= 9 && !omitted('count')) {
    if (!uint(r.count, 0xffffffff)) return `${at}: qualifier_code ${code} needs count`;
    h.count = r.count;
  }
  return null;
}

function headerOf(r: Record<string, unknown>, at: string, rules: RangeRules): Dnp3RawHeader | string {
  for (const k of ['type', 'variation', 'qualifier_code'] as const) if (!uint(r[k], 255)) return `${at}.${k} must be a whole number from 0 to 255`;
  const prefix = r.index_prefix ?? 0;
  if (!uint(prefix, 7)) return `${at}.index_prefix must be a whole number from 0 to 7`;
  const code = r.qualifier_code as number;
  if (code > 15) return `${at}.qualifier_code must be a range specifier code from 0 to 15`;
  const h: Dnp3RawHeader = { group: r.type as number, variation: r.variation as number, qualifier: (prefix << 4) | code };
  const range = rangeOf(r, at, h, rules);
  if (range !== null) return range;
  if (r.points_data !== undefined) {
    const data = typeof r.points_data === 'string' ? hexBytes(r.points_data) : null;
    if (!data) return `${at}.points_data must be hex octets, e.g. "0a00"`;
    h.data = data;
  }
  return h;
}

/** Reads a list of object ranges; `at` names the list in errors (`ranges`, `responses[0].response.ranges`). */
export function parseRanges(list: unknown, at: string, rules: RangeRules = {}): { ok: true; value: Dnp3RawHeader[] } | { ok: false; error: { code: 'BAD_RANGES'; message: string } } {
  if (!Array.isArray(list)) return { ok: false, error: { code: 'BAD_RANGES', message: `"${at}" must be an array of object ranges` } };
  const headers: Dnp3RawHeader[] = [];
  for (const [i, r] of list.entries()) {
    const h = typeof r === 'object' && r !== null ? headerOf(r as Record<string, unknown>, `${at}[${i}]`, rules) : `${at}[${i}] must be an object`;
    if (typeof h === 'string') return { ok: false, error: { code: 'BAD_RANGES', message: h } };
    headers.push(h);
  }
  return { ok: true, value: headers };
}

/** Parses the JSON description; `functionOverride` (a name or number) replaces its `function`. */
export function parseRawRequest(json: unknown, functionOverride?: string, rules: RangeRules = {}): RawRequestResult {
  if (typeof json !== 'object' || json === null || Array.isArray(json)) return bad('the request must be a JSON object with "function" and "ranges"');
  const o = json as Record<string, unknown>;
  const given = functionOverride ?? o.function;
  if (typeof given !== 'string' && typeof given !== 'number') return bad('"function" must be a function code name or number');
  const functionCode = functionCodeOf(given);
  if (functionCode === null) return bad(`unknown function code ${JSON.stringify(given)}`);
  const headers = parseRanges(o.ranges, 'ranges', rules);
  return headers.ok ? { ok: true, value: { functionCode, headers: headers.value } } : headers;
}
