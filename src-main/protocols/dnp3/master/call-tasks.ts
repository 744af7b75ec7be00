/** Turns DNP3-specific calls into master tasks (freeze, restart, assign class, attributes, raw, class polls). */
import type { Dnp3Call } from '../../../../src-shared/dnp3-calls';
import { answeredByNothing, FunctionCode, functionName } from '../app/control';
import { iinWords } from '../app/iin';
import { codecFor } from '../app/objects/table';
import type { DataCodec } from '../app/objects/types';
import type { FragmentWriter } from '../app/writer';
import type { EventClass } from './config';
import { objectsOf, rawHeaders } from '../app/raw-objects';
import { RequestTask } from './request-task';
import { classHeaders } from './requests';
import { Priority, type TaskContext, type TaskResponse } from './task';

/** Writes the header of counters `start`..`stop` (qualifier 0x00, or 0x01 beyond 255), or of all (0x06). */
function rangeHeader(w: FragmentWriter, group: number, start: number | undefined, stop: number | undefined): void {
  if (start === undefined) {
    w.header({ group, variation: 0, qualifier: 0x06 });
    return;
  }
  const last = stop ?? start;
  w.header({ group, variation: 0, qualifier: last > 0xff ? 0x01 : 0x00, start, stop: last });
}

const FREEZE_CODES = {
  immediate: [FunctionCode.IMMEDIATE_FREEZE, FunctionCode.IMMEDIATE_FREEZE_NR],
  clear: [FunctionCode.FREEZE_CLEAR, FunctionCode.FREEZE_CLEAR_NR],
  atTime: [FunctionCode.FREEZE_AT_TIME, FunctionCode.FREEZE_AT_TIME_NR],
} as const;

function freezeTask(call: Extract<Dnp3Call, { op: 'dnp3.freeze' }>): RequestTask {
  const fc = FREEZE_CODES[call.mode][call.noAck ? 1 : 0];
  const objects = objectsOf((w) => {
    if (call.mode === 'atTime') w.data(codecFor(50, 2) as DataCodec, 0x07, [{ index: 0, value: { time: call.atTime ?? 0, intervalMs: call.intervalMs ?? 0 } }]);
    rangeHeader(w, 20, call.start, call.stop);
  });
  const name = call.mode === 'atTime' ? 'freezeAtTime' : functionName(fc);
  return new RequestTask({ name, priority: Priority.onDemand, fc, objects, retries: 0, id: call.id, expectResponse: !call.noAck });
}

function restartDelay(_ctx: TaskContext, r: TaskResponse): { delayMs: number | null } {
  const d = r.content.data.find((x) => x.group === 52);
  if (!d) return { delayMs: null };
  return { delayMs: d.variation === 1 ? Number(d.value.seconds) * 1000 : Number(d.value.milliseconds) };
}

function attributesOf(ctx: TaskContext, r: TaskResponse): Record<string, string | number | boolean> {
  const attributes: Record<string, string | number | boolean> = {};
  for (const d of r.data) {
    if (d.group !== 0) continue;
    const v = d.value.value;
    attributes[String(d.value.name)] = typeof v === 'number' || typeof v === 'string' || typeof v === 'boolean' ? v : String(v);
  }
  ctx.emit({ type: 'attributes', attributes });
  return attributes;
}

/**
 * Builds the task for a DNP3 call, or an error reason. `unsolicitedChanged` hears of the
 * classes an ENABLE/DISABLE_UNSOLICITED changed once the outstation accepted it.
 */
export function taskForCall(
  call: Dnp3Call,
  retries: number,
  unsolicitedChanged: (enable: boolean, classes: EventClass[]) => void = () => undefined,
): RequestTask | { error: 'BAD_HEADER' | 'BAD_FUNCTION'; detail: string; id?: string } {
  switch (call.op) {
    case 'dnp3.classPoll': {
      const classes = call.classes.filter((c) => c >= 0 && c <= 3);
      return new RequestTask({ name: 'classPoll', priority: Priority.onDemand, fc: FunctionCode.READ, objects: classHeaders(classes), retries });
    }
    case 'dnp3.freeze':
      return freezeTask(call);
    case 'dnp3.restart': {
      const fc = call.kind === 'cold' ? FunctionCode.COLD_RESTART : FunctionCode.WARM_RESTART;
      return new RequestTask({ name: functionName(fc), priority: Priority.onDemand, fc, objects: new Uint8Array(0), retries: 0, id: call.id, onSuccess: restartDelay });
    }
    case 'dnp3.assignClass': {
      const objects = objectsOf((w) => {
        w.header({ group: 60, variation: call.cls + 1, qualifier: 0x06 });
        rangeHeader(w, call.group, call.start, call.stop);
      });
      return new RequestTask({ name: 'assignClass', priority: Priority.onDemand, fc: FunctionCode.ASSIGN_CLASS, objects, retries: 0, id: call.id });
    }
    case 'dnp3.unsolicited': {
      const fc = call.enable ? FunctionCode.ENABLE_UNSOLICITED : FunctionCode.DISABLE_UNSOLICITED;
      const onEnd = (_ctx: TaskContext, ok: boolean): void => {
        if (ok) unsolicitedChanged(call.enable, call.classes);
      };
      return new RequestTask({ name: functionName(fc), priority: Priority.onDemand, fc, objects: classHeaders(call.classes), retries: 0, id: call.id, onEnd });
    }
    case 'dnp3.readAttributes': {
      const v = call.variation ?? 254;
      // g0 with qualifier 0x00 and index 0: the standard attribute set; v254 asks for all of it
      const objects = objectsOf((w) => w.header({ group: 0, variation: v, qualifier: 0x00, start: 0, stop: 0 }));
      return new RequestTask({ name: 'readAttributes', priority: Priority.onDemand, fc: FunctionCode.READ, objects, retries, id: call.id, onSuccess: attributesOf });
    }
    case 'dnp3.raw': {
      const objects = rawHeaders(call.headers);
      if (typeof objects === 'string') return { error: 'BAD_HEADER', detail: objects, id: call.id };
      if (call.functionCode < 0 || call.functionCode > 255) return { error: 'BAD_FUNCTION', detail: `function code ${call.functionCode}`, id: call.id };
      return new RequestTask({
        name: `raw.${functionName(call.functionCode)}`,
        priority: Priority.onDemand,
        fc: call.functionCode,
        objects,
        retries: 0,
        id: call.id,
        collectPoints: true,
        expectResponse: !answeredByNothing(call.functionCode),
        onAnswer: (r) => ({ function: functionName(r.head.function), iin: r.head.iin, iinWords: iinWords(r.head.iin ?? 0), points: r.points, objects: r.data, ...r.octets }),
      });
    }
  }
}

