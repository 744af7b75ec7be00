/**
 * What the master's task managers (interrogation, clock sync, commands, requests) need
 * from the session: sending on the started link, events, timers and the wall clock.
 */
import type { SessionEvent, SessionOutput } from '../../../../src-shared/session';
import type { AsduInput } from '../asdu/types';
import type { ResolvedMasterConfig } from './config';

/** The session as its task managers see it. */
export interface MasterContext {
  readonly config: ResolvedMasterConfig;
  /** Sends an ASDU (cause, CA, objects) on the started link; false when none is started. */
  send(asdu: AsduInput, nowMs: number, out: SessionOutput[]): boolean;
  /** Sends an encoded ASDU (with 6 octets of headroom for the APCI) on the started link; false when none is started. */
  sendFrame(frame: Uint8Array, nowMs: number, out: SessionOutput[]): boolean;
  /** Reports an event (after any pending point updates). */
  emit(event: SessionEvent, out: SessionOutput[]): void;
  /** Wall clock (UTC epoch ms) for a monotonic time. */
  wallMs(nowMs: number): number;
}

/** Arms a session timer. */
export function arm(out: SessionOutput[], id: string, ms: number): void {
  out.push({ kind: 'arm', id, ms });
}

/** Cancels a session timer. */
export function cancel(out: SessionOutput[], id: string): void {
  out.push({ kind: 'cancel', id });
}
