/** Configuration of a DNP3 master session, with defaults. */
import type { DecodeLevel } from '../../../../src-shared/session';
import { MAX_DEVICE_ADDRESS } from '../link/frame';
import type { MasterSaConfig } from '../secure-auth/master-auth';

/** Classes that can report events unsolicited. */
export type EventClass = 1 | 2 | 3;

/** Time synchronisation procedure. */
export type TimeSyncProcedure = 'lan' | 'non-lan' | 'write';

/** What a master session is configured with. Every field is optional. */
export interface Dnp3MasterConfig {
  /** Link address of this master (default 1). */
  masterAddress?: number;
  /** Link address of the outstation (default 10). */
  outstationAddress?: number;
  /** Response timeout per request fragment in ms (default 5000). */
  responseTimeoutMs?: number;
  /** Retries of polls and other non-control requests after a response timeout (default 1; controls are never retried). */
  retries?: number;
  /** Send REQUEST_LINK_STATUS after this many ms of silence; 0 disables (default 60000). */
  keepAliveMs?: number;
  /** Largest response fragment reassembled (default 2048, up to 65536). */
  maxRxFragmentSize?: number;
  /** Send DISABLE_UNSOLICITED at startup (default true). */
  disableUnsolicitedAtStartup?: boolean;
  /** Classes to enable unsolicited reporting for after the startup integrity poll (default [1, 2, 3]; [] for none). */
  unsolicitedClasses?: EventClass[];
  /** Period of integrity polls in ms; 0 disables the schedule (default 0: only at startup and when IIN asks). */
  integrityPollMs?: number;
  /** Periods of class 1/2/3 event polls in ms; absent or 0 disables (default none). */
  classPollMs?: Partial<Record<EventClass, number>>;
  /** Time synchronisation: procedure (default 'lan'), whether NEED_TIME triggers it (default true), period ms (default 0: off). */
  timeSync?: { procedure?: TimeSyncProcedure; onNeedTime?: boolean; periodMs?: number };
  /** For select-before-operate: most ms between select and operate (default 5000). */
  selectTimeoutMs?: number;
  /**
   * After a confirmed operate, how long the next reported value of the output status point
   * (g10/g11 for `bo:N`, g40/g42 for `ao:N`) is awaited as the command's feedback before
   * the command is done without it; 0 ends the command at the echo (default 2000).
   */
  feedbackWindowMs?: number;
  /** Pulse on/off times used when a pulse command gives none (default 1000 ms each). */
  defaultPulseMs?: number;
  /** Link layer: send CONFIRMED_USER_DATA and wait for link ACKs (default false: unconfirmed user data). */
  linkConfirmed?: boolean;
  /** Link confirm timeout ms and retries in confirmed mode (default 1000 ms, 2 retries). */
  linkTimeoutMs?: number;
  linkRetries?: number;
  /**
   * Hold the application CONFIRM of a response carrying events until the engine stored them:
   * the `points` event carries a `confirm` token and the CONFIRM goes out on the engine's
   * `{ op: 'confirm', token }` call (default false: CONFIRM at once).
   */
  confirmAfterCommit?: boolean;
  /**
   * With `confirmAfterCommit`: how long a held CONFIRM waits for the engine, ms; after that
   * it is never sent and the outstation reports the events again. Keep it below the
   * outstation's application confirm timeout (often 5 s). Default 3000.
   */
  commitWaitMs?: number;
  /** Analyzer decode level (default 'off'). */
  decodeLevel?: DecodeLevel;
  /**
   * UTC = nowMs + epochOffsetMs. `step` receives a monotonic clock; the driver sets this
   * once (e.g. `Date.now() - performance.now()`) or passes `Date.now()` as nowMs and
   * leaves the default 0. Used for time synchronisation only.
   */
  epochOffsetMs?: number;
  /**
   * Secure Authentication v5: authenticate every critical request as this user (session
   * keys changed at start and when due, challenges answered, aggressive mode if set).
   * Default none: a challenge from the outstation ends the request as `SA_REQUIRED`.
   */
  secureAuth?: MasterSaConfig;
}

/** The configuration with every default applied. */
export type ResolvedMasterConfig = Required<Omit<Dnp3MasterConfig, 'timeSync' | 'classPollMs' | 'secureAuth'>> & {
  timeSync: { procedure: TimeSyncProcedure; onNeedTime: boolean; periodMs: number };
  classPollMs: Partial<Record<EventClass, number>>;
  secureAuth: MasterSaConfig | null;
};

