/**
 * The simulator's control handling: SELECT / OPERATE with a select timeout and the
 * operate matching the select byte for byte (and following it in sequence), DIRECT_OPERATE
 * and DIRECT_OPERATE_NR, for CROB (g12v1 -> bo; NUL succeeds without operating) and analog
 * output blocks (g41 -> ao).
 * Returns the echo with each object's status octet set.
 */
import { CommandStatus } from '../app/command-status';
import { FunctionCode } from '../app/control';
import type { ParsedFragment } from '../app/fragment';
import { CrobOp, CrobTcc } from '../app/objects/control';
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
  selectTimeoutMs: number,
  timeMs: number,
): ControlOutcome {
  const echo = objects.slice();
  const fc = req.function;
  let iin = 0;
  let status: number | null = null;
  if (fc === FunctionCode.OPERATE) {
    if (!select || !sameBytes(select.objects, objects) || ((select.seq + 1) & 0x0f) !== req.control.seq) status = CommandStatus.NO_SELECT!;
    else if (nowMs - select.atMs > selectTimeoutMs) status = CommandStatus.TIMEOUT!;
  }
  const execute = fc !== FunctionCode.SELECT && status === null;
  for (const h of req.headers) {
    const isCrob = h.group === 12 && h.variation === 1;
    const isAob = h.group === 41 && h.variation >= 1 && h.variation <= 4;
    if (!isCrob && !isAob) {
      iin |= 0x0200; // OBJECT_UNKNOWN
      continue;
    }
    for (const o of h.objects) {
      if (!('data' in o)) continue;
      let st = status ?? CommandStatus.SUCCESS!;
      const type = isCrob ? 'bo' : 'ao';
      if (o.index >= db.values[type].length) st = CommandStatus.NOT_SUPPORTED!;
      else if (isCrob) {
        const code = Number(o.data.code);
        const op = code & 0x0f;
        const tcc = code & 0xc0;
        const on = tcc === CrobTcc.CLOSE || op === CrobOp.LATCH_ON || (tcc === 0 && op === CrobOp.PULSE_ON);
        const off = tcc === CrobTcc.TRIP || op === CrobOp.LATCH_OFF || (tcc === 0 && op === CrobOp.PULSE_OFF);
        // NUL (no trip-close code, op NUL) is accepted and operates nothing
        const nul = tcc === CrobTcc.NUL && op === CrobOp.NUL;
        if (!on && !off && !nul) st = CommandStatus.NOT_SUPPORTED!;
        else if (execute && st === 0 && !nul) db.update('bo', o.index, on, timeMs);
      } else if (execute && st === 0) {
        db.update('ao', o.index, Number(o.data.value), timeMs);
      }
      // the status octet is the last octet of both g12v1 and g41 objects; objects start at fragment offset 2
      echo[o.offset - 2 + o.length - 1] = st;
    }
  }
  const keep = fc === FunctionCode.SELECT && iin === 0 ? { objects: objects.slice(), seq: req.control.seq, atMs: nowMs } : null;
  return { echo, select: keep, iin };
}
