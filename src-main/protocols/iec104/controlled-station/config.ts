/**
 * Configuration of the controlled-station simulator: APCI and ASDU parameters, points of
 * the monitor types per common address, command points, spontaneous changes, flood mode
 * and clock.
 */
import type { Result } from '../../../../src-shared/ipc/result';
import { valueModelProblem, type SimValueModel } from '../../../../src-shared/simulation/value-model';
import { typeByName } from '../asdu/type-table';
import type { AsduParams } from '../asdu/types';
import { apciProblem, resolveApciParams } from '../apci/parameters';
import type { ApciParams } from '../apci/connection';
import { FILE_DIRECTORY_IOA, MASTER_DEFAULTS } from '../master/config';
import type { StationFiles } from './station-files';
import { maxSegmentSize } from '../asdu/codec';

/** One simulated monitor point. */
export interface Iec104StationPoint {
  ioa: number;
  /** Monitor type name, e.g. `M_ME_NC_1`, `M_SP_TB_1`, `M_IT_NA_1`. */
  type: string;
  /** Common address (default: the station's first). */
  commonAddress?: number;
  /** Initial value (default 0 / false). */
  value?: number | boolean;
  /** Interrogation group 1-16 (counters: 1-4); 0 = station interrogation only (default 0). */
  group?: number;
  /** How the value moves on the `models` schedule (it then starts at the model's initial value unless `value` is given). */
  model?: SimValueModel;
}

/** The schedule of modelled values: every `tickMs`, each point with a model moves and is sent spontaneously when it changed. */
export interface Iec104ModelSchedule {
  tickMs: number;
  /** Seed of the value generator (default 1). */
  seed?: number;
}

/** One command point: the command type accepted at an IOA and its status point. */
export interface Iec104StationCommand {
  ioa: number;
  /** Command type name without time tag (`C_SC_NA_1`...); the time-tagged variant is also accepted. */
  type: string;
  commonAddress?: number;
  /** Require select-before-execute (default false: both procedures accepted). */
  selectRequired?: boolean;
  /** Status point updated by the command and reported with COT 11 (retrem). */
  feedbackIoa?: number;
  /** Refuse every activation with a negative confirm (for tests). */
  refuse?: boolean;
  /** Terminate this command with ACTTERM (default: the station's `actTerm`). */
  actTerm?: boolean;
}

/** The schedule of spontaneous changes. */
export interface Iec104ChangeSchedule {
  everyMs: number;
  count: number;
  /** Only these IOAs change (default: every point). */
  ioas?: number[];
}

/** Flood mode for benchmarks: N ASDUs per second of `objectsPerAsdu` objects each. */
export interface Iec104FloodConfig {
  asduPerSecond: number;
  objectsPerAsdu: number;
  /** First IOA of the flooded points (default 100000). */
  firstIoa?: number;
  /** Pacing tick (default 10 ms). */
  tickMs?: number;
  /** Cause of transmission: periodic (default) or spontaneous (events, as a busy substation reports them). */
  cause?: 'periodic' | 'spontaneous';
}

/** File transfer served by the simulator: its files and how the simulated device behaves. */
export interface Iec104FileServing {
  /** The files, shared by every connection of the station (the host replaces them when its folder changes). */
  files: StationFiles;
  /** IOA of the directory: every file is named by its NOF at this IOA (default 4096). */
  directoryIoa?: number;
  /** Octets per section (default 2048). */
  sectionSize?: number;
  /** Octets per segment (default: the most one APDU carries, 236 with IEC 104's field sizes). */
  segmentSize?: number;
  /**
   * Announce the next section (F_SR_NA_1) right after a section's last segment, without
   * waiting for its acknowledgement, as some devices do (default false: wait for the F_AF_NA_1
   * of each section, as the standard's sequence shows).
   */
  eagerSections?: boolean;
  /** Send a wrong checksum, of the first section of every transfer or of the whole file (for tests; default none). */
  corruptChecksum?: 'section' | 'file' | null;
  /** How often each connection checks whether the directory changed, to report it spontaneously (default 1000 ms; 0 never). */
  watchMs?: number;
}

/** Octets per section when `sectionSize` is not given. */
export const FILE_SECTION_SIZE = 2048;

/** File serving with every default filled in. */
export type ResolvedFileServing = Required<Iec104FileServing>;

