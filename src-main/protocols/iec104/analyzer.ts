/**
 * Analyzer frames: one APDU described at decode level `summary` (one line such as
 * `I(12,5) M_ME_NC_1 spont IOA 3001`) or `full` (fields with byte spans for hex
 * highlighting). Never throws: undecodable frames carry their error code.
 */
import { ByteSlab } from '../../../src-shared/byte-slab';
import type { AnalyzerFrame, DecodeLevel, FrameField } from '../../../src-shared/session';
import { decodeApci, type Apci } from './apci/apdu';
import { causeName } from './asdu/cause';
import { decodeAsdu, headerSize } from './asdu/codec';
import { typeSpec } from './asdu/type-table';
import type { Asdu, AsduParams, InfoObject } from './asdu/types';
import { fileElementFields, formatFileObject, isFileType } from './analyzer-file';

const U_TEXT: Readonly<Record<string, string>> = {
  STARTDT_ACT: 'STARTDT act',
  STARTDT_CON: 'STARTDT con',
  STOPDT_ACT: 'STOPDT act',
  STOPDT_CON: 'STOPDT con',
  TESTFR_ACT: 'TESTFR act',
  TESTFR_CON: 'TESTFR con',
};

/**
 * One information object as text: value, qualifiers, quality words and time; the file
 * transfer types (given `typeId`) by their named elements.
 */
export function formatObject(obj: InfoObject, typeId?: number): string {
  if (typeId !== undefined && isFileType(typeId)) return formatFileObject(typeId, obj);
  const parts = [`${obj.value}`];
  if (obj.raw !== undefined) parts.push(`raw=${obj.raw}`);
  if (obj.select !== undefined) parts.push(obj.select ? 'select' : 'execute');
  if (obj.qualifier !== undefined) parts.push(`q=${obj.qualifier}`);
  if (obj.sequence !== undefined) parts.push(`seq=${obj.sequence}`);
  if (obj.transient) parts.push('transient');
  if (obj.elapsedMs !== undefined) parts.push(`elapsed=${obj.elapsedMs}ms`);
  if (obj.changes !== undefined) parts.push(`cd=${obj.changes}`);
  if (obj.quality.length > 0) parts.push(obj.quality.join(' '));
  const t = obj.time;
  if (t?.kind === 'cp56') parts.push(`${new Date(t.epochMs).toISOString()}${t.iv ? ' IV' : ''}${t.su ? ' SU' : ''}`);
  else if (t?.kind === 'cp24') parts.push(`+${t.msOfHour}ms of hour${t.iv ? ' IV' : ''}`);
  return parts.join(' ');
}

function asduSummary(a: Asdu): string {
  const flags = `${a.negative ? ' neg' : ''}${a.test ? ' test' : ''}`;
  const first = a.objects[0]?.ioa ?? 0;
  const more = a.objects.length > 1 ? ` +${a.objects.length - 1}` : '';
  const file = isFileType(a.typeId) && a.objects[0] !== undefined ? ` ${formatFileObject(a.typeId, a.objects[0])}` : '';
  return `${a.typeName} ${causeName(a.cause)}${flags} IOA ${first}${more}${file}`;
}

function apciSummary(a: Apci): string {
  if (a.format === 'I') return `I(${a.ns},${a.nr})`;
  if (a.format === 'S') return `S(${a.nr})`;
  return `U ${U_TEXT[a.fn]}`;
}

function f(name: string, value: string | number, offset: number, length: number, children?: FrameField[]): FrameField {
  return children ? { name, value: String(value), offset, length, children } : { name, value: String(value), offset, length };
}

function apciFields(a: Apci, bytes: Uint8Array): FrameField {
  const control = a.format === 'I' ? `I N(S)=${a.ns} N(R)=${a.nr}` : a.format === 'S' ? `S N(R)=${a.nr}` : `U ${U_TEXT[a.fn]}`;
  return f('APCI', apciSummary(a), 0, 6, [
    f('start', '0x68', 0, 1),
    f('length', bytes[1] ?? 0, 1, 1),
    f('control', control, 2, 4),
  ]);
}

function asduFields(a: Asdu, p: AsduParams, at: number, length: number): FrameField {
  const t = typeSpec(a.typeId);
  const size = t?.size ?? 0;
  const hs = headerSize(p);
  const cot = `${causeName(a.cause)} (${a.cause})${a.negative ? ' P/N=1' : ''}${a.test ? ' T=1' : ''}`;
  const children: FrameField[] = [
    f('type', `${a.typeName} (${a.typeId})`, at, 1),
    f('vsq', `SQ=${a.sq ? 1 : 0} number=${a.objects.length}`, at + 1, 1),
    f('cot', cot, at + 2, 1),
  ];
  if (p.cotSize === 2) children.push(f('originator', a.originator, at + 3, 1));
  children.push(f('commonAddress', a.commonAddress, at + 2 + p.cotSize, p.caSize));
  const file = isFileType(a.typeId);
  let o = at + hs;
  a.objects.forEach((obj, i) => {
    const ioaAt = a.sq ? at + hs : o;
    const elemSize = size + (obj.segment?.length ?? 0);
    const elemAt = a.sq ? at + hs + p.ioaSize + i * size : o + p.ioaSize;
    const start = a.sq && i > 0 ? elemAt : ioaAt;
    const text = formatObject(obj, a.typeId);
    const element = file ? f('element', text, elemAt, elemSize, fileElementFields(a.typeId, obj, elemAt)) : f('element', text, elemAt, elemSize);
    children.push(f(`object ${i + 1}`, `IOA ${obj.ioa}: ${text}`, start, elemAt + elemSize - start, [f('ioa', obj.ioa, ioaAt, p.ioaSize), element]));
    o = elemAt + elemSize;
  });
  return f('ASDU', asduSummary(a), at, length, children);
}

/** The analyzer's copies of APDUs: from shared slabs, not a small array (and ArrayBuffer) each. */
const COPIES = new ByteSlab();

/** Describes one APDU for the analyzer at the given level (not `off`). */
export function describeApdu(
  bytes: Uint8Array,
  direction: 'tx' | 'rx',
  level: Exclude<DecodeLevel, 'off'>,
  p: AsduParams,
  error: string | null = null,
): AnalyzerFrame {
  const copy = COPIES.copy(bytes, 0, bytes.length);
  const base = { direction, protocol: 'iec104' as const, bytes: copy };
  if (error !== null) return { ...base, summary: `error ${error}`, error };
  const apci = decodeApci(copy);
  if (!apci.ok) return { ...base, summary: `error ${apci.error.code}`, error: apci.error.code };
  const a = apci.value;
  if (a.format !== 'I') {
    return level === 'full' ? { ...base, summary: apciSummary(a), fields: [apciFields(a, copy)] } : { ...base, summary: apciSummary(a) };
  }
  const asdu = decodeAsdu(a.asdu, p);
  if (!asdu.ok) {
    const summary = `${apciSummary(a)} error ${asdu.error.code}`;
    return level === 'full'
      ? { ...base, summary, error: asdu.error.code, fields: [apciFields(a, copy)] }
      : { ...base, summary, error: asdu.error.code };
  }
  const summary = `${apciSummary(a)} ${asduSummary(asdu.value)}`;
  if (level === 'summary') return { ...base, summary };
  return { ...base, summary, fields: [apciFields(a, copy), asduFields(asdu.value, p, 6, copy.length - 6)] };
}
