import type { PointUpdate } from '../../../../src-shared/session';
import { rawAnswer, valueText } from '../../../engine/commands/raw-answer';
import { prepareRawRequest, RAW_COLLECT_MAX_MS } from '../../../engine/commands/raw-request';
import type { CliCommand, CliIo } from '../command';
import { CliError, EXIT } from '../exit-codes';
import { flag, jsonFileOption, onePositional, stringOption } from '../options';
import { pointJson, pointLine, TARGET_OPTIONS, TARGET_OPTIONS_USAGE, targetFailure, timeoutMs, withTarget } from '../target-cli';
import { parseTargetUrl } from '../target-url';

/** What a DNP3 raw request's response event carries (see the DNP3 master's raw task). */
interface Dnp3Answer {
  function?: string;
  iin?: number | null;
  iinWords?: string[];
  points?: PointUpdate[];
  objects?: Array<{ group: number; variation: number; index?: number; value?: unknown }>;
  detail?: string;
}

/** A session's answer to the raw request, and the link frames / APDUs received meanwhile. */
interface Outcome {
  r: { ok: boolean; result: string; value?: unknown };
  received: Uint8Array[];
}

const spaced = (hex: string): string => hex.replace(/(..)(?!$)/g, '$1 ');
const hex = (b: Uint8Array): string => spaced(Buffer.from(b).toString('hex'));

function detailOf(value: unknown): string | null {
  if (typeof value === 'string') return value;
  const d = (value as { detail?: unknown } | undefined)?.detail;
  return typeof d === 'string' ? d : null;
}

function printDnp3(io: CliIo, json: boolean, { r, received }: Outcome): void {
  const a = (typeof r.value === 'object' && r.value !== null ? r.value : {}) as Dnp3Answer;
  const objects = (a.objects ?? []).map((o) => ({ object: `g${o.group}v${o.variation}`, ...(o.index !== undefined ? { index: o.index } : {}), value: JSON.parse(valueText(o.value)) as unknown }));
  const detail = detailOf(r.value);
  if (json) {
    const body = { ok: r.ok, result: r.result, function: a.function ?? null, iin: a.iin ?? null, iinWords: a.iinWords ?? [], objects, points: (a.points ?? []).map(pointJson), octets: received.map(hex) };
    io.out(JSON.stringify(r.ok ? body : { ...body, detail }));
    return;
  }
  io.out(`${a.function ?? 'response'}: ${r.result}${!r.ok && detail ? ` (${detail})` : ''}`);
  if (a.iin !== undefined && a.iin !== null) io.out(`IIN 0x${a.iin.toString(16).padStart(4, '0')} ${(a.iinWords ?? []).join(' ')}`.trimEnd());
  for (const o of objects) io.out(`${o.object}${o.index !== undefined ? ` [${o.index}]` : ''} ${JSON.stringify(o.value)}`);
  for (const p of a.points ?? []) io.out(pointLine(p));
  for (const b of received) io.out(`rx ${hex(b)}`);
}

function printIec104(io: CliIo, json: boolean, label: string, { r }: Outcome): void {
  const a = rawAnswer('iec104', r.value);
  if (json) {
    const answers = a.asdus.map((x, i) => ({ ...x, objects: x.objects.map(({ ioa, value }) => ({ ioa, value })), octets: spaced(a.responses[i]?.hex ?? '') }));
    io.out(JSON.stringify({ ok: r.ok, result: r.result, detail: a.detail, request: a.request ? spaced(a.request.hex) : null, answers }));
    return;
  }
  io.out(`${label}: ${r.result}${a.detail ? ` (${a.detail})` : ''}`);
  for (const x of a.asdus) {
    io.out(`${x.type} ${x.cause}${x.negative ? ' negative' : ''}${x.test ? ' test' : ''} CA ${x.commonAddress}`);
    for (const o of x.objects) io.out(`  ioa:${o.ioa} ${o.value}`);
  }
  if (a.request) io.out(`tx ${spaced(a.request.hex)}`);
  for (const f of a.responses) io.out(`rx ${spaced(f.hex)}`);
}

