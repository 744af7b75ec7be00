/**
 * The protocol-neutral sans-IO session contract shared by the DNP3 and IEC 104 cores and
 * the engine. A session is a state machine `step(input, nowMs) -> outputs`: it never
 * touches a socket, a timer or the clock. Transports feed it bytes and fired timers; the
 * engine feeds it calls and consumes its events.
 */
import type { CommandResult, CommandStage } from './command-results';
import type { SessionErrorCode } from './session-errors';
import type { Dnp3Call } from './dnp3-calls';
import type { Iec104Call } from './iec104-calls';
import type { FileCall, FileEvent } from './file-transfer';

/** Names a timer a session asked for; re-arming an id replaces the earlier timer. */
export type TimerId = string;

/**
 * What drives a session. `link` numbers the connection when one session owns several
 * (an IEC 104 redundancy group: the index into its endpoint list); absent means link 0.
 */
export type SessionInput =
  | { kind: 'up'; link?: number }
  | { kind: 'down'; reason: string; link?: number }
  | { kind: 'rx'; bytes: Uint8Array; link?: number }
  | { kind: 'timer'; id: TimerId }
  | { kind: 'call'; call: SessionCall };

/** What a session asks its driver to do, in order (`link` as in SessionInput). */
export type SessionOutput =
  | { kind: 'tx'; bytes: Uint8Array; link?: number }
  | { kind: 'arm'; id: TimerId; ms: number }
  | { kind: 'cancel'; id: TimerId }
  /** The session wants the connection closed (e.g. IEC 104 t1 expiry); `reason` says why. */
  | { kind: 'close'; reason: string; link?: number }
  | { kind: 'event'; event: SessionEvent };

/** A sans-IO protocol session. `nowMs` is monotonic milliseconds (fractions allowed). */
export interface Session {
  step(input: SessionInput, nowMs: number): SessionOutput[];
}

/** Protocol of a station or session. */
export type Protocol = 'dnp3' | 'iec104';

/** Pulse parameters of a pulse or trip/close action; left out, the station's defaults apply. */
export interface PulseTimes {
  onMs?: number;
  offMs?: number;
  count?: number;
}

/**
 * A control action, protocol-neutral. DNP3 maps latch/pulse/trip/close/nul to a CROB
 * (trip/close: TRIP or CLOSE code with PULSE_ON; nul: the NUL operation, which operates
 * nothing) and setpoint to an analog output block; IEC 104 maps on/off to a single
 * command, trip/close to a double command, step to a regulating step and setpoint to a
 * set-point command, and has no nul.
 */
export type ControlAction =
  | { action: 'on' }
  | { action: 'off' }
  | ({ action: 'pulseOn' } & PulseTimes)
  | ({ action: 'pulseOff' } & PulseTimes)
  | ({ action: 'trip' } & PulseTimes)
  | ({ action: 'close' } & PulseTimes)
  | { action: 'nul' }
  | { action: 'setpoint'; value: number }
  | { action: 'step'; direction: 'up' | 'down' };

/** The ways a command can be sent. */
export const COMMAND_MODES = ['sbo', 'direct', 'direct-no-ack'] as const;
/** How a command is sent: select-before-operate, direct, or (DNP3) direct without acknowledgement. */
export type CommandMode = (typeof COMMAND_MODES)[number];

/** One control command as the engine hands it to a session. */
export interface CommandRequest {
  /** Correlates every stage event and the result with this request. */
  id: string;
  /** Point reference of the target, e.g. `bo:3`, `ao:1`, `ioa:5001`. */
  target: string;
  /** IEC 104 common address (defaults to the session's first). */
  commonAddress?: number;
  action: ControlAction;
  mode: CommandMode;
  /**
   * Protocol detail: DNP3 object variation for setpoints (`g41v1`..`g41v4`); IEC 104 type
   * name (`C_SE_NC_1`) and qualifier (`qu`, `ql`).
   */
  type?: string;
  qualifier?: number;
  /** Attach the station's current time tag (IEC 104 types 58-64). */
  timeTagged?: boolean;
  /**
   * Two-step select-before-operate as the UI needs it: with mode `sbo` and this set, the
   * session stops after the select is confirmed (stage `selected`, with the echo/ACTCON)
   * and operates only on a later `{ op: 'operate', id }` call, or gives up with
   * `SELECT_TIMEOUT` when none comes within the select timeout. Without it, `sbo`
   * operates as soon as the select is confirmed (the CLI's path).
   */
  pauseAfterSelect?: boolean;
}

/** Calls every session understands. */
export type CommonCall =
  /** DNP3 integrity poll (class 1,2,3,0); IEC 104 general interrogation (QOI 20, or group 1-16). */
  | { op: 'interrogate'; group?: number }
  /** Clock synchronisation; `procedure` applies to DNP3 only. */
  | { op: 'timeSync'; procedure?: 'lan' | 'non-lan' | 'write' }
  | { op: 'command'; command: CommandRequest }
  /** Operate a command that was selected with `pauseAfterSelect`. */
  | { op: 'operate'; id: string }
  /** Abort a pending select (IEC 104 deactivation, COT 8; DNP3 forgets the select). */
  | { op: 'cancelCommand'; id: string }
  /** Orderly stop (IEC 104 STOPDT); the driver closes after the session says `close`. */
  | { op: 'stop' }
  /**
   * How much the session describes of its frames for the analyzer from now on (`frame`
   * events). The engine keeps stations at `off` and switches one to `full` while somebody
   * watches it in the analyzer, so that nobody pays for descriptions nobody reads.
   */
  | { op: 'decodeLevel'; level: DecodeLevel }
  /**
   * The events of the `points` event that carried this `confirm` token are durably stored:
   * the session may now acknowledge them to the device (DNP3 application CONFIRM, IEC 104
   * N(R)). Only sessions configured with `confirmAfterCommit` hand out tokens; an unknown or
   * stale token (the link dropped meanwhile, or the session stopped waiting) is ignored.
   */
  | { op: 'confirm'; token: number };

