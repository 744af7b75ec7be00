/**
 * The simulator's answers to system commands: (group) interrogation and counter
 * interrogation (ACTCON, data, ACTTERM), read, clock synchronisation, test and reset.
 */
import type { SessionOutput } from '../../../../src-shared/session';
import { Cot } from '../asdu/cause';
import { asduLength, MAX_ASDU_LENGTH } from '../asdu/codec';
import { cp56FromEpoch } from '../asdu/time-tags';
import type { Asdu, InfoObject, TypeSpec } from '../asdu/types';
import { mirror, type StationContext } from './context';
import { interrogationType, isCounter, isProtection, pointObject, type SimPoint } from './database';

/** Sends points as ASDUs of their report type, packed (SQ=0) up to the APDU size. */
export function sendPoints(
  ctx: StationContext,
  ca: number,
  points: readonly SimPoint[],
  cause: number,
  typeOf: (p: SimPoint) => TypeSpec,
  nowMs: number,
  out: SessionOutput[],
): void {
  const wall = ctx.deviceMs(nowMs);
  let spec: TypeSpec | null = null;
  let objects: InfoObject[] = [];
  const flush = (): void => {
    if (spec !== null && objects.length > 0) ctx.send({ typeId: spec.id, cause, commonAddress: ca, objects }, nowMs, out);
    objects = [];
  };
  for (const p of points) {
    const t = typeOf(p);
    if (t !== spec || objects.length === 127 || asduLength(t.size, objects.length + 1, false, ctx.config.asdu) > MAX_ASDU_LENGTH) {
      flush();
      spec = t;
    }
    objects.push(pointObject(p, wall, t));
  }
  flush();
}

/** C_IC_NA_1 act: ACTCON, the station's (or group's) data with COT 20..36, ACTTERM. */
export function answerInterrogation(ctx: StationContext, a: Asdu, nowMs: number, out: SessionOutput[]): void {
  const qoi = Number(a.objects[0]?.value ?? 0);
  if (a.cause !== Cot.ACTIVATION || qoi < 20 || qoi > 36) return mirror(ctx, a, a.cause === Cot.ACTIVATION ? Cot.ACTIVATION_CON : Cot.UNKNOWN_CAUSE, true, nowMs, out);
  mirror(ctx, a, Cot.ACTIVATION_CON, false, nowMs, out);
  const group = qoi - 20;
  const points = ctx.db.pointsOf(a.commonAddress).filter((p) => !isCounter(p.spec) && !isProtection(p.spec) && (group === 0 || p.group === group));
  sendPoints(ctx, a.commonAddress, points, qoi, (p) => interrogationType(p.spec), nowMs, out);
  mirror(ctx, a, Cot.ACTIVATION_TERM, false, nowMs, out);
}

/** C_CI_NA_1 act: ACTCON, counters with COT 37..41 (read), freeze or reset, ACTTERM. */
export function answerCounterInterrogation(ctx: StationContext, a: Asdu, nowMs: number, out: SessionOutput[]): void {
  const qcc = Number(a.objects[0]?.value ?? 0);
  const rqt = qcc & 0x3f;
  const frz = qcc >> 6;
  if (a.cause !== Cot.ACTIVATION || rqt < 1 || rqt > 5) return mirror(ctx, a, a.cause === Cot.ACTIVATION ? Cot.ACTIVATION_CON : Cot.UNKNOWN_CAUSE, true, nowMs, out);
  mirror(ctx, a, Cot.ACTIVATION_CON, false, nowMs, out);
  const counters = ctx.db.pointsOf(a.commonAddress).filter((p) => isCounter(p.spec) && (rqt === 5 || p.group === rqt));
  if (frz === 0) sendPoints(ctx, a.commonAddress, counters, rqt === 5 ? Cot.COUNTER_GENERAL : Cot.COUNTER_GENERAL + rqt, (p) => p.spec, nowMs, out);
  else if (frz >= 2) for (const c of counters) c.value = 0;
  mirror(ctx, a, Cot.ACTIVATION_TERM, false, nowMs, out);
}

/** C_RD_NA_1 req: the point with COT 5, or unknown IOA (47). */
export function answerRead(ctx: StationContext, a: Asdu, nowMs: number, out: SessionOutput[]): void {
  const ioa = a.objects[0]?.ioa ?? 0;
  const p = ctx.db.get(a.commonAddress, ioa);
  if (a.cause !== Cot.REQUEST) return mirror(ctx, a, Cot.UNKNOWN_CAUSE, true, nowMs, out);
  if (p === undefined) return mirror(ctx, a, Cot.UNKNOWN_IOA, true, nowMs, out);
  sendPoints(ctx, a.commonAddress, [p], Cot.REQUEST, (q) => q.spec, nowMs, out);
}

/**
 * C_CS_NA_1 act: confirms with the device time before the correction (so the master sees
 * the offset the device had), then sets the device clock to the received time.
 */
export function answerClockSync(ctx: StationContext, a: Asdu, nowMs: number, out: SessionOutput[]): void {
  const obj = a.objects[0];
  if (a.cause !== Cot.ACTIVATION || obj?.time?.kind !== 'cp56') return mirror(ctx, a, Cot.UNKNOWN_CAUSE, true, nowMs, out);
  const before = ctx.deviceMs(nowMs);
  ctx.db.clockCorrectionMs += obj.time.epochMs - before;
  ctx.send(
    { typeId: 103, cause: Cot.ACTIVATION_CON, commonAddress: a.commonAddress, objects: [{ ioa: obj.ioa, value: before, quality: [], time: cp56FromEpoch(before) }] },
    nowMs,
    out,
  );
}

/** C_TS_TA_1 and C_RP_NA_1 act: positive confirmation. */
export function answerConfirm(ctx: StationContext, a: Asdu, nowMs: number, out: SessionOutput[]): void {
  mirror(ctx, a, a.cause === Cot.ACTIVATION ? Cot.ACTIVATION_CON : Cot.UNKNOWN_CAUSE, a.cause !== Cot.ACTIVATION, nowMs, out);
}
