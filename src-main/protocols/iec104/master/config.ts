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
  /** Timeout for ACTTERM after the execute ACTCON (default 30000 ms). */
  termTimeoutMs?: number;
  /** Wait for ACTTERM before reporting success (default true). */
  expectActTerm?: boolean;
  /** Timeout of clock sync, read, test and reset requests (default 10000 ms). */
  requestTimeoutMs?: number;
  /** Analyzer decode level for every APDU (default `off`). */
  decodeLevel?: DecodeLevel;
}

/** A validated configuration with every default filled in. */
export interface ResolvedMasterConfig extends Required<Omit<Iec104MasterConfig, 'cotSize' | 'caSize' | 'ioaSize'>> {
  asdu: AsduParams;
}

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
    expectActTerm: c.expectActTerm ?? true,
    requestTimeoutMs: c.requestTimeoutMs ?? 10_000,
    decodeLevel: c.decodeLevel ?? 'off',
  };
  const problem = apciProblem(r) ?? asduProblem(r);
  return problem === null ? { ok: true, value: r } : bad(problem);
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
  return null;
}
