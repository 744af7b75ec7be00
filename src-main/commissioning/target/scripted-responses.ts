/**
 * The DNP3 simulator's scripted answers (`sim dnp3 --responses FILE.json`), in the object
 * range form of the raw request crafter:
 *   {"responses": [{"request": {"function": "read", "ranges": [{"type": 0, "variation": 252, "qualifier_code": 6}]},
 *                   "response": {"ranges": [{"type": 0, "variation": 252, "qualifier_code": 0, "start": 0, "stop": 0, "points_data": "0103414345"}]}}]}
 * A request matches by function code and every object header (type, variation,
 * index_prefix, qualifier_code; start/stop or count only when given). The response's ranges
 * are encoded as `raw` encodes a request's, points_data written after each header as given.
 */
import type { Dnp3RawHeader } from '../../../src-shared/dnp3-calls';
import { answeredByNothing, functionCodeOf, functionName, parseRanges, rawHeaders, type Dnp3HeaderMatch, type Dnp3ScriptedResponse } from '../../protocols/dnp3';

/** The scripted answers, or why the file is not valid (the entry and field named). */
export type ScriptedResponsesResult = { ok: true; value: Dnp3ScriptedResponse[] } | { ok: false; error: { code: 'BAD_RESPONSES'; message: string } };

/** Object octets one response fragment holds with the simulator's 2048-octet fragments (less control, function and IIN). */
const MAX_OBJECT_OCTETS = 2048 - 4;

const isObject = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);

function matchOf(h: Dnp3RawHeader): Dnp3HeaderMatch {
  const { data: _data, indices: _indices, ...match } = h;
  return match;
}

/** The request side of entry `at`: its function code and the headers to match. */
function requestOf(request: unknown, at: string): { functionCode: number; headers: Dnp3HeaderMatch[] } | string {
  if (!isObject(request)) return `${at}.request must be an object with "function" and "ranges"`;
  const given = request.function;
  const functionCode = typeof given === 'string' || typeof given === 'number' ? functionCodeOf(given) : null;
  if (functionCode === null) return `${at}.request.function ${JSON.stringify(given ?? null)} is not a function code name or number`;
  if (answeredByNothing(functionCode)) return `${at}.request.function ${functionName(functionCode)} is answered by nothing`;
  const ranges = parseRanges(request.ranges, `${at}.request.ranges`, { rangeOptional: true });
  if (!ranges.ok) return ranges.error.message;
  const withData = ranges.value.findIndex((h) => h.data !== undefined);
  if (withData >= 0) return `${at}.request.ranges[${withData}].points_data: requests are matched by their headers only`;
  return { functionCode, headers: ranges.value.map(matchOf) };
}

/** The response side of entry `at`: the encoded object octets. */
function responseOf(response: unknown, at: string): Uint8Array | string {
  if (!isObject(response)) return `${at}.response must be an object with "ranges"`;
  const ranges = parseRanges(response.ranges, `${at}.response.ranges`);
  if (!ranges.ok) return ranges.error.message;
  const objects = rawHeaders(ranges.value);
  if (typeof objects === 'string') return `${at}.response.ranges: ${objects}`;
  if (objects.length > MAX_OBJECT_OCTETS) return `${at}.response: ${objects.length} object octets do not fit one response fragment (${MAX_OBJECT_OCTETS} at most)`;
  return objects;
}

/** Parses the JSON of a `--responses` file. */
export function parseScriptedResponses(json: unknown): ScriptedResponsesResult {
  const bad = (message: string): ScriptedResponsesResult => ({ ok: false, error: { code: 'BAD_RESPONSES', message } });
  if (!isObject(json) || !Array.isArray(json.responses)) return bad('the file must be a JSON object with a "responses" array');
  const script: Dnp3ScriptedResponse[] = [];
  for (const [i, entry] of json.responses.entries()) {
    const at = `responses[${i}]`;
    if (!isObject(entry)) return bad(`${at} must be an object with "request" and "response"`);
    const request = requestOf(entry.request, at);
    if (typeof request === 'string') return bad(request);
    const objects = responseOf(entry.response, at);
    if (typeof objects === 'string') return bad(objects);
    script.push({ ...request, objects });
  }
  return { ok: true, value: script };
}
