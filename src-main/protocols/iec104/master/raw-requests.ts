/**
 * Raw requests of the master: one ASDU given octet by octet, sent as an I-frame, and
 * every ASDU of its common address collected until the request is answered for good
 * (ACTTERM, a negative confirm, an unknown-type/cause/CA/IOA answer, the ACTCON of a type
 * that ends there, the data of a read) or until no answer to it came for a window.
 */
import type { Iec104RawAsdu } from '../../../../src-shared/iec104-calls';
import type { SessionOutput } from '../../../../src-shared/session';
import { APCI_SIZE } from '../apci/apdu';
import { Cot, isCounterCause, isInterrogationCause, unknownCauseCode } from '../asdu/cause';
import { encodeRawAsdu } from '../asdu/raw-asdu';
import type { Asdu } from '../asdu/types';
import { arm, cancel, type MasterContext } from './context';

/** How long the master waits for the next answer to a raw request, unless the call says. */
export const RAW_WINDOW_MS = 2000;
/** The longest a raw request collects answers, however often the window restarts. */
export const RAW_MAX_MS = 12_000;
const TIMER = 'raw:window';

/** One ASDU received while a raw request ran: its APDU octets and its decoding. */
interface RawAnswerAsdu {
  apdu: Uint8Array;
  asdu: Asdu;
}

/** The value of a raw request's `response` event. */
export interface RawRequestValue {
  /** The I-frame sent (APCI included). */
  request: Uint8Array;
  answers: RawAnswerAsdu[];
  /** Why it ended as it did, when the result alone does not say (no ACTTERM, no answer). */
  detail?: string;
}

interface Pending {
  id: string;
  asdu: Iec104RawAsdu;
  frame: Uint8Array;
  answers: RawAnswerAsdu[];
  startedAt: number;
  windowMs: number;
  /** A positive ACTCON (or data) of the request's type arrived. */
  confirmed: boolean;
}

/** Command and interrogation types whose ACTCON is followed by an ACTTERM. */
function terminates(typeId: number): boolean {
  return (typeId >= 45 && typeId <= 51) || (typeId >= 58 && typeId <= 64) || typeId === 100 || typeId === 101;
}

function negativeResult(cause: number): string {
  if (cause === Cot.ACTIVATION_CON) return 'NEGATIVE_ACTCON';
  if (cause === Cot.ACTIVATION_TERM) return 'NEGATIVE_ACTTERM';
  return 'NEGATIVE_CONFIRM';
}

/** The outcome an answer settles, or null while the request stays open. */
function verdict(req: Iec104RawAsdu, a: Asdu): { ok: boolean; result: string } | null {
  if (a.typeId !== req.typeId) {
    const read = req.typeId === 102 && a.cause === Cot.REQUEST && a.objects.some((o) => o.ioa === req.objects[0]?.ioa);
    return read ? { ok: true, result: 'SUCCESS' } : null;
  }
  const unknown = unknownCauseCode(a.cause);
  if (unknown !== undefined) return { ok: false, result: unknown };
  if (a.negative) return { ok: false, result: negativeResult(a.cause) };
  if (a.cause === Cot.ACTIVATION_TERM || a.cause === Cot.DEACTIVATION_CON) return { ok: true, result: 'SUCCESS' };
  if (a.cause === Cot.ACTIVATION_CON && !terminates(a.typeId)) return { ok: true, result: 'SUCCESS' };
  return null;
}

/** Whether an ASDU answers the request (and so restarts its window). */
function answersRequest(req: Iec104RawAsdu, a: Asdu): boolean {
  return a.typeId === req.typeId || a.cause === Cot.REQUEST || isInterrogationCause(a.cause) || isCounterCause(a.cause);
}

/** Tracks the master's raw request (one at a time). */
export class RawRequests {
  private pending: Pending | null = null;
  constructor(private readonly ctx: MasterContext) {}

  /** Encodes and sends a raw ASDU; reports BUSY, BAD_ASDU or NOT_CONNECTED at once. */
  send(id: string, asdu: Iec104RawAsdu, windowMs: number, nowMs: number, out: SessionOutput[]): void {
    if (this.pending !== null) return this.report(id, false, 'BUSY', `raw request ${this.pending.id} is still collecting answers`, out);
    const frame = encodeRawAsdu(asdu, this.ctx.config.asdu, APCI_SIZE);
    if (!frame.ok) return this.report(id, false, frame.error.code, frame.error.message, out);
    if (!this.ctx.sendFrame(frame.value, nowMs, out)) return this.report(id, false, 'NOT_CONNECTED', 'no link is started', out);
    this.pending = { id, asdu, frame: frame.value, answers: [], startedAt: nowMs, windowMs, confirmed: false };
    arm(out, TIMER, windowMs);
  }

  /** A received ASDU (with its APDU octets): collected when it has the request's common address. */
  onAsdu(a: Asdu, apdu: Uint8Array, nowMs: number, out: SessionOutput[]): void {
    const p = this.pending;
    if (p === null || a.commonAddress !== p.asdu.commonAddress) return;
    p.answers.push({ apdu: apdu.slice(), asdu: a });
    const v = verdict(p.asdu, a);
    if (v !== null) return this.finish(v.ok, v.result, null, out);
    if (!answersRequest(p.asdu, a)) return;
    if (a.typeId === p.asdu.typeId && !a.negative) p.confirmed = true;
    const left = RAW_MAX_MS - (nowMs - p.startedAt);
    if (left > 0) arm(out, TIMER, Math.min(p.windowMs, left));
  }

  /** A timer fired; false when it is not the raw request's. */
  timer(id: string, out: SessionOutput[]): boolean {
    if (id !== TIMER) return false;
    const p = this.pending;
    if (p === null) return true;
    if (p.confirmed) this.finish(true, 'SUCCESS', terminates(p.asdu.typeId) ? 'no ACTTERM within the window' : null, out);
    else this.finish(false, 'NO_ANSWER', `no answer of type ${p.asdu.typeId} within ${p.windowMs} ms`, out);
    return true;
  }

  /** Fails the raw request in progress (the link went away). */
  failAll(result: string, out: SessionOutput[]): void {
    if (this.pending !== null) this.finish(false, result, 'the link went down', out);
  }

  private finish(ok: boolean, result: string, detail: string | null, out: SessionOutput[]): void {
    const p = this.pending as Pending;
    this.pending = null;
    cancel(out, TIMER);
    const value: RawRequestValue = { request: p.frame, answers: p.answers };
    if (detail !== null) value.detail = detail;
    this.ctx.emit({ type: 'response', id: p.id, ok, result, value }, out);
  }

  private report(id: string, ok: boolean, result: string, detail: string, out: SessionOutput[]): void {
    this.ctx.emit({ type: 'response', id, ok, result, value: detail }, out);
  }
}
