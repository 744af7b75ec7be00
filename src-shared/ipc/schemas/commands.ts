/** Contract schemas of the `commands.*` calls and events. */
import * as v from 'valibot';
import { COMMAND_RESULT_NAMES, COMMAND_STATE_STAGES, isReservedCode, type ReservedControlStatus, type ReservedSaError } from '../../command-results';
import { COMMAND_MODES } from '../../session';
import { CommandStageRecord } from './events';

const ms = v.pipe(v.number(), v.integer(), v.minValue(1), v.maxValue(3_600_000));
/** Pulse on/off times and count of a pulse or trip/close action (see PulseTimes in session.ts). */
const pulseTimes = { onMs: v.optional(ms), offMs: v.optional(ms), count: v.optional(v.pipe(v.number(), v.integer(), v.minValue(1), v.maxValue(255))) };

/** A control action (see ControlAction in session.ts). */
export const ControlActionSchema = v.variant('action', [
  v.strictObject({ action: v.literal('on') }),
  v.strictObject({ action: v.literal('off') }),
  v.strictObject({ action: v.literal('pulseOn'), ...pulseTimes }),
  v.strictObject({ action: v.literal('pulseOff'), ...pulseTimes }),
  v.strictObject({ action: v.literal('trip'), ...pulseTimes }),
  v.strictObject({ action: v.literal('close'), ...pulseTimes }),
  v.strictObject({ action: v.literal('nul') }),
  v.strictObject({ action: v.literal('setpoint'), value: v.pipe(v.number(), v.finite()) }),
  v.strictObject({ action: v.literal('step'), direction: v.picklist(['up', 'down']) }),
]);

/**
 * IEC 104 qualifier of a command: QU (0 no additional definition, 1 short pulse, 2 long
 * pulse, 3 persistent; up to 31) for single, double and regulating-step commands, QL
 * (0..127) for set-points. Left out, the action decides (pulses use QU 1, the rest 0).
 */
const Qualifier = v.pipe(v.number(), v.integer(), v.minValue(0), v.maxValue(127));

/** Request of commands.select (first step of SBO). */
export const CommandSelectRequest = v.strictObject({ station: v.string(), address: v.string(), action: ControlActionSchema, qualifier: v.optional(Qualifier) });

/** Request of commands.execute: direct, or SBO in one go (the policy decides the mode unless given). */
export const CommandExecuteRequest = v.strictObject({
  station: v.string(),
  address: v.string(),
  action: ControlActionSchema,
  /** `direct-no-ack`: DNP3 DIRECT_OPERATE_NR (function 6), where the point's policy allows direct operate; the result is SENT, never confirmed. */
  mode: v.optional(v.picklist(COMMAND_MODES)),
  qualifier: v.optional(Qualifier),
});

/** Request of commands.operate / commands.cancel. */
export const CommandIdRequest = v.strictObject({ id: v.string() });

/** A command's result by name (src-shared/command-results.ts). */
const CommandResultSchema = v.union([v.picklist(COMMAND_RESULT_NAMES), v.custom<ReservedControlStatus | ReservedSaError>(isReservedCode, 'a command result by name')]);

/** A command's state. */
export const CommandStateSchema = v.object({
  id: v.string(),
  station: v.string(),
  address: v.string(),
  action: v.string(),
  value: v.nullable(v.string()),
  mode: v.picklist(COMMAND_MODES),
  user: v.string(),
  /** Last stage: request, select, selected, operate-request, operate, operated, terminated, feedback, done, refused. */
  stage: v.picklist(COMMAND_STATE_STAGES),
  /** `PENDING`, then by name: SUCCESS, REFUSED_ROLE, REFUSED_POLICY, REFUSED_BUSY, NOT_CONNECTED, SELECT_TIMEOUT, TIMEOUT... */
  result: CommandResultSchema,
  ok: v.boolean(),
  done: v.boolean(),
  detail: v.nullable(v.string()),
  stages: v.array(CommandStageRecord),
  /** While selected: when the select expires (ms since the epoch). */
  selectDeadline: v.nullable(v.number()),
  /** Echo / feedback value reported by the device. */
  feedback: v.nullable(v.object({ value: v.union([v.number(), v.boolean(), v.string()]), quality: v.array(v.string()), type: v.string() })),
  startedAt: v.number(),
});
