import type { PointUpdate } from '../../../../src-shared/session';
import { parseRawRequest } from '../../../commissioning/target/raw-request';
import type { CliCommand } from '../command';
import { CliError, EXIT } from '../exit-codes';
import { flag, jsonFileOption, onePositional, stringOption } from '../options';
import { pointJson, pointLine, TARGET_OPTIONS, TARGET_OPTIONS_USAGE, targetFailure, timeoutMs, withTarget } from '../target-cli';
import { parseTargetUrl } from '../target-url';

/** What a raw request's response event carries (see the DNP3 master's raw task). */
interface RawAnswer {
  function?: string;
  iin?: number | null;
  iinWords?: string[];
  points?: PointUpdate[];
  objects?: Array<{ group: number; variation: number; index?: number; value?: unknown }>;
}

const hex = (b: Uint8Array): string => Buffer.from(b).toString('hex').replace(/(..)(?!$)/g, '$1 ');
const text = (v: unknown): string => JSON.stringify(v, (_k, x: unknown) => (typeof x === 'bigint' ? x.toString() : x instanceof Uint8Array ? hex(x) : x)) ?? 'null';

/** `raw <url> --ranges FILE.json [--function NAME|N]`: one DNP3 request built from object ranges. */
export const rawCommand: CliCommand = {
  name: 'raw',
  summary: 'send one DNP3 request built from object ranges (JSON) and print the decoded response and its octets',
  usage: [
    'usage: switchyard raw <url> --ranges FILE.json [--function NAME|N] [--json] [--timeout S]',
    '',
    'FILE.json: {"function": "read", "ranges": [{"type": 0, "variation": 252, "index_prefix": 0, "qualifier_code": 6}]}',
    '  type = group, variation, qualifier_code = range specifier code (0-2 start/stop, 6 all,',
    '  7-9 count), index_prefix = object prefix code, start/stop or count as the qualifier needs,',
    '  points_data = the objects\' octets in hex (prefixes included), e.g. "0a00".',
    '  --ranges FILE   the request description',
    '  --function F    the function code by name (read, write, direct_operate...) or number;',
    '                  replaces the file\'s "function"',
    ...TARGET_OPTIONS_USAGE,
    'Prints the response function, IIN, objects and points, then the octets received. Exit 5 when',
    'the outstation reports an error (IIN) or does not answer; SENT for functions without response.',
  ].join('\n'),
  options: { ...TARGET_OPTIONS, ranges: { type: 'string' }, function: { type: 'string' } },
  async run(args, io) {
    const target = parseTargetUrl(onePositional(args, 'raw', 'the target URL'));
    if (target.protocol !== 'dnp3') throw new CliError(EXIT.USAGE, 'raw: object ranges are DNP3; give a dnp3 URL');
    const description = await jsonFileOption(args, 'ranges', 'raw');
    if (description === undefined) throw new CliError(EXIT.USAGE, 'raw: missing --ranges FILE.json');
    const parsed = parseRawRequest(description, stringOption(args, 'function'));
    if (!parsed.ok) throw new CliError(EXIT.USAGE, `raw: ${parsed.error.message}`);
    const { functionCode, headers } = parsed.value;
    const ms = timeoutMs(args);
    const received: Uint8Array[] = [];
    const result = await withTarget(target, { timeoutMs: ms, decodeLevel: 'summary' }, async (s) => {
      const off = s.onEvent((e) => {
        if (e.type === 'frame' && e.frame.direction === 'rx') received.push(e.frame.bytes);
      });
      const answer = s.waitFor((e) => (e.type === 'response' && e.id === 'cli-raw' ? e : undefined), 3 * ms, 'response to the raw request');
      s.call({ op: 'dnp3.raw', id: 'cli-raw', functionCode, headers });
      const r = await answer;
      off();
      return r;
    });
    if (!result.ok) throw targetFailure(result.error);
    const r = result.value;
    const a = (r.ok && typeof r.value === 'object' ? r.value : {}) as RawAnswer;
    const objects = (a.objects ?? []).map((o) => ({ object: `g${o.group}v${o.variation}`, ...(o.index !== undefined ? { index: o.index } : {}), value: JSON.parse(text(o.value)) as unknown }));
    if (flag(args, 'json')) {
      const body = { ok: r.ok, result: r.result, function: a.function ?? null, iin: a.iin ?? null, iinWords: a.iinWords ?? [], objects, points: (a.points ?? []).map(pointJson), octets: received.map(hex) };
      io.out(JSON.stringify(r.ok ? body : { ...body, detail: typeof r.value === 'string' ? r.value : null }));
    } else {
      io.out(`${a.function ?? 'response'}: ${r.result}${!r.ok && typeof r.value === 'string' ? ` (${r.value})` : ''}`);
      if (a.iin !== undefined && a.iin !== null) io.out(`IIN 0x${a.iin.toString(16).padStart(4, '0')} ${(a.iinWords ?? []).join(' ')}`.trimEnd());
      for (const o of objects) io.out(`${o.object}${o.index !== undefined ? ` [${o.index}]` : ''} ${text(o.value)}`);
      for (const p of a.points ?? []) io.out(pointLine(p));
      for (const b of received) io.out(`rx ${hex(b)}`);
    }
    if (!r.ok) throw new CliError(EXIT.COMMAND, `raw: ${r.result}`);
    return EXIT.OK;
  },
};
