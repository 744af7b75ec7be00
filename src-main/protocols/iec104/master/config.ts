/**
 * Configuration of the controlling station (master): APCI parameters, ASDU field sizes,
 * common addresses, redundancy, interrogation, clock sync and command policy, with the
 * defaults of IEC 60870-5-104 and validation.
 */
import type { Result } from '../../../../src-shared/ipc/result';
import type { DecodeLevel } from '../../../../src-shared/session';
import type { ApciParams } from '../apci/connection';
import { APCI_DEFAULTS, apciProblem, resolveApciParams } from '../apci/parameters';
import type { AsduParams } from '../asdu/types';

/** Per-point command policy, keyed by the command's IOA. */
export interface Iec104CommandPoint {
  /** Command type name (`C_SC_NA_1`, `C_SE_NB_1`...) when the action alone does not say. */
  type?: string;
  /** IOA of the status point whose return information (COT 11/12) is the feedback. */
  feedbackIoa?: number;
}

/**
 * Activation termination (COT 10) of a command, as a station does it: `expected` (a missing
 * ACTTERM fails the command as NO_ACTTERM after `termTimeoutMs`), `none` (success at the
 * positive ACTCON; a late ACTTERM is ignored), `auto` (ACTTERM awaited for
 * `actTermWindowMs`, then success noting that the station sent none). Many controlled
 * stations (lib60870's example server for single commands) never send ACTTERM.
 */
export type ActTermMode = 'auto' | 'expected' | 'none';

/** Default `auto` window for ACTTERM after the execute ACTCON (ms). */
export const ACT_TERM_WINDOW_MS = 2_000;

/** The activation termination modes, for parsers and forms. */
export const ACT_TERM_MODES: readonly ActTermMode[] = ['auto', 'expected', 'none'];

/** What the engine, CLI and tests pass to `createIec104Master`; every field is optional. */
export interface Iec104MasterConfig extends Partial<ApciParams> {
  /** Connection establishment timeout, for the driver (default 30000 ms). */
  t0Ms?: number;
  /** ASDU field sizes (defaults 2/2/3). */
  cotSize?: 1 | 2;
  caSize?: 1 | 2;
  ioaSize?: 1 | 2 | 3;
  /** Originator address we put in the second COT octet (default 0). */
  originator?: number;
  /** Common addresses behind this connection (default [1]); the first is the default target. */
  commonAddresses?: number[];
  /** Number of connections in the redundancy group (default 1); inputs carry `link`. */
  links?: number;
  /** General interrogation after STARTDT con and after end of initialization (default true). */
  giOnStart?: boolean;
  /** Period of the general interrogation, 0 = none (default 0). */
  giIntervalMs?: number;
  /** Timeout of an interrogation task from activation to ACTTERM (default 60000 ms). */
  interrogationTimeoutMs?: number;
  /** Period of the counter interrogation, 0 = none (default 0). */
  counterIntervalMs?: number;
  /** Group of the periodic counter interrogation: 0 general (default) or 1-4. */
  counterGroup?: number;
  /** QCC FRZ of the periodic counter interrogation: 0 read (default), 1 freeze, 2 freeze and reset, 3 reset. */
  counterFreeze?: 0 | 1 | 2 | 3;
  /** Clock synchronisation after STARTDT con (default false). */
  clockSyncOnStart?: boolean;
  /** Period of the clock synchronisation, 0 = none (default 0). */
  clockSyncIntervalMs?: number;
  /**
   * Wall clock: UTC epoch milliseconds = nowMs + epochOffsetMs. The driver sets it once
   * (e.g. `Date.now() - performance.now()` when nowMs is `performance.now()`); the session
   * itself never reads the clock. Default 0.
   */
  epochOffsetMs?: number;
  /** Per-IOA command policy. */
  commandPoints?: Record<number, Iec104CommandPoint>;
  /** Timeout for the select ACTCON, and for the operate call after a paused select (default 10000 ms). */
  selectTimeoutMs?: number;
  /** Timeout for the execute ACTCON (default 10000 ms). */
  executeTimeoutMs?: number;
  /** `expected` mode: timeout for ACTTERM after the execute ACTCON (default 30000 ms). */
  termTimeoutMs?: number;
  /** Whether the station terminates a command with ACTTERM (default `auto`; see ActTermMode). */
  actTerm?: ActTermMode;
  /** `auto` mode: how long ACTTERM is awaited after the execute ACTCON (default 2000 ms). */
  actTermWindowMs?: number;
  /** Timeout of clock sync, read, test and reset requests (default 10000 ms). */
  requestTimeoutMs?: number;
  /** IOA of the device's file directory, listed by `file.list` of `` (default 4096). */
  fileDirectoryIoa?: number;
  /** File transfer: how long each step waits for the device's next ASDU (default 10000 ms). */
  fileTimeoutMs?: number;
  /** Analyzer decode level for every APDU (default `off`). */
  decodeLevel?: DecodeLevel;
  /**
   * Acknowledge received I-frames (N(R) in S- and I-frames) only once the engine stored the
   * events they carried: a `points` event with events carries a `confirm` token, released by
   * the engine's `{ op: 'confirm', token }` call; w and t2 then count released frames
   * (default false: acknowledge on receipt).
   */
  confirmAfterCommit?: boolean;
}

