/**
 * The simulator's command handling: select (S/E=1) with a select timeout, execute (S/E=0)
 * with or without a prior select, deactivation (COT 8), negative confirms, return
 * information (COT 11) on the status point and ACTTERM: at once, after a delay (a timer
 * request), or never (the station's or the command point's `actTerm` switch).
 */
import type { SessionOutput } from '../../../../src-shared/session';
import { Cot } from '../asdu/cause';
import { typeByName } from '../asdu/type-table';
import type { Asdu, InfoObject } from '../asdu/types';
import type { Iec104StationCommand } from './config';
import { mirror, type StationContext } from './context';
import { sendPoints } from './responder';

/** Handles commands (types 45-64) for a station session. */
export class StationCommands {
  private readonly selections = new Map<string, { typeId: number; value: number | boolean }>();
  /** Delayed ACTTERMs by timer id. */
  private readonly terms = new Map<string, Asdu>();
  private nextTerm = 0;

  constructor(private readonly ctx: StationContext) {}

  /** A command ASDU from the master. */
  handle(a: Asdu, nowMs: number, out: SessionOutput[]): void {
    const obj = a.objects[0];
    if (obj === undefined || a.objects.length !== 1) return mirror(this.ctx, a, Cot.UNKNOWN_IOA, true, nowMs, out);
    const point = this.find(a.commonAddress, obj.ioa);
    if (point === undefined) return mirror(this.ctx, a, Cot.UNKNOWN_IOA, true, nowMs, out);
    const base = a.typeId >= 58 ? a.typeId - 13 : a.typeId;
    if (typeByName(point.type)?.id !== base) return mirror(this.ctx, a, Cot.UNKNOWN_TYPE, true, nowMs, out);
    const key = `${a.commonAddress}:${obj.ioa}`;
    if (a.cause === Cot.DEACTIVATION) {
      const had = this.selections.delete(key);
      if (had) out.push({ kind: 'cancel', id: `sel:${key}` });
      return mirror(this.ctx, a, Cot.DEACTIVATION_CON, !had, nowMs, out);
    }
    if (a.cause !== Cot.ACTIVATION) return mirror(this.ctx, a, Cot.UNKNOWN_CAUSE, true, nowMs, out);
    if (point.refuse === true) return mirror(this.ctx, a, Cot.ACTIVATION_CON, true, nowMs, out);
    if (obj.select === true) {
      this.selections.set(key, { typeId: a.typeId, value: obj.value });
      out.push({ kind: 'arm', id: `sel:${key}`, ms: this.ctx.config.selectTimeoutMs });
      return mirror(this.ctx, a, Cot.ACTIVATION_CON, false, nowMs, out);
    }
    const sel = this.selections.get(key);
    const selected = sel !== undefined && sel.typeId === a.typeId && sel.value === obj.value;
    if (point.selectRequired === true && !selected) return mirror(this.ctx, a, Cot.ACTIVATION_CON, true, nowMs, out);
    if (sel !== undefined) {
      this.selections.delete(key);
      out.push({ kind: 'cancel', id: `sel:${key}` });
    }
    mirror(this.ctx, a, Cot.ACTIVATION_CON, false, nowMs, out);
    this.apply(a.commonAddress, point, base, obj, nowMs, out);
    this.terminate(a, point, nowMs, out);
  }

  /** A select timer fired (the select lapses) or a delayed ACTTERM is due. False for other timers. */
  timer(id: string, nowMs: number, out: SessionOutput[]): boolean {
    if (id.startsWith('term:')) {
      const a = this.terms.get(id);
      this.terms.delete(id);
      if (a !== undefined) mirror(this.ctx, a, Cot.ACTIVATION_TERM, false, nowMs, out);
      return true;
    }
    if (!id.startsWith('sel:')) return false;
    this.selections.delete(id.slice(4));
    return true;
  }

  /** ACTTERM of an executed command: now, after `actTermDelayMs`, or not at all. */
  private terminate(a: Asdu, point: Iec104StationCommand, nowMs: number, out: SessionOutput[]): void {
    const { actTerm, actTermDelayMs } = this.ctx.config;
    if (!(point.actTerm ?? actTerm)) return;
    if (actTermDelayMs === 0) return mirror(this.ctx, a, Cot.ACTIVATION_TERM, false, nowMs, out);
    const id = `term:${this.nextTerm++}`;
    this.terms.set(id, a);
    out.push({ kind: 'arm', id, ms: actTermDelayMs });
  }

  private find(ca: number, ioa: number): Iec104StationCommand | undefined {
    const first = this.ctx.config.commonAddresses[0];
    return this.ctx.config.commands.find((c) => c.ioa === ioa && (c.commonAddress ?? first) === ca);
  }

  /** Updates the status point and reports it with COT 11 (return information, remote command). */
  private apply(ca: number, cmd: Iec104StationCommand, base: number, obj: InfoObject, nowMs: number, out: SessionOutput[]): void {
    if (cmd.feedbackIoa === undefined) return;
    const p = this.ctx.db.get(ca, cmd.feedbackIoa);
    if (p === undefined) return;
    if (base === 47) p.value = Number(p.value) + (obj.value === 2 ? 1 : -1);
    else if (base === 45 && typeof p.value !== 'boolean') p.value = obj.value === true ? 2 : 1;
    else if (base === 46 && typeof p.value === 'boolean') p.value = obj.value === 2;
    else p.value = obj.value;
    sendPoints(this.ctx, ca, [p], Cot.RETURN_REMOTE, (q) => q.spec, nowMs, out);
  }
}
