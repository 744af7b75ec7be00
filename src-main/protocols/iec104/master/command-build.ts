/**
 * Maps a protocol-neutral command request onto an IEC 104 command: the type (single,
 * double, regulating step, set-point, bitstring; time-tagged 58-64 on request), the
 * information object (state, QU or QL) and whether it is selected first.
 */
import type { CommandRequest, ControlAction } from '../../../../src-shared/session';
import { allTypes, typeByName, typeName } from '../asdu/type-table';
import type { InfoObject } from '../asdu/types';
import type { Iec104CommandPoint, ResolvedMasterConfig } from './config';

/** A command ready to send: type id, the object without S/E and time, and the procedure. */
export interface BuiltCommand {
  typeId: number;
  typeName: string;
  ca: number;
  ioa: number;
  obj: InfoObject;
  sbo: boolean;
  feedbackIoa: number | null;
}

const NUL_MESSAGE = 'nul (CROB NUL) is a DNP3 control: IEC 104 has no command that operates nothing';

/** Why a command cannot be sent: its type, its value, or another field of the request. */
export type CommandProblemCode = 'BAD_TYPE' | 'BAD_VALUE' | 'BAD_REQUEST';

/** A command refused before anything is sent. */
export interface CommandProblem {
  code: CommandProblemCode;
  message: string;
}

/** A built command, or why it cannot be sent. */
export type BuildResult = { ok: true; value: BuiltCommand } | { ok: false; error: CommandProblem };

function bad(message: string, code: CommandProblemCode = 'BAD_REQUEST'): BuildResult {
  return { ok: false, error: { code, message } };
}

/** Parses an `ioa:N` reference. */
function parseIoaRef(ref: string): number | null {
  const m = /^ioa:(\d{1,8})$/.exec(ref);
  if (m === null) return null;
  const n = Number(m[1]);
  return n <= 0xffffff ? n : null;
}

function defaultType(action: Exclude<ControlAction['action'], 'nul'>): string {
  switch (action) {
    case 'on':
    case 'off':
    case 'pulseOn':
    case 'pulseOff':
      return 'C_SC_NA_1';
    case 'trip':
    case 'close':
      return 'C_DC_NA_1';
    case 'step':
      return 'C_RC_NA_1';
    case 'setpoint':
      return 'C_SE_NC_1';
  }
}

/** The state value of the command for its base type (45..51), or an error text. */
function stateValue(a: ControlAction, base: number): number | boolean | string {
  const on = a.action === 'on' || a.action === 'pulseOn' || a.action === 'close';
  const off = a.action === 'off' || a.action === 'pulseOff' || a.action === 'trip';
  switch (base) {
    case 45: // SCS: 0 off, 1 on
      return on ? true : off ? false : `${a.action} does not fit a single command`;
    case 46: // DCS: 1 off, 2 on
      return on ? 2 : off ? 1 : `${a.action} does not fit a double command`;
    case 47: // RCS: 1 next step lower, 2 next step higher
      return a.action === 'step' ? (a.direction === 'up' ? 2 : 1) : `${a.action} does not fit a regulating step command`;
    default: // 48..51 set-points and bitstring
      return a.action === 'setpoint' ? a.value : `${a.action} does not fit ${base === 51 ? 'a bitstring' : 'a set-point'} command`;
  }
}

const FLOAT32_MAX = 3.4028234663852886e38;

/** Why a set-point or bitstring value does not fit its information element, or null. */
function valueProblem(base: number, value: number): string | null {
  switch (base) {
    case 48: // NVA: -1 .. 1 - 2^-15 (1 itself is sent as the largest value)
      return value >= -1 && value <= 1 ? null : `normalized set-point ${value} is outside -1 .. 1`;
    case 49: // SVA: 16-bit signed
      if (!Number.isInteger(value)) return `scaled set-point ${value} is not an integer`;
      return value >= -32768 && value <= 32767 ? null : `scaled set-point ${value} is outside -32768 .. 32767`;
    case 50: // IEEE 754 single precision
      return Number.isFinite(value) && Math.abs(value) <= FLOAT32_MAX ? null : `short floating point set-point ${value} is not a finite 32-bit float`;
    case 51: // BSI: 32 bits
      return Number.isInteger(value) && value >= 0 && value <= 0xffffffff ? null : `bitstring ${value} is not an integer 0 .. 4294967295`;
    default:
      return null;
  }
}

