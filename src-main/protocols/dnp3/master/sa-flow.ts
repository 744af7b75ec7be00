/**
 * Secure Authentication in the master session's request flow: the session key change
 * first at link up and whenever a critical request finds the keys due, aggressive mode for
 * critical requests, and what an AUTHENTICATE_RESP to the request in progress asks of the
 * session (a reply to send, or the request's end by name).
 */
import { findAuthObject } from '../secure-auth/auth-fragments';
import type { SessionEvent } from '../../../../src-shared/session';
import { MasterSecureAuth, type MasterSaConfig, type SaFailure } from '../secure-auth/master-auth';
import { SaKeyChangeTask } from './sa-key-change-task';
import type { MasterTask, TaskContext, TaskRequest } from './task';

/** The end of a request challenged by an outstation while the station has no SA settings. */
const SA_REQUIRED: SaFailure = {
  result: 'SA_REQUIRED',
  detail: 'the outstation challenged the request (Secure Authentication v5, g120v1) and this station has no SA settings: not executed',
};

/** What an AUTHENTICATE_RESP asks: send the reply's objects, or end the request. */
export type AuthAnswer = { reply: Uint8Array } | { failure: SaFailure };

/** The master session's Secure Authentication for one station. */
export class MasterSaFlow {
  private readonly sa: MasterSecureAuth;
  /** Why the last session key change failed: the next critical request waiting for keys ends with it. */
  private blocked: SaFailure | null = null;
  /** The statistics last reported, as text, to report only changes. */
  private reported = '';

  constructor(
    private readonly config: MasterSaConfig,
    private readonly retries: number,
  ) {
    this.sa = new MasterSecureAuth(config);
  }

  /** The association's SA state for station details, when it changed since the last report; else null. */
  report(): Extract<SessionEvent, { type: 'secureAuth' }> | null {
    const event = { type: 'secureAuth' as const, user: this.config.user, ...this.sa.stats };
    const text = JSON.stringify(event);
    if (text === this.reported) return null;
    this.reported = text;
    return event;
  }

  /** At link up: the keys are forgotten; returns the key change task to queue first. */
  start(): MasterTask {
    this.sa.reset();
    this.blocked = null;
    return this.keyChangeTask();
  }

  /**
   * True when the request may go out now. A critical request without valid session keys
   * goes back to the front of `queue` behind a key change, or ends with the reason the last
   * key change failed (so a failing key change does not loop).
   */
  mayGo(task: MasterTask, req: TaskRequest, queue: MasterTask[], ctx: TaskContext): boolean {
    if (!this.sa.isCritical(req.fc) || !this.sa.needsKeyChange(ctx.nowMs)) return true;
    const blocked = this.blocked;
    if (blocked) {
      this.blocked = null;
      task.fail(ctx, blocked.result, `${blocked.detail} (no session keys)`);
      return false;
    }
    queue.unshift(task);
    if (!queue.some((t) => t instanceof SaKeyChangeTask)) queue.push(this.keyChangeTask());
    return false;
  }

  /** True when requests with this function code are authenticated. */
  isCritical(fc: number): boolean {
    return this.sa.isCritical(fc);
  }

  /** A critical request in aggressive mode (`head`: control and function code), or null to send it as it is. */
  aggressive(req: TaskRequest, head: Uint8Array): Uint8Array | null {
    return this.sa.isCritical(req.fc) ? this.sa.aggressive(head, req.objects) : null;
  }

  /**
   * What an AUTHENTICATE_RESP fragment `f` to the request `sent` asks: a challenge is
   * answered with a reply, an error ends the request by its name; null for anything else
   * (a key status, which goes to its task).
   */
  answer(f: Uint8Array, sent: Uint8Array): AuthAnswer | null {
    const error = this.sa.errorIn(f);
    if (error) return { failure: error };
    if (findAuthObject(f, 1) === null) return null;
    const r = this.sa.reply(f, sent);
    return r.ok ? { reply: r.objects } : { failure: r.failure };
  }

  private keyChangeTask(): SaKeyChangeTask {
    return new SaKeyChangeTask(this.sa, this.retries, (failure) => (this.blocked = failure));
  }
}

/** Without SA settings: a challenge (g120v1) ends the request as SA_REQUIRED; null for anything else. */
export function answerWithoutSa(f: Uint8Array): AuthAnswer | null {
  return findAuthObject(f, 1) !== null ? { failure: SA_REQUIRED } : null;
}
