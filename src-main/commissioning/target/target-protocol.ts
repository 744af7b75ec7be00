/**
 * The master Session of a one-shot target: the protocol stacks' factories configured for
 * short, explicit use (no retries, no automatic clock synchronisation, no startup GI),
 * and the check of a command the session would refuse before sending it.
 */
import type { CommandRequest, DecodeLevel, Protocol, Session } from '../../../src-shared/session';
import { controlProblem, createDnp3Master } from '../../protocols/dnp3';
import { commandProblem as iec104CommandProblem, createIec104Master } from '../../protocols/iec104';
import { masterSaConfig } from '../../engine/stations/sa-key-file';
import { serialResponseTimeoutMs } from '../../transport/serial-settings';
import type { Target, TargetResult } from './target';

/** A command the protocol refuses before anything is sent, by code. */
export interface CommandProblem {
  /** BAD_VALUE: the value does not fit the type; the others are usage errors (target, action or type). */
  code: 'BAD_TARGET' | 'NOT_SUPPORTED' | 'BAD_TYPE' | 'BAD_VALUE' | 'BAD_REQUEST';
  message: string;
}

/**
 * Checks a command as the protocol's master session will, without a connection: the
 * target, the action for it, the type (`--type`) and the value. Null when it can be sent.
 */
export function commandProblem(protocol: Protocol, command: Pick<CommandRequest, 'target' | 'action' | 'type'>): CommandProblem | null {
  if (protocol === 'iec104') return iec104CommandProblem(command.type, command.action);
  const problem = controlProblem(command);
  return problem && { code: problem.error, message: problem.detail };
}

/** IEC 104 t2 default (ms); kept under t1. */
const T2_MS = 10_000;

/** Makes the master session of `target`; `timeoutMs` is its answer timeout. */
export function makeTargetSession(target: Target, timeoutMs: number, unsolicited: boolean, decodeLevel: DecodeLevel): TargetResult<Session> {
  const epochOffsetMs = Date.now() - performance.now();
  try {
    if (target.protocol === 'dnp3') {
      const sa = target.secureAuth ? masterSaConfig(target.secureAuth) : null;
      if (sa && !sa.ok) return { ok: false, error: { code: 'INVALID_CONFIG', message: sa.error.message } };
      return {
        ok: true,
        value: createDnp3Master({
          masterAddress: target.masterAddress,
          outstationAddress: target.outstationAddress,
          // On a serial line the answer also needs its time on the wire at the line's baud rate.
          responseTimeoutMs: target.serial ? serialResponseTimeoutMs(timeoutMs, target.serial) : timeoutMs,
          retries: 0,
          unsolicitedClasses: unsolicited ? [1, 2, 3] : [],
          timeSync: { onNeedTime: false, periodMs: 0 },
          decodeLevel,
          epochOffsetMs,
          ...(sa ? { secureAuth: sa.value } : {}),
        }),
      };
    }
    // t1 a little over our own wait, so a silent station is reported by us as NO_ANSWER.
    const t1Ms = timeoutMs + 1000;
    return {
      ok: true,
      value: createIec104Master({
        commonAddresses: [target.commonAddress],
        t0Ms: timeoutMs,
        t1Ms,
        t2Ms: Math.min(T2_MS, Math.floor(t1Ms / 2)),
        giOnStart: false,
        requestTimeoutMs: timeoutMs,
        selectTimeoutMs: timeoutMs,
        executeTimeoutMs: timeoutMs,
        termTimeoutMs: timeoutMs,
        ...(target.actTerm === undefined ? {} : { actTerm: target.actTerm }),
        ...(target.actTermWindowMs === undefined ? {} : { actTermWindowMs: target.actTermWindowMs }),
        decodeLevel,
        epochOffsetMs,
      }),
    };
  } catch (error) {
    return { ok: false, error: { code: 'INVALID_CONFIG', message: error instanceof Error ? error.message : String(error) } };
  }
}