/** What `createIec104Station` takes; every field is optional. */
export interface Iec104StationConfig extends Partial<ApciParams> {
  cotSize?: 1 | 2;
  caSize?: 1 | 2;
  ioaSize?: 1 | 2 | 3;
  /** Common addresses served (default [1]). */
  commonAddresses?: number[];
  /** Monitor points (default: `defaultStationPoints(0)`). */
  points?: Iec104StationPoint[];
  /** Command points (default: `defaultStationCommands()`). */
  commands?: Iec104StationCommand[];
  /** Spontaneous changes: every `everyMs`, the next `count` points (of `ioas`, default all) change, round robin. */
  changes?: Iec104ChangeSchedule;
  /** Flood mode (replaces spontaneous changes and models). */
  flood?: Iec104FloodConfig;
  /** Points with a `model` move on this schedule. */
  models?: Iec104ModelSchedule;
  /** How long a select stays valid without execute (default 10000 ms). */
  selectTimeoutMs?: number;
  /**
   * Terminate executed commands with ACTTERM (default true). False behaves as the many
   * stations that confirm with ACTCON only (lib60870's example server for single commands).
   */
  actTerm?: boolean;
  /** Delay from the execute ACTCON to ACTTERM, e.g. a motor-driven switch (default 0). */
  actTermDelayMs?: number;
  /** Wall clock: UTC epoch ms = nowMs + epochOffsetMs (set by the driver; default 0). */
  epochOffsetMs?: number;
  /** The simulated device clock's error against the wall clock (default 0). */
  clockErrorMs?: number;
  /** Send M_EI_NA_1 (end of initialization) after the first STARTDT (default true). */
  endOfInit?: boolean;
  /** Number of links this session owns (redundancy mode; default 1). */
  links?: number;
  /** Serve files for transfer (default none: file transfer types are refused as unknown). */
  files?: Iec104FileServing;
}

/** Validated configuration with defaults. */
export interface ResolvedStationConfig extends ApciParams {
  asdu: AsduParams;
  commonAddresses: number[];
  points: Iec104StationPoint[];
  commands: Iec104StationCommand[];
  changes: Iec104ChangeSchedule | null;
  flood: Required<Iec104FloodConfig> | null;
  models: Required<Iec104ModelSchedule> | null;
  selectTimeoutMs: number;
  actTerm: boolean;
  actTermDelayMs: number;
  epochOffsetMs: number;
  clockErrorMs: number;
  endOfInit: boolean;
  links: number;
  files: ResolvedFileServing | null;
}

/**
 * Interrogation group of each monitor type of `defaultStationPoints`, as stations are
 * commonly set up: 1 indications (single, double, status and change detection), 2 step
 * positions and bit strings, 3 measured values; the extra M_ME_NC_1 points are group 4.
 */
const DEFAULT_GROUP: Readonly<Record<string, number>> = {
  M_SP_NA_1: 1, M_DP_NA_1: 1, M_PS_NA_1: 1, M_SP_TB_1: 1, M_DP_TB_1: 1,
  M_ST_NA_1: 2, M_BO_NA_1: 2, M_ST_TB_1: 2, M_BO_TB_1: 2,
  M_ME_NA_1: 3, M_ME_NB_1: 3, M_ME_NC_1: 3, M_ME_ND_1: 3, M_ME_TD_1: 3, M_ME_TE_1: 3, M_ME_TF_1: 3,
};

/**
 * A point of each monitor type at IOA 1001.., then `floats` M_ME_NC_1 points from IOA 3001,
 * in interrogation groups 1-4 (see DEFAULT_GROUP); the integrated totals 2001 and 2002 are
 * counter groups 1 and 2.
 */
export function defaultStationPoints(floats: number): Iec104StationPoint[] {
  const types = [
    'M_SP_NA_1', 'M_DP_NA_1', 'M_ST_NA_1', 'M_BO_NA_1', 'M_ME_NA_1', 'M_ME_NB_1', 'M_ME_NC_1', 'M_PS_NA_1',
    'M_ME_ND_1', 'M_SP_TB_1', 'M_DP_TB_1', 'M_ST_TB_1', 'M_BO_TB_1', 'M_ME_TD_1', 'M_ME_TE_1', 'M_ME_TF_1',
  ];
  const points: Iec104StationPoint[] = types.map((type, i) => ({ ioa: 1001 + i, type, group: DEFAULT_GROUP[type] }));
  points.push({ ioa: 2001, type: 'M_IT_NA_1', group: 1 }, { ioa: 2002, type: 'M_IT_TB_1', group: 2 });
  for (let i = 0; i < floats; i++) points.push({ ioa: 3001 + i, type: 'M_ME_NC_1', value: i, group: 4 });
  return points;
}

/** Command points at IOA 5001.. with their status points (1001.. of `defaultStationPoints`). */
export function defaultStationCommands(): Iec104StationCommand[] {
  return [
    { ioa: 5001, type: 'C_SC_NA_1', feedbackIoa: 1001 },
    { ioa: 5002, type: 'C_DC_NA_1', feedbackIoa: 1002, selectRequired: true },
    { ioa: 5003, type: 'C_RC_NA_1', feedbackIoa: 1003 },
    { ioa: 5004, type: 'C_BO_NA_1', feedbackIoa: 1004 },
    { ioa: 5005, type: 'C_SE_NA_1', feedbackIoa: 1005 },
    { ioa: 5006, type: 'C_SE_NB_1', feedbackIoa: 1006 },
    { ioa: 5007, type: 'C_SE_NC_1', feedbackIoa: 1007 },
  ];
}

