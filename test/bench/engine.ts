/**
 * Engine benchmark: 100 stations, 1,000,000 points, 50,000 point updates per second
 * through the engine's update pipeline (point database, trend buffers, alarms, coalescing
 * fan-out) to the batch boundary (the Publish call). Prints CPU %, event-loop lag p99,
 * bytes per point without a trend buffer and with the default one, and bytes per buffered
 * sample, then the cost of a station's loss of communication: marking every point of one
 * station of `--loss N` points (default 100,000) COMM_LOST in one pass and the batch that
 * carries them. Measures only; asserts nothing. Args: [--seconds N] [--rate N] [--points N]
 * [--trend N] [--hot N] [--loss N] (`--hot N`: the updates cycle over the first N points
 * only, to show coalescing).
 * Run: npx tsx -e "import('./test/bench/engine.ts').then(m=>m.run([]))"  (or npm run bench -- engine)
 */
import { monitorEventLoopDelay } from 'node:perf_hooks';
import { parseArgs } from 'node:util';
import * as v from 'valibot';
import type { AudienceClient, Publish } from '../../src-shared/ipc/contract';
import type { PointUpdate } from '../../src-shared/session';
import { PointConfig } from '../../src-shared/workspace/point-config';
import { AlarmService } from '../../src-main/engine/alarms/alarm-service';
import { emptyWorkspace } from '../../src-main/engine/workspace/empty-workspace';
import { PointFanout } from '../../src-main/engine/pipeline/fanout';
import { PointDatabase } from '../../src-main/engine/points/point-database';
import { TrendStore } from '../../src-main/engine/points/trend-store';
import { markCommLost } from '../../src-main/engine/pipeline/quality-marks';
import { applyUpdates } from '../../src-main/engine/pipeline/update-pipeline';

const STATIONS = 100;

function memory(): number {
  const m = process.memoryUsage();
  return m.heapUsed + m.arrayBuffers;
}

async function settle(): Promise<number> {
  const gc = (globalThis as { gc?: () => void }).gc;
  for (let i = 0; i < 3; i++) {
    gc?.();
    await new Promise((r) => setTimeout(r, 50));
  }
  return memory();
}

function address(i: number, perStation: number): { station: string; ref: string; iec: boolean } {
  const s = Math.floor(i / perStation);
  const index = i % perStation;
  const iec = s % 2 === 1;
  return { station: `st${s}`, ref: iec ? `ioa:${index + 1}` : `ai:${index}`, iec };
}

