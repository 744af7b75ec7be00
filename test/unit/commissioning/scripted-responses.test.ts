import { describe, expect, it } from 'vitest';
import { parseScriptedResponses } from '../../../src-main/commissioning/target/scripted-responses';

const read252 = { function: 'read', ranges: [{ type: 0, variation: 252, qualifier_code: 6 }] };
const answer252 = { ranges: [{ type: 0, variation: 252, qualifier_code: 0, start: 0, stop: 0, points_data: '0103 41434d' }] };
const message = (json: unknown): string => {
  const r = parseScriptedResponses(json);
  return r.ok ? 'ok' : r.error.message;
};

describe('sim --responses file', () => {
  it('reads entries into request matchers and encoded response objects', () => {
    const r = parseScriptedResponses({
      responses: [
        { request: read252, response: answer252 },
        { request: { function: 1, ranges: [{ type: 30, variation: 2, index_prefix: 0, qualifier_code: 1 }] }, response: { ranges: [] } },
      ],
    });
    expect(r).toEqual({
      ok: true,
      value: [
        { functionCode: 1, headers: [{ group: 0, variation: 252, qualifier: 0x06 }], objects: Uint8Array.from([0x00, 0xfc, 0x00, 0x00, 0x00, 0x01, 0x03, 0x41, 0x43, 0x4d]) },
        // qualifier 0x01 without start/stop: any range matches
        { functionCode: 1, headers: [{ group: 30, variation: 2, qualifier: 0x01 }], objects: new Uint8Array(0) },
      ],
    });
  });

  it('names the bad entry and field', () => {
    expect(message([])).toBe('the file must be a JSON object with a "responses" array');
    expect(message({ responses: [7] })).toBe('responses[0] must be an object with "request" and "response"');
    expect(message({ responses: [{ request: { function: 'frob', ranges: [] }, response: answer252 }] })).toBe('responses[0].request.function "frob" is not a function code name or number');
    expect(message({ responses: [{ request: read252, response: answer252 }, { request: { function: 'read', ranges: [{ type: 300, variation: 1, qualifier_code: 6 }] }, response: answer252 }] })).toBe(
      'responses[1].request.ranges[0].type must be a whole number from 0 to 255',
    );
    expect(message({ responses: [{ request: { function: 'direct_operate_nr', ranges: [] }, response: answer252 }] })).toBe('responses[0].request.function DIRECT_OPERATE_NR is answered by nothing');
    expect(message({ responses: [{ request: { function: 'read', ranges: [{ type: 30, variation: 1, qualifier_code: 0, start: 0, stop: 1, points_data: '00' }] }, response: answer252 }] })).toBe(
      'responses[0].request.ranges[0].points_data: requests are matched by their headers only',
    );
    expect(message({ responses: [{ request: read252 }] })).toBe('responses[0].response must be an object with "ranges"');
    expect(message({ responses: [{ request: read252, response: { ranges: [{ type: 0, variation: 252, qualifier_code: 0 }] } }] })).toBe(
      'responses[0].response.ranges[0]: qualifier_code 0 needs start and stop (start <= stop)',
    );
    expect(message({ responses: [{ request: read252, response: { ranges: [{ type: 0, variation: 252, qualifier_code: 0, start: 0, stop: 0, points_data: 'xyz' }] } }] })).toBe(
      'responses[0].response.ranges[0].points_data must be hex octets, e.g. "0a00"',
    );
    expect(message({ responses: [{ request: read252, response: { ranges: [{ type: 0, variation: 252, qualifier_code: 11 }] } }] })).toBe('responses[0].response.ranges: unsupported header g0v252 qualifier 0xb');
    expect(message({ responses: [{ request: read252, response: { ranges: [{ type: 0, variation: 252, qualifier_code: 6, points_data: '00'.repeat(2042) }] } }] })).toBe(
      'responses[0].response: 2045 object octets do not fit one response fragment (2044 at most)',
    );
  });
});
