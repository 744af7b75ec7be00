/**
 * IEC 60870-5-104 for Switchyard: the controlling-station (master) session and the
 * controlled-station simulator, both sans-IO `Session`s, plus the codecs the analyzer,
 * the capture decoder and the CLI use.
 */
import { resolveMasterConfig, type Iec104MasterConfig } from './master/config';
import { Iec104MasterSession } from './master/master-session';
import { resolveStationConfig, type Iec104StationConfig } from './controlled-station/config';
import { StationDatabase } from './controlled-station/database';
import { Iec104StationSession } from './controlled-station/station-session';

export type { ActTermMode, Iec104MasterConfig, Iec104CommandPoint, ResolvedMasterConfig } from './master/config';
export { ACT_TERM_MODES, ACT_TERM_WINDOW_MS, FILE_DIRECTORY_IOA, resolveMasterConfig } from './master/config';
export { commandProblem, type CommandProblem, type CommandProblemCode } from './master/command-build';
export { FILE_SECTION_SIZE, type Iec104FileServing } from './controlled-station/config';
export { StationFiles, MAX_FILE_SIZE, type StationFile } from './controlled-station/station-files';
export { AFQ, SCQ, checksum, describeAfq, describeFrq, describeLsq, describeScq, describeSof, describeSrq } from './asdu/file-qualifiers';
export { maxSegmentSize } from './asdu/codec';
export type { Iec104StationConfig, Iec104StationPoint, Iec104StationCommand, Iec104FloodConfig, Iec104ChangeSchedule, Iec104ModelSchedule } from './controlled-station/config';
export { defaultStationCommands, defaultStationPoints, resolveStationConfig } from './controlled-station/config';
export { StationDatabase } from './controlled-station/database';
export { Iec104MasterSession } from './master/master-session';
export { RAW_MAX_MS, type RawRequestValue } from './master/raw-requests';
export { Iec104StationSession } from './controlled-station/station-session';
export { describeApdu, formatObject } from './analyzer';
export { appendPointUpdates } from './master/points';
export { ApduFramer, type FramerError, type FramerResult } from './apci/framer';
export { decodeApci, encodeI, encodeS, encodeU, type Apci, type UFunction } from './apci/apdu';
export { decodeAsdu, decodeAsduHeader, encodeAsdu, type AsduHeader } from './asdu/codec';
export { causeName, isDefinedCause } from './asdu/cause';
export { encodeRawAsdu, parseRawAsdu, rawAsduChangesDevice } from './asdu/raw-asdu';
export { allTypes,  typeName, typeSpec } from './asdu/type-table';
export type { Asdu, AsduInput, AsduParams, InfoObject, TimeTag, Cp56Time, Cp24Time, TypeSpec } from './asdu/types';
export { IEC104_PARAMS } from './asdu/types';

/** Thrown by the factories for an invalid configuration (a programmer or config-file error). */
class Iec104ConfigError extends Error {
  readonly code = 'INVALID_CONFIG';
}

/** Creates a controlling-station (master) session. Throws Iec104ConfigError when the config is invalid (e.g. t2 >= t1). */
export function createIec104Master(config: Iec104MasterConfig = {}): Iec104MasterSession {
  const r = resolveMasterConfig(config);
  if (!r.ok) throw new Iec104ConfigError(r.error.message);
  return new Iec104MasterSession(r.value);
}

/**
 * Creates a controlled-station simulator session. Sessions created with the same
 * `database` share one process image (a redundancy group served one connection per
 * session: the started one sends, and a lost one's unacknowledged frames go to the next).
 */
export function createIec104Station(config: Iec104StationConfig = {}, database?: StationDatabase): Iec104StationSession {
  const r = resolveStationConfig(config);
  if (!r.ok) throw new Iec104ConfigError(r.error.message);
  return new Iec104StationSession(r.value, database);
}

/** A process image to share between station sessions (see createIec104Station). */
export function createIec104StationDatabase(config: Iec104StationConfig = {}): StationDatabase {
  const r = resolveStationConfig(config);
  if (!r.ok) throw new Iec104ConfigError(r.error.message);
  return new StationDatabase(r.value.points, r.value.commonAddresses[0] as number, r.value.models?.seed);
}
