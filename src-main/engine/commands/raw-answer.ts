/**
 * Turns the session's answer to a raw request into what users see (RawAnswer): the request
 * and the responses as the analyzer describes frames (field trees with byte offsets), and
 * the decoded objects as text. DNP3 frames are application fragments; IEC 104 frames are
 * whole APDUs.
 */
import type { RawAnswer, RawFrame, RawObject } from '../../../src-shared/raw-answer';
import type { AnalyzerFrame, Protocol } from '../../../src-shared/session';
import { describeFragment } from '../../protocols/dnp3';
import { causeName, describeApdu, formatObject, IEC104_PARAMS, type Asdu, type AsduParams, type RawRequestValue } from '../../protocols/iec104';

/** Octets as lowercase hex without separators. */
const hexOf = (b: Uint8Array): string => Buffer.from(b.buffer, b.byteOffset, b.byteLength).toString('hex');

/** A decoded value as text: JSON with big integers as numbers and octet strings as hex. */
export function valueText(v: unknown): string {
  if (typeof v === 'string') return v;
  return JSON.stringify(v, (_k, x: unknown) => (typeof x === 'bigint' ? x.toString() : x instanceof Uint8Array ? hexOf(x) : x)) ?? 'null';
}

function frameOf(f: AnalyzerFrame): RawFrame {
  const frame: RawFrame = { direction: f.direction, summary: f.summary, hex: hexOf(f.bytes), fields: f.fields ?? [] };
  if (f.error !== undefined) frame.error = f.error;
  return frame;
}

const empty = (protocol: Protocol, detail: string | null): RawAnswer => ({ protocol, request: null, responses: [], function: null, iin: null, iinWords: [], objects: [], asdus: [], detail });

interface Dnp3Value {
  function?: string;
  iin?: number | null;
  iinWords?: string[];
  objects?: Array<{ group: number; variation: number; index?: number; value?: unknown }>;
  request?: Uint8Array;
  fragments?: Uint8Array[];
  detail?: string;
}

function dnp3Answer(v: Dnp3Value): RawAnswer {
  const objects = (v.objects ?? []).map((o): RawObject => ({ object: `g${o.group}v${o.variation}`, ...(o.index !== undefined ? { index: o.index } : {}), value: valueText(o.value) }));
  return {
    ...empty('dnp3', v.detail ?? null),
    request: v.request ? frameOf(describeFragment('tx', v.request)) : null,
    responses: (v.fragments ?? []).map((f) => frameOf(describeFragment('rx', f))),
    function: v.function ?? null,
    iin: v.iin ?? null,
    iinWords: v.iinWords ?? [],
    objects,
  };
}

function asduObjects(a: Asdu): RawObject[] {
  return a.objects.map((o) => ({ object: a.typeName, ioa: o.ioa, value: formatObject(o, a.typeId) }));
}

function iec104Answer(v: RawRequestValue, params: AsduParams): RawAnswer {
  return {
    ...empty('iec104', v.detail ?? null),
    request: frameOf(describeApdu(v.request, 'tx', 'full', params)),
    responses: v.answers.map((a) => frameOf(describeApdu(a.apdu, 'rx', 'full', params))),
    objects: v.answers.flatMap((a) => asduObjects(a.asdu)),
    asdus: v.answers.map(({ asdu: a }) => ({ typeId: a.typeId, type: a.typeName, cause: causeName(a.cause), negative: a.negative, test: a.test, commonAddress: a.commonAddress, objects: asduObjects(a) })),
  };
}

/**
 * The RawAnswer of a raw request's `response` event value: the session's answer object,
 * or a string saying why there was none (then only `detail` is set).
 */
export function rawAnswer(protocol: Protocol, value: unknown, params: AsduParams = IEC104_PARAMS): RawAnswer {
  if (typeof value !== 'object' || value === null) return empty(protocol, typeof value === 'string' ? value : null);
  return protocol === 'dnp3' ? dnp3Answer(value as Dnp3Value) : iec104Answer(value as RawRequestValue, params);
}
