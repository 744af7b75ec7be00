/** Contract schemas of the `stations.*` calls and events. */
import * as v from 'valibot';
import { StationConfig } from '../../workspace/station';

/** Connection state of a station, as shown to people. */
const StationState = v.picklist(['disabled', 'disconnected', 'connecting', 'connected', 'ready', 'backoff']);

/** A station as listed in the UI: identity, where it connects, and its live state. */
export const StationStatus = v.object({
  id: v.string(),
  name: v.string(),
  protocol: v.picklist(['dnp3', 'iec104']),
  /** e.g. `dnp3://127.0.0.1:20000?master=1&outstation=10`. */
  target: v.string(),
  enabled: v.boolean(),
  state: StationState,
  lastError: v.nullable(v.object({ code: v.string(), message: v.string(), at: v.number() })),
  demo: v.boolean(),
  /** DNP3 IIN (IIN1 low byte) and its set bits' names; null until reported or for IEC 104. */
  iin: v.nullable(v.object({ value: v.number(), words: v.array(v.string()) })),
  /** Session state: DNP3 startup done / IEC 104 STARTDT confirmed = `ready`. */
  protocolState: v.nullable(v.picklist(['starting', 'ready', 'stopped'])),
});

/** The counters of a serial line (the port a serial station shares with the others on it). */
const SerialLineStats = v.object({
  path: v.string(),
  /** `9600 8N1`. */
  format: v.string(),
  /** Outstation addresses on the line. */
  stations: v.array(v.number()),
  bytesTx: v.number(),
  bytesRx: v.number(),
  framesTx: v.number(),
  framesRx: v.number(),
  crcErrors: v.number(),
  /** Octets outside any frame: noise or a wrong baud rate. */
  discardedOctets: v.number(),
  /** Frames from link addresses no station on the line has. */
  unroutedFrames: v.number(),
  /** Request/response transactions; those ended by the hold timeout (no answer). */
  transactions: v.number(),
  holdTimeouts: v.number(),
  /** Longest wait of a frame for the line, ms. */
  maxWaitMs: v.number(),
  /** Outstation address holding the line now. */
  holder: v.nullable(v.number()),
});

/** Statistics of one station. */
export const StationStats = v.object({
  id: v.string(),
  /** Frames (DNP3 link frames / IEC 104 APDUs) as decoded by the session; bytes as sent and received. */
  framesTx: v.number(),
  framesRx: v.number(),
  bytesTx: v.number(),
  bytesRx: v.number(),
  /** Errors by code (connection and protocol). */
  errors: v.record(v.string(), v.number()),
  reconnects: v.number(),
  lastResponseMs: v.nullable(v.number()),
  avgResponseMs: v.nullable(v.number()),
  maxResponseMs: v.nullable(v.number()),
  updates: v.number(),
  connectedSince: v.nullable(v.number()),
  /** DNP3 Secure Authentication: the user, the session key status (OK, NOT_INIT, COMM_FAIL, AUTH_FAIL) and counters. */
  secureAuth: v.optional(
    v.nullable(v.object({ user: v.number(), keyStatus: v.string(), keyChanges: v.number(), challenges: v.number(), aggressive: v.number(), failures: v.number() })),
  ),
  /** Serial stations: their line's counters while the port is open. */
  serialLine: v.optional(v.nullable(SerialLineStats)),
});

/** A station id in a request. */
export const StationRef = v.strictObject({ id: v.string() });

/** Outcome of an action the session performs later (poll, time sync): accepted or not. */
export const Accepted = v.object({ accepted: v.boolean() });

/** A station's status, its configuration and the device attributes (DNP3 g0) last read, by name. */
export const StationDetail = v.object({ status: StationStatus, config: StationConfig, attributes: v.record(v.string(), v.union([v.string(), v.number(), v.boolean()])) });

/**
 * Request of stations.add / stations.update: a whole station configuration, and a DNP3 SA
 * update key entered in the form (hex), sent this once: the engine keeps it in the host's
 * secret store and the station names it by id (`secureAuth.storedKey`); no call returns it.
 */
export const StationWriteRequest = v.strictObject({ station: v.unknown(), saUpdateKey: v.optional(v.pipe(v.string(), v.maxLength(256))) });

/** Request of stations.setEnabled. */
export const StationEnableRequest = v.strictObject({ id: v.string(), enabled: v.boolean() });

/** Request of stations.interrogate: DNP3 integrity poll / IEC 104 GI (group 1-16 optional). */
export const InterrogateRequest = v.strictObject({ id: v.string(), group: v.optional(v.pipe(v.number(), v.integer(), v.minValue(1), v.maxValue(16))) });

/** One field of a decoded frame, with its byte span. */
export interface FrameFieldShape {
  name: string;
  value: string;
  offset: number;
  length: number;
  children?: FrameFieldShape[];
}

/** A decoded frame field (recursive). */
export const FrameField: v.GenericSchema<FrameFieldShape> = v.object({
  name: v.string(),
  value: v.string(),
  offset: v.number(),
  length: v.number(),
  children: v.optional(v.array(v.lazy(() => FrameField))),
});

/** One analyzer frame of a station. */
export const AnalyzerFrame = v.object({
  /** ms since the epoch. */
  time: v.number(),
  direction: v.picklist(['tx', 'rx']),
  protocol: v.picklist(['dnp3', 'iec104']),
  summary: v.string(),
  /** The frame's bytes as lowercase hex. */
  hex: v.string(),
  fields: v.optional(v.array(FrameField)),
  error: v.optional(v.string()),
});

/** Frames of one station since the last batch. */
export const AnalyzerBatch = v.object({ station: v.string(), frames: v.array(AnalyzerFrame) });

/** Request of analyzer.subscribe: the station whose frames this client receives (null = none). */
export const AnalyzerSubscribeRequest = v.strictObject({ station: v.nullable(v.string()) });