/** Applies the defaults; throws a RangeError naming the first field out of range. */
export function resolveMasterConfig(c: Dnp3MasterConfig): ResolvedMasterConfig {
  const r: ResolvedMasterConfig = {
    masterAddress: c.masterAddress ?? 1,
    outstationAddress: c.outstationAddress ?? 10,
    responseTimeoutMs: c.responseTimeoutMs ?? 5000,
    retries: c.retries ?? 1,
    keepAliveMs: c.keepAliveMs ?? 60000,
    maxRxFragmentSize: c.maxRxFragmentSize ?? 2048,
    disableUnsolicitedAtStartup: c.disableUnsolicitedAtStartup ?? true,
    unsolicitedClasses: c.unsolicitedClasses ?? [1, 2, 3],
    integrityPollMs: c.integrityPollMs ?? 0,
    classPollMs: c.classPollMs ?? {},
    timeSync: { procedure: c.timeSync?.procedure ?? 'lan', onNeedTime: c.timeSync?.onNeedTime ?? true, periodMs: c.timeSync?.periodMs ?? 0 },
    selectTimeoutMs: c.selectTimeoutMs ?? 5000,
    feedbackWindowMs: c.feedbackWindowMs ?? 2000,
    defaultPulseMs: c.defaultPulseMs ?? 1000,
    linkConfirmed: c.linkConfirmed ?? false,
    linkTimeoutMs: c.linkTimeoutMs ?? 1000,
    linkRetries: c.linkRetries ?? 2,
    confirmAfterCommit: c.confirmAfterCommit ?? false,
    commitWaitMs: c.commitWaitMs ?? 3000,
    decodeLevel: c.decodeLevel ?? 'off',
    epochOffsetMs: c.epochOffsetMs ?? 0,
    secureAuth: c.secureAuth ?? null,
  };
  const problem = masterConfigProblem(r);
  if (problem !== null) throw new RangeError(`DNP3 master configuration: ${problem}`);
  return r;
}

/** The first out-of-range field of a resolved configuration, or null. */
function masterConfigProblem(r: ResolvedMasterConfig): string | null {
  const int = (v: number, min: number, max: number): boolean => Number.isInteger(v) && v >= min && v <= max;
  const ms = (v: number, positive: boolean): boolean => Number.isFinite(v) && (positive ? v > 0 : v >= 0);
  for (const k of ['masterAddress', 'outstationAddress'] as const) {
    if (!int(r[k], 0, MAX_DEVICE_ADDRESS)) return `${k} ${r[k]} must be an integer from 0 to ${MAX_DEVICE_ADDRESS}`;
  }
  if (!int(r.maxRxFragmentSize, 249, 65536)) return `maxRxFragmentSize ${r.maxRxFragmentSize} must be an integer from 249 to 65536`;
  for (const k of ['responseTimeoutMs', 'selectTimeoutMs', 'linkTimeoutMs', 'commitWaitMs'] as const) if (!ms(r[k], true)) return `${k} ${r[k]} must be over 0`;
  for (const k of ['keepAliveMs', 'integrityPollMs', 'feedbackWindowMs'] as const) if (!ms(r[k], false)) return `${k} ${r[k]} must be 0 or more`;
  if (!ms(r.timeSync.periodMs, false)) return `timeSync.periodMs ${r.timeSync.periodMs} must be 0 or more`;
  if (!['lan', 'non-lan', 'write'].includes(r.timeSync.procedure)) return `timeSync.procedure ${r.timeSync.procedure} must be lan, non-lan or write`;
  for (const k of ['retries', 'linkRetries'] as const) if (!int(r[k], 0, Number.MAX_SAFE_INTEGER)) return `${k} ${r[k]} must be an integer, 0 or more`;
  // CROB on-time and off-time are 32-bit unsigned ms
  if (!int(r.defaultPulseMs, 0, 0xffffffff)) return `defaultPulseMs ${r.defaultPulseMs} must be an integer from 0 to 4294967295`;
  for (const c of r.unsolicitedClasses) if (c !== 1 && c !== 2 && c !== 3) return `unsolicitedClasses holds ${c}: classes are 1, 2 and 3`;
  for (const [c, period] of Object.entries(r.classPollMs)) {
    if (c !== '1' && c !== '2' && c !== '3') return `classPollMs has class ${c}: classes are 1, 2 and 3`;
    if (!ms(period, false)) return `classPollMs[${c}] ${period} must be 0 or more`;
  }
  if (!['off', 'summary', 'full'].includes(r.decodeLevel)) return `decodeLevel ${r.decodeLevel} must be off, summary or full`;
  if (!Number.isFinite(r.epochOffsetMs)) return `epochOffsetMs ${r.epochOffsetMs} must be a finite number`;
  return null;
}
