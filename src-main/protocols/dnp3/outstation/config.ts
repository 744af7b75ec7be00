/** Configuration of the DNP3 outstation simulator core, with defaults. */
import type { DecodeLevel } from '../../../../src-shared/session';
import { valueModelProblem, type SimValueModel } from '../../../../src-shared/simulation/value-model';
import { MAX_DEVICE_ADDRESS } from '../link/frame';
import { scriptProblem, type Dnp3ScriptedResponse } from './scripted-responses';
import type { OutstationSaConfig } from '../secure-auth/outstation-auth';
import type { Dnp3FileServerConfig } from './file-server';

/** Point types the simulator holds. */
export type SimPointType = 'bi' | 'dbi' | 'bo' | 'ai' | 'ao' | 'ctr' | 'fc';

/** Event class of a point type (0 = no events). */
export type SimClass = 0 | 1 | 2 | 3;

/** All point types, in static (class 0) report order. */
export const SIM_TYPES: readonly SimPointType[] = ['bi', 'dbi', 'bo', 'ctr', 'fc', 'ai', 'ao'];

/** The value model of one simulated point. */
export interface Dnp3SimModelPoint {
  type: SimPointType;
  index: number;
  model: SimValueModel;
}

/** Modelled values: every `tickMs`, each listed point moves by its model (and reports an event when it changed). */
export interface Dnp3SimModels {
  tickMs: number;
  points: Dnp3SimModelPoint[];
}

/** What an outstation simulator is configured with. Every field is optional. */
export interface Dnp3OutstationConfig {
  /** Link address of this outstation (default 10). */
  outstationAddress?: number;
  /** Link address of the master it answers (default 1). */
  masterAddress?: number;
  /**
   * Answer any master address, replying to whichever source sent the request (default
   * false: frames from other sources are dropped). Simulates a device without source
   * address validation.
   */
  anyMaster?: boolean;
  /** Points of each type (default 10 each). */
  counts?: Partial<Record<SimPointType, number>>;
  /** Event class of each type (default bi/dbi/bo 1, ai/ao 2, ctr/fc 3). */
  classes?: Partial<Record<SimPointType, SimClass>>;
  /** Events each class buffer holds before EVENT_BUFFER_OVERFLOW (default 1000). */
  eventBufferSize?: number;
  /** Whether unsolicited responses are supported (default true): a null unsolicited at startup, events once enabled. */
  unsolicited?: boolean;
  /** Confirm timeout of unsolicited and multi-fragment responses, ms (default 5000). */
  confirmTimeoutMs?: number;
  /** Select-before-operate timeout, ms (default 5000). */
  selectTimeoutMs?: number;
  /**
   * Control status a point answers every SELECT and OPERATE with, keyed `bo:N` / `ao:N`
   * (IEEE 1815 control status codes, e.g. 7 LOCAL for a device in local mode, 15 BLOCKED).
   * A LOCAL point also sets IIN1.5 LOCAL_CONTROL. Default none.
   */
  controlStatus?: Record<string, number>;
  /** Largest response fragment, 249 to 65536 octets (default 2048). */
  maxFragmentSize?: number;
  /** Values that change on a schedule: every `intervalMs`, `pointsPerTick` points (default 1). */
  changes?: { intervalMs: number; mode: 'randomWalk' | 'toggle'; pointsPerTick?: number };
  /** Flood mode: this many analog input events per second, generated every `tickMs` (default 10). */
  flood?: { eventsPerSecond: number; tickMs?: number };
  /** Values that move by a model of each point (mean-reverting analogs, rare breaker changes...); they start at the model's initial value. */
  models?: Dnp3SimModels;
  /**
   * Scripted answers: a request matching an entry's function code and object headers is
   * answered with its objects (and the normal IIN), not from the database (default none).
   */
  scripted?: Dnp3ScriptedResponse[];
  /** Seed of the value generator (default 1). */
  seed?: number;
  /** UTC = nowMs + epochOffsetMs before the master sets the clock (default 0). */
  epochOffsetMs?: number;
  /** Link layer: send CONFIRMED_USER_DATA and wait for link ACKs (default false). */
  linkConfirmed?: boolean;
  /** Analyzer decode level (default 'off'). */
  decodeLevel?: DecodeLevel;
  /**
   * Secure Authentication v5: challenge every critical request and execute it only when
   * the reply authenticates a known user whose role permits it (default none).
   */
  secureAuth?: OutstationSaConfig;
  /** File transfer (g70): the files served, and the password reading them needs (default none: no file transfer). */
  files?: Dnp3FileServerConfig;
}

/** The configuration with every default applied. */
export interface ResolvedOutstationConfig {
  outstationAddress: number;
  masterAddress: number;
  anyMaster: boolean;
  counts: Record<SimPointType, number>;
  classes: Record<SimPointType, SimClass>;
  eventBufferSize: number;
  files: Dnp3FileServerConfig | null;
  unsolicited: boolean;
  confirmTimeoutMs: number;
  selectTimeoutMs: number;
  controlStatus: Readonly<Record<string, number>>;
  maxFragmentSize: number;
  changes: { intervalMs: number; mode: 'randomWalk' | 'toggle'; pointsPerTick: number } | null;
  flood: { eventsPerSecond: number; tickMs: number } | null;
  models: Dnp3SimModels | null;
  scripted: readonly Dnp3ScriptedResponse[];
  seed: number;
  epochOffsetMs: number;
  linkConfirmed: boolean;
  decodeLevel: DecodeLevel;
  secureAuth: OutstationSaConfig | null;
}

