/**
 * The DNP3 (IEEE 1815) stack, sans-IO: `createDnp3Master` and `createDnp3Outstation`
 * return sessions driven by `step(input, nowMs)`; the codecs are exported for the
 * analyzer, the `decode` command and tests.
 *
 * Time: `nowMs` is a monotonic clock (the transports pass performance.now()). Wall-clock
 * UTC, needed only for time synchronisation and simulator event times, is
 * `nowMs + epochOffsetMs` from the config: set `epochOffsetMs = Date.now() - performance.now()`
 * once when creating the session (or pass Date.now() as nowMs and leave it 0).
 */
import type { Session } from '../../../src-shared/session';
import type { Dnp3MasterConfig } from './master/config';
import { Dnp3MasterSession } from './master/master-session';
import { resolveOutstationConfig, type Dnp3OutstationConfig } from './outstation/config';
import { SimDatabase } from './outstation/database';
import { Dnp3OutstationSession } from './outstation/outstation-session';

export type { Dnp3MasterConfig, EventClass, TimeSyncProcedure } from './master/config';
export type { Dnp3OutstationConfig, Dnp3SimModelPoint, Dnp3SimModels, SimClass, SimPointType } from './outstation/config';
export type { MasterSaConfig } from './secure-auth/master-auth';
export { authObjectOctets } from './secure-auth/objects';
export type { OutstationSaConfig } from './secure-auth/outstation-auth';
export { DEFAULT_CRITICAL_FUNCTIONS, type SaRole } from './secure-auth/policy';
;
export { Dnp3OutstationSession } from './outstation/outstation-session';
export type { SimDatabase } from './outstation/database';
export type { Dnp3FileOpen, Dnp3FileStore } from './outstation/file-server';
export type { FileDescriptor as Dnp3FileDescriptor } from './app/objects/file-objects';
export type { Dnp3HeaderMatch, Dnp3ScriptedResponse } from './outstation/scripted-responses';
export { rawHeaders } from './app/raw-objects';
export { LinkFramer, type FramerItem } from './link/framer';
export { decodeLinkFrame, encodeLinkFrame,  LinkFunction, type LinkFrame } from './link/frame';
;
export { Reassembler } from './transport/reassembler';
export { segmentFragment } from './transport/segments';
export { parseFragment, type ParsedFragment, type ParsedHeader } from './app/fragment';
export { decodeResponseContent } from './app/point-decoder';
export { answeredByNothing, functionName, FunctionCode } from './app/control';
export { functionCodeOf, parseRanges, parseRawRequest } from './app/raw-ranges';
;
export { commandStatusCode,  } from './app/command-status';
export { controlProblem, type ControlProblem } from './master/command-task';
export { describeDroppedFrame, describeFragment, describeLinkFrame, fragmentSummary } from './analyzer/describe';

/**
 * A DNP3 master session with the given configuration (defaults: master 1, outstation 10,
 * response timeout 5 s, keep-alive 60 s). Throws a RangeError naming the first field out of range.
 */
export function createDnp3Master(config: Dnp3MasterConfig = {}): Session {
  return new Dnp3MasterSession(config);
}

/**
 * A DNP3 outstation simulator session (defaults: outstation 10, master 1, 10 points of each
 * type). Throws a RangeError naming the first field out of range.
 */
export function createDnp3Outstation(config: Dnp3OutstationConfig = {}, database?: SimDatabase): Session {
  return new Dnp3OutstationSession(config, database);
}

/**
 * A point database (values, classes, event buffers) to share between outstation sessions
 * of one simulated device, so that what one connection changed (a CROB, a freeze) is what
 * the next one reads. Throws a RangeError naming the first field out of range.
 */
export function createDnp3OutstationDatabase(config: Dnp3OutstationConfig = {}): SimDatabase {
  return new SimDatabase(resolveOutstationConfig(config));
}
