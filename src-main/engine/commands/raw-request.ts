/**
 * Raw requests as engineers describe them: DNP3 object ranges
 *   {"function": "read", "ranges": [{"type": 0, "variation": 252, "index_prefix": 0, "qualifier_code": 6}]}
 * or an IEC 104 ASDU
 *   {"typeId": "C_SC_NA_1", "cause": "act", "commonAddress": 1, "objects": [{"ioa": 5001, "data": "01"}]}
 * checked (the bad field named), labelled for the audit, judged for whether they can change
 * the device, and turned into the session call. The CLI and the device task service share it.
 */
import type { Iec104RawAsdu } from '../../../src-shared/iec104-calls';
import type { Result } from '../../../src-shared/ipc/result';
import type { Protocol, SessionCall } from '../../../src-shared/session';
import { FunctionCode, functionName, parseRawRequest } from '../../protocols/dnp3';
import { causeName, parseRawAsdu, RAW_MAX_MS, rawAsduChangesDevice, typeName } from '../../protocols/iec104';

/**
 * How long an IEC 104 raw request can collect answers: the master's window restarts with
 * every answer, up to this bound.
 */
export const RAW_COLLECT_MAX_MS = RAW_MAX_MS;

/** A checked raw request, ready to send. */
export interface PreparedRaw {
  /** One line for the audit and the UI, e.g. `raw READ (1) g0v252` or `raw C_SC_NA_1 (45) act CA 1 IOA 5001`. */
  label: string;
  /** Whether it runs only after an explicit confirmation. */
  changesDevice: boolean;
  /** The session call, with the id that correlates its `response` event. */
  call(id: string): SessionCall;
}

/**
 * DNP3 function codes that only read or measure: READ, DELAY_MEASURE, RECORD_CURRENT_TIME.
 * Every other code (writes, controls, freezes, restarts, CONFIRM, which releases the
 * outstation's events, ...) can change the device.
 */
const DNP3_READ_ONLY: ReadonlySet<number> = new Set([FunctionCode.READ, FunctionCode.DELAY_MEASURE, FunctionCode.RECORD_CURRENT_TIME]);

function prepareDnp3(json: unknown, functionOverride: string | undefined): Result<PreparedRaw> {
  const parsed = parseRawRequest(json, functionOverride);
  if (!parsed.ok) return parsed;
  const { functionCode, headers } = parsed.value;
  const objects = headers.map((h) => `g${h.group}v${h.variation}`).join(' ');
  return {
    ok: true,
    value: {
      label: `raw ${functionName(functionCode)} (${functionCode})${objects ? ` ${objects}` : ''}`,
      changesDevice: !DNP3_READ_ONLY.has(functionCode),
      call: (id) => ({ op: 'dnp3.raw', id, functionCode, headers }),
    },
  };
}

function iec104Label(a: Iec104RawAsdu): string {
  const ioas = a.objects.map((o) => o.ioa);
  const where = ioas.length === 1 ? `IOA ${ioas[0]}` : `IOA ${ioas[0]}..${ioas.at(-1)} (${ioas.length})`;
  return `raw ${typeName(a.typeId)} (${a.typeId}) ${causeName(a.cause)}${a.negative ? ' negative' : ''} CA ${a.commonAddress} ${where}`;
}

function prepareIec104(json: unknown): Result<PreparedRaw> {
  const parsed = parseRawAsdu(json);
  if (!parsed.ok) return parsed;
  const asdu = parsed.value;
  return { ok: true, value: { label: iec104Label(asdu), changesDevice: rawAsduChangesDevice(asdu), call: (id) => ({ op: 'iec104.raw', id, asdu }) } };
}

/**
 * Checks a raw request description for a protocol. Errors: BAD_RANGES (DNP3) or BAD_ASDU
 * (IEC 104), the message naming the field. `functionOverride` (DNP3: a function code name
 * or number) replaces the description's `function`.
 */
export function prepareRawRequest(protocol: Protocol, json: unknown, functionOverride?: string): Result<PreparedRaw> {
  return protocol === 'dnp3' ? prepareDnp3(json, functionOverride) : prepareIec104(json);
}