/** Applies the defaults; throws a RangeError naming the first field out of range. */
export function resolveOutstationConfig(c: Dnp3OutstationConfig): ResolvedOutstationConfig {
  const counts = { bi: 10, dbi: 10, bo: 10, ai: 10, ao: 10, ctr: 10, fc: 10, ...c.counts };
  const classes: Record<SimPointType, SimClass> = { bi: 1, dbi: 1, bo: 1, ai: 2, ao: 2, ctr: 3, fc: 3, ...c.classes };
  const r: ResolvedOutstationConfig = {
    outstationAddress: c.outstationAddress ?? 10,
    masterAddress: c.masterAddress ?? 1,
    anyMaster: c.anyMaster ?? false,
    counts,
    classes,
    eventBufferSize: c.eventBufferSize ?? 1000,
    unsolicited: c.unsolicited ?? true,
    confirmTimeoutMs: c.confirmTimeoutMs ?? 5000,
    selectTimeoutMs: c.selectTimeoutMs ?? 5000,
    controlStatus: { ...c.controlStatus },
    maxFragmentSize: c.maxFragmentSize ?? 2048,
    changes: c.changes ? { ...c.changes, pointsPerTick: c.changes.pointsPerTick ?? 1 } : null,
    flood: c.flood ? { eventsPerSecond: c.flood.eventsPerSecond, tickMs: c.flood.tickMs ?? 10 } : null,
    models: c.models ?? null,
    scripted: c.scripted ?? [],
    seed: c.seed ?? 1,
    epochOffsetMs: c.epochOffsetMs ?? 0,
    secureAuth: c.secureAuth ?? null,
    files: c.files ?? null,
    linkConfirmed: c.linkConfirmed ?? false,
    decodeLevel: c.decodeLevel ?? 'off',
  };
  const problem = outstationConfigProblem(r);
  if (problem !== null) throw new RangeError(`DNP3 outstation configuration: ${problem}`);
  return r;
}

/** The first out-of-range field of a resolved configuration, or null. */
function outstationConfigProblem(r: ResolvedOutstationConfig): string | null {
  const int = (v: number, min: number, max: number): boolean => Number.isInteger(v) && v >= min && v <= max;
  for (const k of ['outstationAddress', 'masterAddress'] as const) {
    if (!int(r[k], 0, MAX_DEVICE_ADDRESS)) return `${k} ${r[k]} must be an integer from 0 to ${MAX_DEVICE_ADDRESS}`;
  }
  for (const t of SIM_TYPES) {
    // indices are 16-bit on the wire
    if (!int(r.counts[t], 0, 65536)) return `counts.${t} ${r.counts[t]} must be an integer from 0 to 65536`;
    if (!int(r.classes[t], 0, 3)) return `classes.${t} ${r.classes[t]} must be 0, 1, 2 or 3`;
  }
  if (!int(r.eventBufferSize, 1, Number.MAX_SAFE_INTEGER)) return `eventBufferSize ${r.eventBufferSize} must be an integer, 1 or more`;
  if (!int(r.maxFragmentSize, 249, 65536)) return `maxFragmentSize ${r.maxFragmentSize} must be an integer from 249 to 65536`;
  for (const k of ['confirmTimeoutMs', 'selectTimeoutMs'] as const) if (!(Number.isFinite(r[k]) && r[k] > 0)) return `${k} ${r[k]} must be over 0`;
  for (const [key, status] of Object.entries(r.controlStatus)) {
    if (!/^(bo|ao):\d+$/.test(key)) return `controlStatus key '${key}' must be bo:N or ao:N`;
    if (!int(status, 1, 255)) return `controlStatus.${key} ${status} must be a control status code from 1 to 255`;
  }
  if (r.changes) {
    if (!(Number.isFinite(r.changes.intervalMs) && r.changes.intervalMs > 0)) return `changes.intervalMs ${r.changes.intervalMs} must be over 0`;
    if (!int(r.changes.pointsPerTick, 1, Number.MAX_SAFE_INTEGER)) return `changes.pointsPerTick ${r.changes.pointsPerTick} must be an integer, 1 or more`;
    if (r.changes.mode !== 'randomWalk' && r.changes.mode !== 'toggle') return `changes.mode ${String(r.changes.mode)} must be randomWalk or toggle`;
  }
  if (r.flood) {
    if (!(Number.isFinite(r.flood.eventsPerSecond) && r.flood.eventsPerSecond >= 0)) return `flood.eventsPerSecond ${r.flood.eventsPerSecond} must be 0 or more`;
    if (!(Number.isFinite(r.flood.tickMs) && r.flood.tickMs > 0)) return `flood.tickMs ${r.flood.tickMs} must be over 0`;
  }
  if (r.models) {
    const problem = modelsProblem(r.models, r.counts);
    if (problem !== null) return problem;
  }
  const script = scriptProblem(r.scripted, r.maxFragmentSize);
  if (script !== null) return script;
  if (!Number.isFinite(r.epochOffsetMs)) return `epochOffsetMs ${r.epochOffsetMs} must be a finite number`;
  if (!['off', 'summary', 'full'].includes(r.decodeLevel)) return `decodeLevel ${r.decodeLevel} must be off, summary or full`;
  return null;
}

/** The first problem of the value models: a tick over 0, points that exist, valid models. */
function modelsProblem(m: Dnp3SimModels, counts: Record<SimPointType, number>): string | null {
  if (!(Number.isFinite(m.tickMs) && m.tickMs > 0)) return `models.tickMs ${m.tickMs} must be over 0`;
  for (const p of m.points) {
    if (!SIM_TYPES.includes(p.type) || !(Number.isInteger(p.index) && p.index >= 0 && p.index < counts[p.type])) return `models: ${p.type}:${p.index} is not a simulated point`;
    const problem = valueModelProblem(p.model);
    if (problem !== null) return `models ${p.type}:${p.index}: ${problem}`;
  }
  return null;
}
