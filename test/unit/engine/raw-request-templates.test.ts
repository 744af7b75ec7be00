import { describe, expect, it } from 'vitest';
import { checkRawJson, RAW_TEMPLATES, rawAnswerOf, spacedHex, templateText } from '../../../src-renderer/components/device-panel/raw-request-form';
import { jsonErrorAt } from '../../../src-renderer/util/json-error';
import { prepareRawRequest } from '../../../src-main/engine/commands/raw-request';

describe('the Raw request panel editor', () => {
  it('offers examples the engine accepts, reads needing no confirmation and the write needing one', () => {
    const judged = Object.entries(RAW_TEMPLATES).flatMap(([protocol, list]) =>
      list.map((t) => {
        const checked = checkRawJson(templateText(t), protocol as 'dnp3' | 'iec104', '');
        if (!checked.ok) throw new Error(checked.problem);
        const prepared = prepareRawRequest(protocol as 'dnp3' | 'iec104', checked.request);
        if (!prepared.ok) throw new Error(prepared.error.message);
        return [t.name, prepared.value.changesDevice];
      }),
    );
    expect(judged).toEqual([
      ['read-g0v252', false],
      ['write-g34v1', true],
      ['c-ic-na-1', false],
      ['c-rd-na-1', false],
    ]);
  });

  it('names the problem: syntax with line and column, not an object, missing members', () => {
    expect(checkRawJson('{\n  "function": "read",\n  "ranges": [}\n}', 'dnp3', '')).toEqual({ ok: false, problem: expect.stringMatching(/^Not valid JSON at line 3, column 14: /) });
    expect(checkRawJson('  ', 'dnp3', '')).toEqual({ ok: false, problem: 'Type a request or choose an example.' });
    expect(checkRawJson('[1]', 'iec104', '')).toEqual({ ok: false, problem: 'The request must be one JSON object { ... }.' });
    expect(checkRawJson('{"ranges": []}', 'dnp3', '')).toEqual({ ok: false, problem: 'Missing "function" (DNP3 object ranges).' });
    expect(checkRawJson('{"ranges": []}', 'dnp3', 'read')).toEqual({ ok: true, request: { ranges: [] } });
    expect(checkRawJson('{"typeId": 100, "cause": 6}', 'iec104', '')).toEqual({ ok: false, problem: 'Missing "commonAddress", "objects" (an IEC 104 ASDU).' });
  });

  it('finds where JSON first goes wrong', () => {
    expect(jsonErrorAt('{"a": [1, 2, {"b": null}], "c": "x\\"y"}')).toBeNull();
    expect(jsonErrorAt('{"a": 1,}')).toEqual({ line: 1, column: 9 });
    expect(jsonErrorAt('{"a": tru}')).toEqual({ line: 1, column: 7 });
    expect(jsonErrorAt('{"a": "b}')).toEqual({ line: 1, column: 10 });
    expect(jsonErrorAt('{"a": 1}\nx')).toEqual({ line: 2, column: 1 });
    expect(jsonErrorAt('{"a": 01}')).toEqual({ line: 1, column: 8 });
    expect(jsonErrorAt('')).toEqual({ line: 1, column: 1 });
  });

  it('shows octets spaced and knows a raw answer from another task value', () => {
    expect(spacedHex('c00100fc06')).toBe('c0 01 00 fc 06');
    expect(rawAnswerOf({ delayMs: 5 })).toBeNull();
    expect(rawAnswerOf({ protocol: 'dnp3', responses: [] })).not.toBeNull();
  });
});
