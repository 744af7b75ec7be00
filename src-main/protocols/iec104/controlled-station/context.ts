/**
 * What the simulator's responders need from the station session: the configuration, the
 * process image, sending on the started link and the clocks.
 */
import type { SessionOutput } from '../../../../src-shared/session';
import type { Asdu, AsduInput } from '../asdu/types';
import type { ResolvedStationConfig } from './config';
import type { StationDatabase } from './database';

/** The station session as its responders see it. */
export interface StationContext {
  readonly config: ResolvedStationConfig;
  readonly db: StationDatabase;
  /** Sends an ASDU on the started link; false when none is started. */
  send(asdu: AsduInput, nowMs: number, out: SessionOutput[]): boolean;
  /** The simulated device clock (wall clock plus error plus corrections), UTC epoch ms. */
  deviceMs(nowMs: number): number;
}

/** Sends a received ASDU back with another cause (a confirmation or a refusal). */
export function mirror(ctx: StationContext, a: Asdu, cause: number, negative: boolean, nowMs: number, out: SessionOutput[]): void {
  ctx.send(
    { typeId: a.typeId, sq: a.sq, cause, negative, test: a.test, originator: a.originator, commonAddress: a.commonAddress, objects: a.objects },
    nowMs,
    out,
  );
}
