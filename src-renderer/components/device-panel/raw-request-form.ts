/**
 * The Raw request panel's editor: example requests for each protocol, the first check of
 * the JSON typed (syntax with line and column, the object's required members; the engine
 * checks every field on Send and names the bad one), and octets for display.
 */
import type { RawAnswer } from '../../../src-shared/raw-answer';
import { jsonErrorAt } from '../../util/json-error';

type Protocol = 'dnp3' | 'iec104';

/** One example request. */
export interface RawTemplate {
  name: string;
  label: string;
  request: Record<string, unknown>;
}

/** Example requests: DNP3 object ranges and IEC 104 ASDUs. */
export const RAW_TEMPLATES: Readonly<Record<Protocol, readonly RawTemplate[]>> = {
  dnp3: [
    { name: 'read-g0v252', label: 'Read g0v252 (manufacturer name)', request: { function: 'read', ranges: [{ type: 0, variation: 252, index_prefix: 0, qualifier_code: 6 }] } },
    {
      name: 'write-g34v1',
      label: 'Write g34v1 (analog input 0 deadband 10)',
      request: { function: 'write', ranges: [{ type: 34, variation: 1, index_prefix: 0, qualifier_code: 0, start: 0, stop: 0, points_data: '0a00' }] },
    },
  ],
  iec104: [
    { name: 'c-ic-na-1', label: 'C_IC_NA_1 general interrogation', request: { typeId: 'C_IC_NA_1', cause: 'act', commonAddress: 1, objects: [{ ioa: 0, data: '14' }] } },
    { name: 'c-rd-na-1', label: 'C_RD_NA_1 read IOA 1001', request: { typeId: 'C_RD_NA_1', cause: 'req', commonAddress: 1, objects: [{ ioa: 1001, data: '' }] } },
  ],
};

/** DNP3 function codes offered by name (any other name or number may be typed). */
export const DNP3_FUNCTIONS = [
  'read',
  'write',
  'select',
  'operate',
  'direct_operate',
  'direct_operate_nr',
  'immediate_freeze',
  'freeze_clear',
  'cold_restart',
  'warm_restart',
  'enable_unsolicited',
  'disable_unsolicited',
  'assign_class',
  'delay_measure',
  'record_current_time',
] as const;

/** A template as the editor shows it. */
export function templateText(t: RawTemplate): string {
  return JSON.stringify(t.request, null, 2);
}

const REQUIRED: Readonly<Record<Protocol, readonly string[]>> = {
  dnp3: ['ranges'],
  iec104: ['typeId', 'cause', 'commonAddress', 'objects'],
};

function syntaxProblem(text: string, error: Error): string {
  const at = jsonErrorAt(text);
  return `Not valid JSON${at ? ` at line ${at.line}, column ${at.column}` : ''}: ${error.message}`;
}

/** The request object typed, or the problem with it in words. */
export function checkRawJson(text: string, protocol: Protocol, fn: string): { ok: true; request: Record<string, unknown> } | { ok: false; problem: string } {
  if (text.trim() === '') return { ok: false, problem: 'Type a request or choose an example.' };
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (error) {
    return { ok: false, problem: syntaxProblem(text, error as Error) };
  }
  if (typeof json !== 'object' || json === null || Array.isArray(json)) return { ok: false, problem: 'The request must be one JSON object { ... }.' };
  const o = json as Record<string, unknown>;
  const required = protocol === 'dnp3' && fn.trim() === '' ? ['function', ...REQUIRED.dnp3] : REQUIRED[protocol];
  const missing = required.filter((k) => !(k in o));
  if (missing.length > 0) return { ok: false, problem: `Missing ${missing.map((k) => `"${k}"`).join(', ')}${protocol === 'dnp3' ? ' (DNP3 object ranges)' : ' (an IEC 104 ASDU)'}.` };
  return { ok: true, request: o };
}

/** Hex text with a space between octets. */
export function spacedHex(hex: string): string {
  return hex.replace(/(..)(?!$)/g, '$1 ');
}

/** The answer of a finished raw request, when the state carries one. */
export function rawAnswerOf(value: unknown): RawAnswer | null {
  return typeof value === 'object' && value !== null && 'responses' in value ? (value as RawAnswer) : null;
}
