/**
 * Points batches as readable samples and back, for tests and benchmarks: `samplesOf`
 * reads every entry of a column-wise batch into an object; `batchOf` builds the
 * column-wise batch of a list of samples (each with its slot), as the engine's fan-out does.
 */
import type { CallResponse } from '../../../src-shared/ipc/contract';
import { batchText, orNull, rawKindOf, rawNumber, rawValue, type PointBatchPayload } from '../../../src-shared/ipc/point-batch';

/** One entry of a batch, read back: a point's live fields and its slot. */
export type BatchSample = Pick<CallResponse<'points.get'>, 'slot' | 'type' | 'raw' | 'value' | 'label' | 'quality' | 'deviceTime' | 'receivedTime' | 'changes'>;

/** Every entry of a batch as an object. */
export function samplesOf(batch: PointBatchPayload): BatchSample[] {
  return Array.from(batch.slots, (slot, i) => ({
    slot,
    type: batch.strings[batch.types[i]!]!,
    raw: rawValue(batch.kinds[i]!, batch.raws[i]!, batchText(batch, i)),
    value: orNull(batch.values[i]!),
    label: batch.labels[i] === 0 ? null : batch.strings[batch.labels[i]! - 1]!,
    quality: batch.qualityLists[batch.qualities[i]!]!,
    deviceTime: orNull(batch.deviceTimes[i]!),
    receivedTime: orNull(batch.receivedTimes[i]!),
    changes: batch.changes[i]!,
  }));
}

/** One batch of several stations' samples, grouped by station in the order given, as the fan-out sends them. */
export function stationsBatchOf(parts: ReadonlyArray<readonly [string, readonly BatchSample[]]>): PointBatchPayload {
  const batch = batchOf('', parts.flatMap(([, samples]) => samples));
  let end = 0;
  batch.stations = parts.map(([station]) => station);
  batch.stationEnds = Uint32Array.from(parts, ([, samples]) => (end += samples.length));
  return batch;
}

/** The column-wise batch of `samples` of one station. */
export function batchOf(station: string, samples: readonly BatchSample[]): PointBatchPayload {
  const n = samples.length;
  const strings: string[] = [];
  const qualityLists: string[][] = [];
  const stringAt = (s: string) => (strings.includes(s) ? strings.indexOf(s) : strings.push(s) - 1);
  const qualityAt = (q: string[]) => {
    const at = qualityLists.findIndex((known) => known.join(' ') === q.join(' '));
    return at >= 0 ? at : qualityLists.push(q) - 1;
  };
  const batch: PointBatchPayload = {
    stations: [station],
    stationEnds: Uint32Array.of(n),
    slots: Uint32Array.from(samples, (s) => s.slot),
    kinds: Uint8Array.from(samples, (s) => rawKindOf(s.raw)),
    raws: Float64Array.from(samples, (s) => rawNumber(s.raw)),
    values: Float64Array.from(samples, (s) => s.value ?? NaN),
    deviceTimes: Float64Array.from(samples, (s) => s.deviceTime ?? NaN),
    receivedTimes: Float64Array.from(samples, (s) => s.receivedTime ?? NaN),
    changes: Uint32Array.from(samples, (s) => s.changes),
    qualities: new Uint16Array(n),
    qualityLists,
    types: new Uint16Array(n),
    labels: new Uint16Array(n),
    strings,
    texts: [],
  };
  samples.forEach((s, i) => {
    batch.qualities[i] = qualityAt(s.quality);
    batch.types[i] = stringAt(s.type);
    batch.labels[i] = s.label === null ? 0 : stringAt(s.label) + 1;
    if (typeof s.raw === 'string') batch.texts.push([i, s.raw]);
  });
  return batch;
}
