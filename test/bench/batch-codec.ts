/**
 * `npm run bench -- batch-codec [points]`: how a `points.batch` best crosses the headless
 * host's WebSocket. Builds a batch of `points` (default 2,000: one station's share of a
 * 100 ms batch at 20,000 updates/s; try 100000 for a comm-loss batch) with the engine's
 * own batch builder, then times encoding on the host and decoding in the page for:
 * the binary frame (src-shared/ipc/binary-frames.ts), the same columns as JSON arrays
 * (typed arrays rebuilt after parsing), and the former JSON list of one object per point.
 * Prints octets and microseconds per batch; asserts nothing.
 */
import { performance } from 'node:perf_hooks';
import { decodeBinaryFrame, encodeBinaryFrame } from '../../src-shared/ipc/binary-frames';
import { PointBatchBuilder } from '../../src-main/engine/pipeline/point-batch-builder';
import { toSample } from '../../src-main/engine/pipeline/point-view';
import { PointDatabase } from '../../src-main/engine/points/point-database';

const TYPED = { Float64Array, Uint32Array, Uint16Array, Uint8Array } as const;

/** JSON with each typed array as `{ $typed, data: [...] }`. */
function encodeJson(message: unknown): string {
  return JSON.stringify(message, (_key, value: unknown) =>
    ArrayBuffer.isView(value) && !(value instanceof DataView) ? { $typed: value.constructor.name, data: Array.from(value as Float64Array) } : value,
  );
}

/** Parses, then rebuilds the typed arrays (a reviver would be slower still). */
function decodeJson(text: string): unknown {
  return revive(JSON.parse(text));
}

function revive(value: unknown): unknown {
  if (typeof value !== 'object' || value === null) return value;
  const typed = value as { $typed?: keyof typeof TYPED; data?: number[] };
  if (typed.$typed !== undefined) return TYPED[typed.$typed].from(typed.data!);
  const record = value as Record<string, unknown>;
  if (!Array.isArray(value)) for (const key of Object.keys(record)) record[key] = revive(record[key]);
  return value;
}

/** Mean microseconds of `fn` over enough runs to last about half a second. */
function time(fn: () => unknown): number {
  for (let i = 0; i < 20; i++) fn();
  let runs = 0;
  const start = performance.now();
  while (performance.now() - start < 500) {
    fn();
    runs++;
  }
  return ((performance.now() - start) * 1000) / runs;
}

/** Runs the benchmark; `args[0]` = points per batch. */
export async function run(args: string[]): Promise<void> {
  const count = Number(args[0] ?? 2000);
  if (!(count > 0)) throw new Error(`usage: npm run bench -- batch-codec [points > 0]; got ${args.join(' ')}`);
  const db = new PointDatabase();
  const now = Date.now();
  const slots = new Uint32Array(count);
  for (let i = 0; i < count; i++) {
    const value = Math.round(Math.sin(i) * 10_000) / 10;
    slots[i] = db.apply('st01', `ai:${i}`, { ref: `ai:${i}`, type: 'g32v5', value, quality: ['ONLINE'], deviceTime: now - i, isEvent: true }, now).index;
  }
  const batch = new PointBatchBuilder(db).build([{ station: 'st01', slots, count }]);
  const message = { t: 'event', name: 'points.batch', payload: batch };
  const legacy = { t: 'event', name: 'points.batch', payload: { station: 'st01', points: Array.from(slots, (slot) => toSample(db.get(slot))) } };
  const frame = encodeBinaryFrame(message);
  const received = frame.slice().buffer;
  const json = encodeJson(message);
  const legacyJson = JSON.stringify(legacy);
  console.log(`batch-codec: one points.batch of ${count.toLocaleString()} points`);
  const line = (what: string, octets: number, encodeUs: number, decodeUs: number) =>
    console.log(`  ${what.padEnd(44)} ${octets.toLocaleString().padStart(12)} octets   encode ${encodeUs.toFixed(1).padStart(9)} us   decode ${decodeUs.toFixed(1).padStart(9)} us`);
  line('binary frame (typed arrays in place)', frame.length, time(() => encodeBinaryFrame(message)), time(() => decodeBinaryFrame(received)));
  line('JSON, columns as number arrays', json.length, time(() => encodeJson(message)), time(() => decodeJson(json)));
  line('JSON, one object per point (before)', legacyJson.length, time(() => JSON.stringify(legacy)), time(() => JSON.parse(legacyJson)));
  await Promise.resolve();
}
