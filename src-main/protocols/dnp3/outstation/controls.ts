/**
 * The simulator's control handling: SELECT / OPERATE with a select timeout and the
 * operate matching the select byte for byte (and following it in sequence), DIRECT_OPERATE
 * and DIRECT_OPERATE_NR, for CROB (g12v1 -> bo; NUL succeeds without operating) and analog
 * output blocks (g41 -> ao).
 * Returns the echo with each object's status octet set, as real outstations do: an index
 * it does not have is NOT_SUPPORTED with IIN2.2 PARAMETER_ERROR, and a point configured
 * with a status (LOCAL for a device in local mode, BLOCKED...) refuses with that status.
 */
import { CommandStatus } from '../app/command-status';
import { FunctionCode } from '../app/control';
import type { ParsedFragment } from '../app/fragment';
import { Iin } from '../app/iin';
import { CrobOp, CrobTcc } from '../app/objects/control';
import type { DataValue } from '../app/objects/types';
import type { ResolvedOutstationConfig } from './config';
import type { SimDatabase } from './database';

/** The select the outstation remembers. */
export interface SelectState {
  objects: Uint8Array;
  seq: number;
  atMs: number;
}

/** Outcome of a control request: the echo octets and the select to remember. */
export interface ControlOutcome {
  echo: Uint8Array;
  select: SelectState | null;
  /** IIN2 bits to report (e.g. OBJECT_UNKNOWN, PARAMETER_ERROR). */
  iin: number;
}

function sameBytes(a: Uint8Array, b: Uint8Array): boolean {
  return a.length === b.length && a.every((x, i) => x === b[i]);
}

/** Handles SELECT, OPERATE, DIRECT_OPERATE(_NR). `objects` are the request's object octets. */
export function handleControl(
  req: ParsedFragment,
  objects: Uint8Array,
  db: SimDatabase,
  select: SelectState | null,
  nowMs: number,
  cfg: Pick<ResolvedOutstationConfig, 'selectTimeoutMs' | 'controlStatus'>,
  timeMs: number,
  responseSeq = req.control.seq,
): ControlOutcome {
  const echo = objects.slice();
  const fc = req.function;
  let iin = 0;
  let allSuccess = true;
  let status: number | null = null;
  if (fc === FunctionCode.OPERATE) {
    if (!select || !sameBytes(select.objects, objects) || ((select.seq + 1) & 0x0f) !== req.control.seq) status = CommandStatus.NO_SELECT!;
    else if (nowMs - select.atMs > cfg.selectTimeoutMs) status = CommandStatus.TIMEOUT!;
  }
  const execute = fc !== FunctionCode.SELECT && status === null;
  for (const h of req.headers) {
    const isCrob = h.group === 12 && h.variation === 1;
    const isAob = h.group === 41 && h.variation >= 1 && h.variation <= 4;
    if (!isCrob && !isAob) {
      iin |= Iin.OBJECT_UNKNOWN;
      continue;
    }
    const type = isCrob ? 'bo' : 'ao';
    for (const o of h.objects) {
      if (!('data' in o)) continue;
      const st = objectStatus(type, o.index, o.data, db, cfg.controlStatus, status);
      if (st === CommandStatus.SUCCESS && execute) apply(type, o.index, o.data, db, timeMs);
      // As opendnp3 does: an object the outstation does not have (or a code it cannot do) also sets IIN2.2.
      if (st === CommandStatus.NOT_SUPPORTED) iin |= Iin.PARAMETER_ERROR;
      if (st !== CommandStatus.SUCCESS) allSuccess = false;
      // the status octet is the last octet of both g12v1 and g41 objects; objects start at fragment offset 2
      echo[o.offset - 2 + o.length - 1] = st;
    }
  }
  // the operate follows the response that confirmed the select (under Secure Authentication that answers the reply)
  const keep = fc === FunctionCode.SELECT && iin === 0 && allSuccess ? { objects: objects.slice(), seq: responseSeq, atMs: nowMs } : null;
  return { echo, select: keep, iin };
}

/** What a CROB's control code asks for: on, off, NUL (operates nothing) or something the simulator cannot do. */
function crobAction(code: number): 'on' | 'off' | 'nul' | null {
  const op = code & 0x0f;
  const tcc = code & 0xc0;
  if (tcc === CrobTcc.CLOSE || op === CrobOp.LATCH_ON || (tcc === 0 && op === CrobOp.PULSE_ON)) return 'on';
  if (tcc === CrobTcc.TRIP || op === CrobOp.LATCH_OFF || (tcc === 0 && op === CrobOp.PULSE_OFF)) return 'off';
  return tcc === CrobTcc.NUL && op === CrobOp.NUL ? 'nul' : null;
}

/**
 * The status of one control object: NOT_SUPPORTED for an index the outstation does not have
 * or a code it cannot do, the point's configured status (e.g. LOCAL), then the request's
 * own (NO_SELECT, TIMEOUT), else SUCCESS.
 */
function objectStatus(type: 'bo' | 'ao', index: number, data: DataValue, db: SimDatabase, controlStatus: Readonly<Record<string, number>>, requestStatus: number | null): number {
  if (index >= db.values[type].length) return CommandStatus.NOT_SUPPORTED!;
  const configured = controlStatus[`${type}:${index}`];
  if (configured !== undefined) return configured;
  if (requestStatus !== null) return requestStatus;
  if (type === 'bo' && crobAction(Number(data.code)) === null) return CommandStatus.NOT_SUPPORTED!;
  return CommandStatus.SUCCESS!;
}

/** Executes a successful control: the output takes the commanded state or value. */
function apply(type: 'bo' | 'ao', index: number, data: DataValue, db: SimDatabase, timeMs: number): void {
  if (type === 'ao') return db.update('ao', index, Number(data.value), timeMs);
  const action = crobAction(Number(data.code));
  if (action === 'on' || action === 'off') db.update('bo', index, action === 'on', timeMs);
}