/** Runs the benchmark and prints its figures. */
export async function run(args: string[]): Promise<void> {
  const { values } = parseArgs({ args, options: { seconds: { type: 'string' }, rate: { type: 'string' }, points: { type: 'string' }, trend: { type: 'string' }, hot: { type: 'string' }, loss: { type: 'string' } } });
  const seconds = Number(values.seconds ?? 10);
  const rate = Number(values.rate ?? 50_000);
  const total = Number(values.points ?? 1_000_000);
  const trendLength = Number(values.trend ?? 32);
  const perStation = Math.ceil(total / STATIONS);
  const cycle = Math.min(total, Number(values.hot ?? total));
  const hasGc = typeof (globalThis as { gc?: unknown }).gc === 'function';
  console.log(`engine bench: ${STATIONS} stations, ${total} points, ${rate} updates/s over ${cycle} of them for ${seconds} s, trend length ${trendLength}${hasGc ? '' : ' (run node with --expose-gc for steadier memory figures)'}`);

  const ONLINE = Object.freeze(['ONLINE']);
  const updateOf = (ref: string, iec: boolean, value: number): PointUpdate =>
    iec
      ? { ref, commonAddress: 1, type: 'M_ME_NC_1', value, quality: Object.freeze([]), deviceTime: null, isEvent: false, cause: 'spont' }
      : { ref, type: 'g30v5', value, quality: ONLINE, deviceTime: null, isEvent: false };

  // Memory per point, without trend buffers.
  const base = await settle();
  const points = new PointDatabase();
  for (let i = 0; i < total; i++) {
    const a = address(i, perStation);
    const update = updateOf(a.ref, a.iec, i);
    points.apply(a.station, a.iec ? `${a.ref}@1` : a.ref, update, Date.now());
  }
  const withPoints = await settle();
  const bytesPerPoint = (withPoints - base) / total;

  // Bytes per buffered sample.
  // Samples live only in ArrayBuffers (the slabs); the per-point slot index is counted too.
  const sampleProbe = new TrendStore(64);
  await settle();
  const beforeSamples = process.memoryUsage().arrayBuffers;
  const probePoints = 100_000;
  for (let i = 0; i < probePoints; i++) sampleProbe.append(i, 1, 1, false);
  const bytesPerSample = (process.memoryUsage().arrayBuffers - beforeSamples) / (probePoints * 64);

  // Throughput to the batch boundary.
  const alarmConfig = v.parse(PointConfig, { address: 'ai:0', name: 'x', alarms: { h: 1e12, hh: 2e12, deadband: 1 } });
  for (let s = 0; s < STATIONS; s++) {
    const iec = s % 2 === 1;
    points.configure(
      `st${s}`,
      Array.from({ length: 100 }, (_, k) => ({ ...alarmConfig, address: iec ? `ioa:${k + 1}@1` : `ai:${k}`, name: `point ${k}` })),
    );
  }
  const trends = new TrendStore(trendLength);
  const alarms = new AlarmService(() => undefined);
  const viewer: AudienceClient = { id: 'bench', user: { name: 'bench', role: 'viewer' } };
  let batches = 0;
  let batchedPoints = 0;
  const publish = ((_name: string, payload: { slots?: Uint32Array }, accept?: (c: AudienceClient) => boolean) => {
    if (accept && !accept(viewer)) return;
    batches++;
    batchedPoints += payload.slots?.length ?? 0;
  }) as Publish;
  const fanout = new PointFanout(points, publish, 100);
  fanout.subscribe(viewer, 'all');
  fanout.start();

  // The histogram records whole sampling intervals; lag = recorded - resolution.
  const resolution = 1;
  const lag = monitorEventLoopDelay({ resolution });
  lag.enable();
  const cpu0 = process.cpuUsage();
  const t0 = performance.now();
  let sent = 0;
  let cursor = 0;
  let value = 0;
  await new Promise<void>((resolve) => {
    const tick = setInterval(() => {
      const elapsed = (performance.now() - t0) / 1000;
      const due = Math.min(Math.floor(elapsed * rate), Math.floor(seconds * rate)) - sent;
      // Updates arrive per station, as a session's `points` event would carry them.
      let left = due;
      while (left > 0) {
        const a = address(cursor, perStation);
        const count = Math.min(left, 100, perStation - (cursor % perStation), cycle - cursor);
        const updates: PointUpdate[] = [];
        for (let k = 0; k < count; k++) {
          const b = address(cursor + k, perStation);
          updates.push(updateOf(b.ref, b.iec, value++));
        }
        applyUpdates({ points, trends, alarms, fanout }, a.station, a.iec ? 'iec104' : 'dnp3', updates);
        cursor = (cursor + count) % cycle;
        left -= count;
      }
      sent += due;
      if (elapsed >= seconds) {
        clearInterval(tick);
        resolve();
      }
    }, 5);
  });
  fanout.flush();
  fanout.stop();
  lag.disable();
  const wall = (performance.now() - t0) / 1000;
  const cpu = process.cpuUsage(cpu0);
  const trendBytes = trends.sampleBytes;
  console.log(`updates applied:        ${sent} in ${wall.toFixed(2)} s = ${Math.round(sent / wall)} /s`);
  console.log(`batches published:      ${batches} carrying ${batchedPoints} coalesced points (${(sent / Math.max(1, batchedPoints)).toFixed(2)} updates per sent point)`);
  console.log(`CPU:                    ${((100 * (cpu.user + cpu.system)) / 1e6 / wall).toFixed(1)} % of one core`);
  const lagMs = (ns: number) => Math.max(0, ns / 1e6 - resolution).toFixed(2);
  console.log(`event-loop lag:         p50 ${lagMs(lag.percentile(50))} ms, p99 ${lagMs(lag.percentile(99))} ms, max ${lagMs(lag.max)} ms (target p99 < 20 ms)`);
  console.log(`bytes per point:        ${bytesPerPoint.toFixed(1)} B without trend buffer (target < 200 B; columns ${(points.columnBytes / total).toFixed(1)} B)`);
  console.log(`bytes per sample:       ${bytesPerSample.toFixed(2)} B measured, 16 B by layout (target 16 B)`);
  const defaultTrend = emptyWorkspace().preferences.trendLength;
  console.log(`bytes per point:        ${(bytesPerPoint + defaultTrend * bytesPerSample).toFixed(0)} B with the default trend buffer (${defaultTrend} samples)`);
  console.log(`trend buffers:          ${(trendBytes / 2 ** 20).toFixed(0)} MiB for the points updated (length ${trendLength} = ${trendLength * 16} B per point with its buffer)`);
  console.log(`heap + array buffers:   ${((memory() - base) / 2 ** 20).toFixed(0)} MiB`);
  commLoss({ points, trends, alarms, fanout }, Number(values.loss ?? 100_000), updateOf, () => [batches, batchedPoints]);
}

/** Times marking one station's points COMM_LOST (one pass) and the batch that sends them. */
function commLoss(deps: Parameters<typeof markCommLost>[0], count: number, updateOf: (ref: string, iec: boolean, value: number) => PointUpdate, sent: () => [number, number]): void {
  for (let i = 0; i < count; i += 1000) {
    const updates = Array.from({ length: Math.min(1000, count - i) }, (_, k) => updateOf(`ai:${i + k}`, false, i + k));
    applyUpdates(deps, 'lost', 'dnp3', updates);
  }
  deps.fanout.flush();
  const [batches0, points0] = sent();
  const mark = measure(() => markCommLost(deps, 'lost', 'dnp3', true));
  const flush = measure(() => deps.fanout.flush());
  const again = measure(() => markCommLost(deps, 'lost', 'dnp3', true));
  const [batches1, points1] = sent();
  console.log(`comm loss:              ${mark.result} points of one station marked COMM_LOST in one pass: ${mark.text}; sent as ${batches1 - batches0} batch of ${points1 - points0} points: ${flush.text}; a repeated mark (nothing new): ${again.text}`);
}

/** Runs `work` once; its wall time and its CPU time (the CPU time holds up on a loaded machine). */
function measure<T>(work: () => T): { result: T; text: string } {
  const cpu0 = process.cpuUsage();
  const t0 = performance.now();
  const result = work();
  const wall = performance.now() - t0;
  const cpu = process.cpuUsage(cpu0);
  return { result, text: `${wall.toFixed(1)} ms wall, ${((cpu.user + cpu.system) / 1000).toFixed(1)} ms CPU` };
}
