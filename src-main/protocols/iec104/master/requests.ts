/**
 * Single request/confirm procedures of the master: clock synchronisation (C_CS_NA_1),
 * read (C_RD_NA_1, answered by data with COT 5), test with time tag (C_TS_TA_1) and
 * reset process (C_RP_NA_1), each with a timeout and a named outcome.
 */
import type { SessionOutput } from '../../../../src-shared/session';
import { Cot, unknownCauseCode } from '../asdu/cause';
import { cp56FromEpoch } from '../asdu/time-tags';
import type { Asdu, InfoObject } from '../asdu/types';
import { arm, cancel, type MasterContext } from './context';

type Kind = 'clock' | 'read' | 'test' | 'reset';

interface Pending {
  kind: Kind;
  id: string;
  typeId: number;
  ca: number;
  ioa: number;
  wallAtSend: number;
  timerId: string;
}

const TYPE_OF: Readonly<Record<Kind, number>> = { clock: 103, read: 102, test: 107, reset: 105 };

/** Tracks the master's outstanding request/confirm procedures. */
export class Requests {
  private readonly pending = new Map<string, Pending>();
  private testCounter = 0;

  constructor(private readonly ctx: MasterContext) {}

  /** Sends C_CS_NA_1 act with our wall time to a common address. */
  timeSync(ca: number, nowMs: number, out: SessionOutput[]): void {
    const wall = this.ctx.wallMs(nowMs);
    const obj: InfoObject = { ioa: 0, value: wall, quality: [], time: cp56FromEpoch(wall) };
    this.request('clock', `timeSync:${ca}`, ca, 0, obj, nowMs, out);
  }

  /** Sends C_RD_NA_1 req for one IOA. */
  read(id: string, ca: number, ioa: number, nowMs: number, out: SessionOutput[]): void {
    this.request('read', id, ca, ioa, { ioa, value: 0, quality: [] }, nowMs, out);
  }

  /** Sends C_TS_TA_1 act with the next test sequence counter and our time. */
  test(id: string, ca: number, nowMs: number, out: SessionOutput[]): void {
    this.testCounter = (this.testCounter + 1) & 0xffff;
    const time = cp56FromEpoch(this.ctx.wallMs(nowMs));
    this.request('test', id, ca, 0, { ioa: 0, value: this.testCounter, quality: [], time }, nowMs, out);
  }

  /** Sends C_RP_NA_1 act with the qualifier of reset process (1 general, 2 event buffer). */
  reset(id: string, ca: number, qrp: number, nowMs: number, out: SessionOutput[]): void {
    this.request('reset', id, ca, 0, { ioa: 0, value: qrp & 0xff, quality: [] }, nowMs, out);
  }

  /** A response of type 102, 103, 105 or 107. */
  onResponse(a: Asdu, nowMs: number, out: SessionOutput[]): void {
    const ioa = a.objects[0]?.ioa ?? 0;
    const p = this.pending.get(`${a.typeId}:${a.commonAddress}:${ioa}`);
    if (p === undefined) return;
    const unknown = unknownCauseCode(a.cause);
    if (unknown !== undefined) return this.finish(p, false, unknown, null, nowMs, out);
    if (a.cause !== Cot.ACTIVATION_CON && !(p.kind === 'read' && a.negative)) return;
    if (a.negative) return this.finish(p, false, p.kind === 'read' ? 'NEGATIVE_CONFIRM' : 'NEGATIVE_ACTCON', null, nowMs, out);
    this.finish(p, true, 'SUCCESS', a.objects[0] ?? null, nowMs, out);
  }

  /** Monitor data with COT 5 (requested): completes a read of that IOA. */
  onRequested(a: Asdu, nowMs: number, out: SessionOutput[]): void {
    for (const obj of a.objects) {
      const p = this.pending.get(`102:${a.commonAddress}:${obj.ioa}`);
      if (p !== undefined) this.finish(p, true, 'SUCCESS', obj, nowMs, out, a.typeName);
    }
  }

  /** A timer fired; false when it is not a request timer. */
  timer(id: string, nowMs: number, out: SessionOutput[]): boolean {
    for (const p of this.pending.values()) {
      if (p.timerId === id) {
        this.finish(p, false, 'TIMEOUT', null, nowMs, out);
        return true;
      }
    }
    return false;
  }

  /** Fails every outstanding request (e.g. CONNECTION_LOST). */
  failAll(result: string, nowMs: number, out: SessionOutput[]): void {
    for (const p of [...this.pending.values()]) this.finish(p, false, result, null, nowMs, out);
  }

  private request(kind: Kind, id: string, ca: number, ioa: number, obj: InfoObject, nowMs: number, out: SessionOutput[]): void {
    const typeId = TYPE_OF[kind];
    const key = `${typeId}:${ca}:${ioa}`;
    const p: Pending = { kind, id, typeId, ca, ioa, wallAtSend: this.ctx.wallMs(nowMs), timerId: `req:${key}` };
    if (this.pending.has(key)) return this.report(p, false, 'BUSY', null, out);
    const cause = kind === 'read' ? Cot.REQUEST : Cot.ACTIVATION;
    if (!this.ctx.send({ typeId, cause, commonAddress: ca, objects: [obj] }, nowMs, out)) {
      return this.report(p, false, 'NOT_CONNECTED', null, out);
    }
    this.pending.set(key, p);
    arm(out, p.timerId, this.ctx.config.requestTimeoutMs);
  }

  private finish(p: Pending, ok: boolean, result: string, obj: InfoObject | null, nowMs: number, out: SessionOutput[], type?: string): void {
    this.pending.delete(`${p.typeId}:${p.ca}:${p.ioa}`);
    cancel(out, p.timerId);
    this.report(p, ok, result, obj, out, nowMs, type);
  }

  private report(p: Pending, ok: boolean, result: string, obj: InfoObject | null, out: SessionOutput[], nowMs?: number, type?: string): void {
    if (p.kind === 'clock') {
      const device = ok && obj?.time?.kind === 'cp56' ? obj.time.epochMs : null;
      // Offset against the midpoint of our send and receive times.
      const ours = nowMs === undefined ? p.wallAtSend : (p.wallAtSend + this.ctx.wallMs(nowMs)) / 2;
      const offsetMs = device === null ? null : Math.round(device - ours);
      this.ctx.emit({ type: 'timeSync', ok, result, offsetMs, deviceTime: device }, out);
      return;
    }
    const value = obj === null ? undefined : { commonAddress: p.ca, ioa: obj.ioa, type, value: obj.value, quality: obj.quality };
    this.ctx.emit(value === undefined ? { type: 'response', id: p.id, ok, result } : { type: 'response', id: p.id, ok, result, value }, out);
  }
}