/** Anything a session can be asked to do. */
export type SessionCall = CommonCall | Dnp3Call | Iec104Call | FileCall;

/** One value a device reported. */
export interface PointUpdate {
  /** Canonical point reference: `bi:3`, `dbi:1`, `bo:0`, `ai:7`, `ao:2`, `ctr:4`, `fc:4`, `os:1`, `ioa:3001`. */
  ref: string;
  /** IEC 104 common address; absent for DNP3. */
  commonAddress?: number;
  /** DNP3 group/variation (`g30v1`) or IEC 104 type name (`M_ME_NC_1`). */
  type: string;
  /** Numbers for analogs/counters and double-bit states (0-3), booleans for binaries, hex for octet strings. */
  value: number | boolean | string;
  /** Quality flags as words (`ONLINE`, `IV`, `NT`...). Shared frozen arrays: never mutate. */
  quality: readonly string[];
  /** Device time in ms since the Unix epoch, UTC, or null when the device sent none. */
  deviceTime: number | null;
  /** True when reported as an event / spontaneous change, false for static (poll/GI) data. */
  isEvent: boolean;
  /** IEC 104 cause name (`spont`, `inrogen`, `retrem`...); DNP3 leaves it out. */
  cause?: string;
  /**
   * IEC 104: an event without time tag that equals one the previous connection received
   * but had not acknowledged when it was lost. The station may be sending it again, or it
   * may be a new change with the same value: the two cannot be told apart.
   */
  possibleRepeat?: boolean;
}

/** A decoded field of an analyzer frame, with its byte span for hex highlighting. */
export interface FrameField {
  name: string;
  value: string;
  /** Byte offset of the field within the frame's raw bytes. */
  offset: number;
  /** Length in bytes (0 for purely logical groupings). */
  length: number;
  children?: FrameField[];
}

/** One decoded frame for the analyzer (when the session's decode level is not `off`). */
export interface AnalyzerFrame {
  direction: 'tx' | 'rx';
  protocol: Protocol;
  /** One line, e.g. `READ class 1230` or `I(12,5) M_ME_NC_1 spont IOA 3001`. */
  summary: string;
  bytes: Uint8Array;
  /** Present at decode level `full`. */
  fields?: FrameField[];
  /** Set when the frame could not be decoded; names the problem by code. */
  error?: string;
}

/** How much the session decodes for the analyzer. */
export type DecodeLevel = 'off' | 'summary' | 'full';

/** Everything a session reports to the engine. */
export type SessionEvent =
  /** Protocol-level state, e.g. `starting`, `ready` (DNP3 after startup; IEC 104 after STARTDT con), `stopped`. */
  | { type: 'state'; state: 'starting' | 'ready' | 'stopped'; detail?: string }
  /**
   * Reported values. `confirm` (only with `confirmAfterCommit`): the device is not told the
   * events arrived until the engine calls `{ op: 'confirm', token }` after storing them.
   */
  | { type: 'points'; updates: PointUpdate[]; confirm?: number }
  /** DNP3 IIN as a 16-bit number (IIN1 low byte) and the names of its set bits. */
  | { type: 'iin'; iin: number; words: string[] }
  | {
      type: 'command';
      id: string;
      stage: CommandStage;
      /** Result or status by name: `SUCCESS`, `ECHO_MISMATCH`, `SELECT_TIMEOUT`, `NEGATIVE_ACTCON`... */
      result: CommandResult;
      ok: boolean;
      detail?: string;
      /** The status/feedback value when the device reported one. */
      feedback?: PointUpdate;
    }
  /** Completion of a task the session ran (integrity poll, GI, class poll, counter interrogation...). */
  | { type: 'task'; name: string; ok: boolean; result: string; durationMs: number; detail?: string }
  /** Clock synchronisation outcome; offset = device time - our time before the sync, when known. */
  | { type: 'timeSync'; ok: boolean; result: string; offsetMs: number | null; deviceTime: number | null }
  /** DNP3 device attributes (g0) or similar identification, by attribute name. */
  | { type: 'attributes'; attributes: Record<string, string | number | boolean> }
  /** A counted protocol error (bad CRC, dropped address, sequence error...). */
  | { type: 'error'; code: SessionErrorCode; message: string }
  /** Response to a protocol-specific call that returns data (raw request, read attributes). */
  | { type: 'response'; id: string; ok: boolean; result: string; value?: unknown }
  | { type: 'frame'; frame: AnalyzerFrame }
  /**
   * Link frames (DNP3) or APDUs (IEC 104) received and sent since the last such event,
   * counted whatever the decode level (at most one event per step).
   */
  | { type: 'frameCount'; rx: number; tx: number }
  /**
   * DNP3 Secure Authentication of the association (at most one event per step, when it
   * changed): the user, the session key status (`OK`, `NOT_INIT`, `COMM_FAIL`, `AUTH_FAIL`)
   * and the counts of key changes, challenges answered, aggressive-mode requests and failures.
   */
  | { type: 'secureAuth'; user: number; keyStatus: string; keyChanges: number; challenges: number; aggressive: number; failures: number }
  /** File transfer: a directory listing, file octets, the end of a read (see file-transfer.ts). */
  | FileEvent;