/** A validated configuration with every default filled in. */
export interface ResolvedMasterConfig extends Required<Omit<Iec104MasterConfig, 'cotSize' | 'caSize' | 'ioaSize'>> {
  asdu: AsduParams;
}

/** The default IOA of a device's file directory (the simulator's too). */
export const FILE_DIRECTORY_IOA = 4096;

/** IEC 60870-5-104 defaults. */
export const MASTER_DEFAULTS = Object.freeze({
  ...APCI_DEFAULTS,
  commonAddress: 1,
  port: 2404,
  tlsPort: 19998,
});

function bad(message: string): Result<ResolvedMasterConfig> {
  return { ok: false, error: { code: 'INVALID_CONFIG', message } };
}

/** Fills in defaults and validates (k, w <= k, t2 < t1, sizes, addresses). */
export function resolveMasterConfig(c: Iec104MasterConfig = {}): Result<ResolvedMasterConfig> {
  const r: ResolvedMasterConfig = {
    ...resolveApciParams(c),
    t0Ms: c.t0Ms ?? APCI_DEFAULTS.t0Ms,
    asdu: { cotSize: c.cotSize ?? 2, caSize: c.caSize ?? 2, ioaSize: c.ioaSize ?? 3 },
    originator: c.originator ?? 0,
    commonAddresses: c.commonAddresses ?? [MASTER_DEFAULTS.commonAddress],
    links: c.links ?? 1,
    giOnStart: c.giOnStart ?? true,
    giIntervalMs: c.giIntervalMs ?? 0,
    interrogationTimeoutMs: c.interrogationTimeoutMs ?? 60_000,
    counterIntervalMs: c.counterIntervalMs ?? 0,
    counterGroup: c.counterGroup ?? 0,
    counterFreeze: c.counterFreeze ?? 0,
    clockSyncOnStart: c.clockSyncOnStart ?? false,
    clockSyncIntervalMs: c.clockSyncIntervalMs ?? 0,
    epochOffsetMs: c.epochOffsetMs ?? 0,
    commandPoints: c.commandPoints ?? {},
    selectTimeoutMs: c.selectTimeoutMs ?? 10_000,
    executeTimeoutMs: c.executeTimeoutMs ?? 10_000,
    termTimeoutMs: c.termTimeoutMs ?? 30_000,
    actTerm: c.actTerm ?? 'auto',
    actTermWindowMs: c.actTermWindowMs ?? ACT_TERM_WINDOW_MS,
    requestTimeoutMs: c.requestTimeoutMs ?? 10_000,
    fileDirectoryIoa: c.fileDirectoryIoa ?? FILE_DIRECTORY_IOA,
    fileTimeoutMs: c.fileTimeoutMs ?? 10_000,
    decodeLevel: c.decodeLevel ?? 'off',
    confirmAfterCommit: c.confirmAfterCommit ?? false,
  };
  const problem = apciProblem(r) ?? asduProblem(r) ?? actTermProblem(r);
  return problem === null ? { ok: true, value: r } : bad(problem);
}

function actTermProblem(r: ResolvedMasterConfig): string | null {
  if (!ACT_TERM_MODES.includes(r.actTerm)) return `actTerm '${String(r.actTerm)}' must be one of ${ACT_TERM_MODES.join(', ')}`;
  for (const k of ['termTimeoutMs', 'actTermWindowMs'] as const) if (!Number.isInteger(r[k]) || r[k] < 1) return `${k}=${r[k]} must be a whole number of ms, 1 or more`;
  return null;
}

function asduProblem(r: ResolvedMasterConfig): string | null {
  const { cotSize, caSize, ioaSize } = r.asdu;
  if (cotSize !== 1 && cotSize !== 2) return `cotSize ${cotSize} must be 1 or 2`;
  if (caSize !== 1 && caSize !== 2) return `caSize ${caSize} must be 1 or 2`;
  if (ioaSize !== 1 && ioaSize !== 2 && ioaSize !== 3) return `ioaSize ${ioaSize} must be 1, 2 or 3`;
  const caMax = caSize === 2 ? 0xffff : 0xff;
  if (r.commonAddresses.length === 0) return 'at least one common address is needed';
  for (const ca of r.commonAddresses) if (!Number.isInteger(ca) || ca < 0 || ca > caMax) return `common address ${ca} out of range`;
  if (!Number.isInteger(r.links) || r.links < 1) return `links=${r.links} must be at least 1`;
  if (!Number.isInteger(r.originator) || r.originator < 0 || r.originator > 255) return `originator ${r.originator} out of range`;
  if (!Number.isInteger(r.fileDirectoryIoa) || r.fileDirectoryIoa < 0 || r.fileDirectoryIoa >= 2 ** (8 * ioaSize)) return `fileDirectoryIoa ${r.fileDirectoryIoa} out of range`;
  if (!Number.isInteger(r.fileTimeoutMs) || r.fileTimeoutMs < 1) return `fileTimeoutMs=${r.fileTimeoutMs} must be a whole number of ms, 1 or more`;
  return null;
}