/** Why a qualifier, IOA or common address does not fit its field, or null. */
function fieldProblem(base: number, qualifier: number | undefined, ioa: number, ca: number, config: ResolvedMasterConfig): string | null {
  const fits = (v: number, max: number): boolean => Number.isInteger(v) && v >= 0 && v <= max;
  if (qualifier !== undefined && base <= 47 && !fits(qualifier, 31)) return `QU ${qualifier} is outside 0..31`;
  if (qualifier !== undefined && base >= 48 && base <= 50 && !fits(qualifier, 127)) return `QL ${qualifier} is outside 0..127`;
  const { ioaSize, caSize } = config.asdu;
  if (!fits(ioa, 2 ** (8 * ioaSize) - 1)) return `IOA ${ioa} does not fit the ${ioaSize}-octet information object address`;
  if (!fits(ca, 2 ** (8 * caSize) - 1)) return `common address ${ca} does not fit the ${caSize}-octet common address`;
  return null;
}

/**
 * The command type (given, else the action's default) and the information element's
 * value: BAD_TYPE when the name is no command type or does not fit the action (`on` as
 * a set-point), BAD_VALUE when the value does not fit the element.
 */
function commandValue(
  name: string | undefined,
  action: Exclude<ControlAction, { action: 'nul' }>,
): { ok: true; value: { id: number; base: number; value: number | boolean } } | { ok: false; error: CommandProblem } {
  const chosen = name ?? defaultType(action.action);
  const spec = typeByName(chosen);
  if (spec === undefined || spec.direction !== 'control') {
    const known = allTypes().filter((t) => t.direction === 'control').map((t) => t.name);
    return { ok: false, error: { code: 'BAD_TYPE', message: `${chosen} is not a command type (${known.join(', ')})` } };
  }
  const base = spec.id >= 58 ? spec.id - 13 : spec.id;
  const value = stateValue(action, base);
  if (typeof value === 'string') return { ok: false, error: { code: 'BAD_TYPE', message: value } };
  const problem = typeof value === 'number' ? valueProblem(base, value) : null;
  if (problem !== null) return { ok: false, error: { code: 'BAD_VALUE', message: problem } };
  return { ok: true, value: { id: spec.id, base, value } };
}

/**
 * Checks a command's type and value before any connection: null when a command of type
 * `name` (default: the action's) can carry `action`, else BAD_TYPE or BAD_VALUE naming
 * the problem. The addresses are checked when the command is built for a session.
 */
export function commandProblem(name: string | undefined, action: ControlAction): CommandProblem | null {
  if (action.action === 'nul') return { code: 'BAD_REQUEST', message: NUL_MESSAGE };
  const typed = commandValue(name, action);
  return typed.ok ? null : typed.error;
}

/** Builds the command for a request, or BAD_TYPE / BAD_VALUE / BAD_REQUEST naming the problem. */
export function buildCommand(req: CommandRequest, config: ResolvedMasterConfig): BuildResult {
  const ioa = parseIoaRef(req.target);
  if (ioa === null) return bad(`target ${req.target} is not an ioa:N reference`);
  if (req.action.action === 'nul') return bad(NUL_MESSAGE);
  const point: Iec104CommandPoint = config.commandPoints[ioa] ?? {};
  const typed = commandValue(req.type ?? point.type, req.action);
  if (!typed.ok) return bad(typed.error.message, typed.error.code);
  const { base, value } = typed.value;
  const timed = req.timeTagged === true || typed.value.id >= 58;
  const typeId = timed ? base + 13 : base;
  const ca = req.commonAddress ?? (config.commonAddresses[0] as number);
  const problem = fieldProblem(base, req.qualifier, ioa, ca, config);
  if (problem !== null) return bad(problem);
  const obj: InfoObject = { ioa, value, quality: [] };
  if (base <= 47) {
    const pulse = req.action.action === 'pulseOn' || req.action.action === 'pulseOff';
    obj.qualifier = req.qualifier ?? (pulse ? 1 : 0); // QU: 0 none, 1 short pulse, 2 long pulse, 3 persistent
  } else if (base <= 50) {
    obj.qualifier = req.qualifier ?? 0; // QL
  }
  return {
    ok: true,
    value: {
      typeId,
      typeName: typeName(typeId),
      ca,
      ioa,
      obj,
      // A bitstring command has no S/E bit: always direct.
      sbo: base !== 51 && req.mode === 'sbo',
      feedbackIoa: point.feedbackIoa ?? null,
    },
  };
}