function resolveFiles(f: Iec104FileServing, p: AsduParams): ResolvedFileServing {
  return {
    files: f.files,
    directoryIoa: f.directoryIoa ?? FILE_DIRECTORY_IOA,
    sectionSize: f.sectionSize ?? FILE_SECTION_SIZE,
    segmentSize: f.segmentSize ?? maxSegmentSize(p),
    eagerSections: f.eagerSections ?? false,
    corruptChecksum: f.corruptChecksum ?? null,
    watchMs: f.watchMs ?? 1000,
  };
}

function filesProblem(f: ResolvedFileServing, p: AsduParams): string | null {
  if (!Number.isInteger(f.directoryIoa) || f.directoryIoa < 0 || f.directoryIoa >= 2 ** (8 * p.ioaSize)) return `files.directoryIoa ${f.directoryIoa} out of range`;
  if (!Number.isInteger(f.sectionSize) || f.sectionSize < 1 || f.sectionSize > 0xffffff) return `files.sectionSize ${f.sectionSize} must be 1 to 16777215 octets`;
  const most = maxSegmentSize(p);
  if (!Number.isInteger(f.segmentSize) || f.segmentSize < 1 || f.segmentSize > most) return `files.segmentSize ${f.segmentSize} must be 1 to ${most} octets`;
  if (!Number.isInteger(f.watchMs) || f.watchMs < 0) return `files.watchMs ${f.watchMs} must be a whole number of ms, 0 or more`;
  return null;
}

function bad(message: string): Result<ResolvedStationConfig> {
  return { ok: false, error: { code: 'INVALID_CONFIG', message } };
}

/** Fills in defaults and validates. */
export function resolveStationConfig(c: Iec104StationConfig = {}): Result<ResolvedStationConfig> {
  const r: ResolvedStationConfig = {
    ...resolveApciParams(c),
    asdu: { cotSize: c.cotSize ?? 2, caSize: c.caSize ?? 2, ioaSize: c.ioaSize ?? 3 },
    commonAddresses: c.commonAddresses ?? [MASTER_DEFAULTS.commonAddress],
    points: c.points ?? defaultStationPoints(0),
    commands: c.commands ?? defaultStationCommands(),
    changes: c.changes ?? null,
    flood: c.flood ? { firstIoa: 100_000, tickMs: 10, cause: 'periodic', ...c.flood } : null,
    models: c.models ? { seed: 1, ...c.models } : null,
    selectTimeoutMs: c.selectTimeoutMs ?? 10_000,
    actTerm: c.actTerm ?? true,
    actTermDelayMs: c.actTermDelayMs ?? 0,
    epochOffsetMs: c.epochOffsetMs ?? 0,
    clockErrorMs: c.clockErrorMs ?? 0,
    endOfInit: c.endOfInit ?? true,
    links: c.links ?? 1,
    files: null,
  };
  if (c.files) r.files = resolveFiles(c.files, r.asdu);
  const apci = apciProblem(r);
  if (apci !== null) return bad(apci);
  if (r.commonAddresses.length === 0) return bad('at least one common address is needed');
  if (!Number.isInteger(r.actTermDelayMs) || r.actTermDelayMs < 0) return bad(`actTermDelayMs ${r.actTermDelayMs} must be a whole number of ms, 0 or more`);
  for (const p of r.points) {
    const t = typeByName(p.type);
    if (t === undefined || t.direction !== 'monitor') return bad(`point IOA ${p.ioa}: ${p.type} is not a monitor type`);
    const problem = p.model ? valueModelProblem(p.model) : null;
    if (problem !== null) return bad(`point IOA ${p.ioa}: ${problem}`);
  }
  if (r.models !== null && !(Number.isFinite(r.models.tickMs) && r.models.tickMs > 0)) return bad(`models.tickMs ${r.models.tickMs} must be over 0`);
  for (const cmd of r.commands) {
    const t = typeByName(cmd.type);
    if (t === undefined || t.direction !== 'control' || t.id >= 58) return bad(`command IOA ${cmd.ioa}: ${cmd.type} is not a command type without time tag`);
  }
  const files = r.files === null ? null : filesProblem(r.files, r.asdu);
  if (files !== null) return bad(files);
  if (r.flood !== null && (!(r.flood.asduPerSecond > 0) || !(r.flood.objectsPerAsdu >= 1 && r.flood.objectsPerAsdu <= 48))) {
    return bad('flood needs asduPerSecond > 0 and 1..48 objects per ASDU');
  }
  return { ok: true, value: r };
}
