/** Contract schemas of the `device.*` calls and events (device tasks, see src-shared/device-tasks.ts). */
import * as v from 'valibot';
import { CLASS_GROUPS, COUNTER_FREEZE, DEVICE_TASK_STAGES } from '../../device-tasks';
import { CommandStateSchema } from './commands';

const int = (min: number, max: number) => v.pipe(v.number(), v.integer(), v.minValue(min), v.maxValue(max));
const eventClass = v.union([v.literal(1), v.literal(2), v.literal(3)]);
/** An inclusive index range (start <= stop). */
const IndexRange = v.pipe(
  v.strictObject({ start: int(0, 65535), stop: int(0, 65535) }),
  v.check((r) => r.start <= r.stop, 'start must not be after stop'),
);

/** A device task (see DeviceTask in src-shared/device-tasks.ts). */
const DeviceTaskSchema = v.variant('task', [
  v.strictObject({ task: v.literal('freeze'), clear: v.boolean(), noAck: v.boolean(), range: v.optional(IndexRange) }),
  v.strictObject({ task: v.literal('restart'), kind: v.picklist(['cold', 'warm']) }),
  v.strictObject({
    task: v.literal('assignClass'),
    group: v.picklist(CLASS_GROUPS),
    cls: v.union([v.literal(0), eventClass]),
    range: v.optional(IndexRange),
  }),
  v.strictObject({ task: v.literal('unsolicited'), enable: v.boolean(), classes: v.pipe(v.array(eventClass), v.minLength(1), v.maxLength(3)) }),
  v.strictObject({ task: v.literal('readAttributes'), variation: int(1, 255) }),
  v.strictObject({ task: v.literal('counterInterrogation'), group: int(0, 4), freeze: v.picklist(COUNTER_FREEZE) }),
  v.strictObject({ task: v.literal('interrogation'), group: int(0, 16) }),
  v.strictObject({ task: v.literal('read'), ioa: int(0, 16_777_215) }),
  v.strictObject({ task: v.literal('testCommand') }),
  v.strictObject({ task: v.literal('resetProcess'), qrp: v.union([v.literal(1), v.literal(2)]) }),
]);

/**
 * A raw request (see RawTask in src-shared/device-tasks.ts): the description as given, a
 * JSON object checked by the engine against the station's protocol, and for DNP3 a
 * function code name or number that replaces its "function".
 */
const RawTaskSchema = v.strictObject({
  task: v.literal('raw'),
  request: v.record(v.string(), v.unknown()),
  function: v.optional(v.pipe(v.string(), v.maxLength(40))),
});

/** Request of device.raw: the station, the description and the DNP3 function override. */
export const RawRequestSchema = v.strictObject({
  station: v.string(),
  request: v.record(v.string(), v.unknown()),
  function: v.optional(v.pipe(v.string(), v.maxLength(40))),
});

/** Request of device.request: the station and the task. */
export const DeviceTaskRequest = v.strictObject({ station: v.string(), task: DeviceTaskSchema });

/** Request of device.confirm / device.cancel. */
export const DeviceTaskIdRequest = v.strictObject({ id: v.string() });

/**
 * A device task's state: a command's identity and outcome fields (stage requested, armed,
 * running, done or refused; result `PENDING`, then by name: SUCCESS, SENT for no-ack,
 * REFUSED_ROLE, NOT_CONNECTED, CONFIRM_TIMEOUT, TIMEOUT, CANCELLED...), the task, its label,
 * what the device answered (`{ delayMs }` of a restart, the attributes, the value read, a
 * raw request's RawAnswer of src-shared/raw-answer.ts)
 * and, while armed, when the confirmation expires.
 */
export const DeviceTaskStateSchema = v.object({
  ...v.pick(CommandStateSchema, ['id', 'station', 'user', 'ok', 'done', 'detail', 'stages', 'startedAt']).entries,
  stage: v.picklist(DEVICE_TASK_STAGES),
  /** A task's result is the protocol task's own (an IIN or cause name, a device answer), not only a command result. */
  result: v.string(),
  task: v.union([DeviceTaskSchema, RawTaskSchema]),
  label: v.string(),
  value: v.unknown(),
  confirmDeadline: v.nullable(v.number()),
});