/** `raw <url> --ranges FILE.json [--function NAME|N]` (DNP3) or `raw <url> --asdu FILE.json` (IEC 104). */
export const rawCommand: CliCommand = {
  name: 'raw',
  summary: 'send one DNP3 request built from object ranges, or one IEC 104 ASDU, (JSON) and print the decoded answer and its octets',
  usage: [
    'usage: switchyard raw <dnp3-url> --ranges FILE.json [--function NAME|N] [--json] [--timeout S]',
    '       switchyard raw <iec104-url> --asdu FILE.json [--json] [--timeout S]',
    '',
    'DNP3, FILE.json: {"function": "read", "ranges": [{"type": 0, "variation": 252, "index_prefix": 0, "qualifier_code": 6}]}',
    '  type = group, variation, qualifier_code = range specifier code (0-2 start/stop, 6 all,',
    '  7-9 count), index_prefix = object prefix code, start/stop or count as the qualifier needs,',
    '  points_data = the objects\' octets in hex (prefixes included), e.g. "0a00".',
    '  --ranges FILE   the request description',
    '  --function F    the function code by name (read, write, direct_operate...) or number;',
    '                  replaces the file\'s "function"',
    'IEC 104, FILE.json: {"typeId": "C_SC_NA_1", "cause": "act", "commonAddress": 1,',
    '                     "objects": [{"ioa": 5001, "data": "01"}]}',
    '  typeId and cause by number or name (act, deact, req...); optional "negative", "test",',
    '  "originator", "sequence" (SQ=1: one IOA, the elements follow); data = the element\'s',
    '  octets in hex (its size for types Switchyard knows).',
    '  --asdu FILE     the ASDU description; sent as one I-frame, and every ASDU of its',
    '                  common address is collected until ACTTERM, a negative or unknown-* answer,',
    '                  the ACTCON of a type without ACTTERM or the data of a read, or 2 s without',
    '                  an answer to it (at most 12 s)',
    ...TARGET_OPTIONS_USAGE,
    'Prints the result by name, the decoded answer, then the octets (IEC 104: tx and rx APDUs).',
    'Exit 2 naming the field of a bad description; exit 5 when the device reports an error',
    '(IIN, negative confirm, unknown type/cause/CA/IOA) or does not answer; SENT for DNP3',
    'functions without response.',
  ].join('\n'),
  options: { ...TARGET_OPTIONS, ranges: { type: 'string' }, asdu: { type: 'string' }, function: { type: 'string' } },
  async run(args, io) {
    const target = parseTargetUrl(onePositional(args, 'raw', 'the target URL'));
    const dnp3 = target.protocol === 'dnp3';
    const [option, other] = dnp3 ? ['ranges', 'asdu'] : ['asdu', 'ranges'];
    if (stringOption(args, other) !== undefined) throw new CliError(EXIT.USAGE, `raw: --${other} is for ${dnp3 ? 'IEC 104' : 'DNP3'}; give --${option} with a ${target.protocol} URL`);
    if (!dnp3 && stringOption(args, 'function') !== undefined) throw new CliError(EXIT.USAGE, 'raw: --function is for DNP3; an IEC 104 ASDU names its "typeId"');
    const description = await jsonFileOption(args, option, 'raw');
    if (description === undefined) throw new CliError(EXIT.USAGE, `raw: missing --${option} FILE.json`);
    const prepared = prepareRawRequest(target.protocol, description, stringOption(args, 'function'));
    if (!prepared.ok) throw new CliError(EXIT.USAGE, `raw: ${prepared.error.message}`);
    const ms = timeoutMs(args);
    const received: Uint8Array[] = [];
    const result = await withTarget(target, { timeoutMs: ms, decodeLevel: 'summary' }, async (s) => {
      const off = s.onEvent((e) => {
        if (e.type === 'frame' && e.frame.direction === 'rx') received.push(e.frame.bytes);
      });
      const wait = dnp3 ? 3 * ms : ms + RAW_COLLECT_MAX_MS;
      const answer = s.waitFor((e) => (e.type === 'response' && e.id === 'cli-raw' ? e : undefined), wait, 'response to the raw request');
      s.call(prepared.value.call('cli-raw'));
      const r = await answer;
      off();
      return r;
    });
    if (!result.ok) throw targetFailure(result.error);
    const outcome = { r: result.value, received };
    if (dnp3) printDnp3(io, flag(args, 'json'), outcome);
    else printIec104(io, flag(args, 'json'), prepared.value.label, outcome);
    if (!result.value.ok) throw new CliError(EXIT.COMMAND, `raw: ${result.value.result}`);
    return EXIT.OK;
  },
};
