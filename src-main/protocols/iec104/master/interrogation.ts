/**
 * Interrogation tasks: general/group interrogation (C_IC_NA_1, QOI 20..36) and counter
 * interrogation (C_CI_NA_1, QCC), each tracked per common address as one task from
 * activation through ACTCON and the data to ACTTERM, with a timeout.
 */
import type { SessionOutput } from '../../../../src-shared/session';
import { Cot, unknownCauseCode } from '../asdu/cause';
import type { Asdu } from '../asdu/types';
import { arm, cancel, type MasterContext } from './context';

/** Which interrogation. */
export type InterrogationKind = 'gi' | 'ci';

interface Task {
  kind: InterrogationKind;
  ca: number;
  name: string;
  startedAt: number;
  confirmed: boolean;
  objects: number;
  timerId: string;
}

const TYPE_OF: Readonly<Record<InterrogationKind, number>> = { gi: 100, ci: 101 };

/** Task name as reported: `GI`, `GI group 3`, `counter interrogation`, `counter interrogation group 2`. */
function taskName(kind: InterrogationKind, group: number): string {
  const base = kind === 'gi' ? 'GI' : 'counter interrogation';
  return group === 0 ? base : `${base} group ${group}`;
}

/** Runs and tracks the interrogation tasks of a master session. */
export class InterrogationTasks {
  private readonly tasks = new Map<string, Task>();

  constructor(private readonly ctx: MasterContext) {}

  /** True while an interrogation of this kind runs for the common address. */
  running(kind: InterrogationKind, ca: number): boolean {
    return this.tasks.has(`${kind}:${ca}`);
  }

  /**
   * Starts a general (group 0) or group (1-16) interrogation, or a counter interrogation
   * (group 0 general or 1-4, `freeze` 0 read .. 3 reset).
   */
  start(kind: InterrogationKind, ca: number, group: number, freeze: number, nowMs: number, out: SessionOutput[]): void {
    const key = `${kind}:${ca}`;
    const name = taskName(kind, group);
    const fail = (result: string, detail: string): void =>
      this.ctx.emit({ type: 'task', name, ok: false, result, durationMs: 0, detail }, out);
    if (this.tasks.has(key)) return fail('BUSY', `an interrogation of CA ${ca} is already running`);
    const maxGroup = kind === 'gi' ? 16 : 4;
    if (!Number.isInteger(group) || group < 0 || group > maxGroup) return fail('BAD_REQUEST', `group ${group} out of range 0..${maxGroup}`);
    // QOI: 20 station, 21..36 groups 1..16. QCC: bits 1-6 RQT (5 general, 1..4 groups), bits 7-8 FRZ.
    const qualifier = kind === 'gi' ? 20 + group : (group === 0 ? 5 : group) | ((freeze & 3) << 6);
    const sent = this.ctx.send(
      { typeId: TYPE_OF[kind], cause: Cot.ACTIVATION, commonAddress: ca, objects: [{ ioa: 0, value: qualifier, quality: [] }] },
      nowMs,
      out,
    );
    if (!sent) return fail('NOT_CONNECTED', 'no started connection');
    const task: Task = { kind, ca, name, startedAt: nowMs, confirmed: false, objects: 0, timerId: `${kind}:${ca}` };
    this.tasks.set(key, task);
    arm(out, task.timerId, this.ctx.config.interrogationTimeoutMs);
  }

  /** Counts interrogated data objects (COT 20-36 for GI, 37-41 for counters). */
  onData(kind: InterrogationKind, ca: number, count: number): void {
    const t = this.tasks.get(`${kind}:${ca}`);
    if (t !== undefined) t.objects += count;
  }

  /** A C_IC_NA_1 or C_CI_NA_1 from the station: ACTCON, ACTTERM or an unknown-* cause. */
  onResponse(kind: InterrogationKind, a: Asdu, nowMs: number, out: SessionOutput[]): void {
    const t = this.tasks.get(`${kind}:${a.commonAddress}`);
    if (t === undefined) return;
    const unknown = unknownCauseCode(a.cause);
    if (unknown !== undefined) return this.finish(t, false, unknown, `station answered cause ${a.cause}`, nowMs, out);
    if (a.cause === Cot.ACTIVATION_CON) {
      if (a.negative) return this.finish(t, false, 'NEGATIVE_ACTCON', 'station refused the interrogation', nowMs, out);
      t.confirmed = true;
    } else if (a.cause === Cot.ACTIVATION_TERM) {
      if (a.negative) return this.finish(t, false, 'NEGATIVE_ACTTERM', 'station terminated negatively', nowMs, out);
      this.finish(t, true, 'SUCCESS', `CA ${t.ca}: ${t.objects} object(s)`, nowMs, out);
    }
  }

  /** A timer fired; false when it is not an interrogation timer. */
  timer(id: string, nowMs: number, out: SessionOutput[]): boolean {
    for (const t of this.tasks.values()) {
      if (t.timerId === id) {
        const stage = t.confirmed ? 'ACTTERM' : 'ACTCON';
        this.finish(t, false, 'TIMEOUT', `no ${stage} from CA ${t.ca} within ${this.ctx.config.interrogationTimeoutMs} ms`, nowMs, out);
        return true;
      }
    }
    return false;
  }

  /** Ends every running task with a failure (e.g. CONNECTION_LOST). */
  failAll(result: string, detail: string, nowMs: number, out: SessionOutput[]): void {
    for (const t of [...this.tasks.values()]) this.finish(t, false, result, detail, nowMs, out);
  }

  private finish(t: Task, ok: boolean, result: string, detail: string, nowMs: number, out: SessionOutput[]): void {
    this.tasks.delete(`${t.kind}:${t.ca}`);
    cancel(out, t.timerId);
    this.ctx.emit({ type: 'task', name: t.name, ok, result, durationMs: nowMs - t.startedAt, detail }, out);
  }
}
