/**
 * History benchmark. Prints figures; asserts nothing.
 *
 * 1. Write rate: 100 stations x 100 points, `--rate` updates/s (default 50 000) for
 *    `--seconds` (default 20) through the engine's update pipeline with the history recorder
 *    (point database, trend ring, alarms, fan-out, history columns), the history worker
 *    writing the batches. Prints the offered and the committed rate, samples dropped, the
 *    process CPU (main thread and worker together), the worker's time inside write
 *    transactions (what the event loop would have spent had the writes run on it), the
 *    transactions' count and size, the time in retention steps and the event-loop lag
 *    (p50/p99/max).
 * 2. Disk: the size of history.db after those samples (raw rows and both aggregate tiers),
 *    per million samples.
 * 3. A week of one point (`--week-rate` samples/s, default 1): reading every raw sample,
 *    and the chart's read of 2000 entries (1-minute buckets grouped), and of 1 hour.
 * Run: npm run bench -- history [--seconds N] [--rate N] [--week-rate N]
 */
import { mkdtempSync, readdirSync, readFileSync, rmSync, statSync } from 'node:fs';
import { cpus, loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { monitorEventLoopDelay } from 'node:perf_hooks';
import { parseArgs } from 'node:util';
import type { Publish } from '../../src-shared/ipc/contract';
import type { PointUpdate } from '../../src-shared/session';
import { AlarmService } from '../../src-main/engine/alarms/alarm-service';
import { HistoryRecorder } from '../../src-main/engine/history/history-recorder';
import { HistoryStore, type HistoryRetention } from '../../src-main/engine/history/history-store';
import { PointFanout } from '../../src-main/engine/pipeline/fanout';
import { applyUpdates } from '../../src-main/engine/pipeline/update-pipeline';
import { PointDatabase } from '../../src-main/engine/points/point-database';
import { TrendStore } from '../../src-main/engine/points/trend-store';

const STATIONS = 100;
const POINTS_PER_STATION = 100;
const KEEP: HistoryRetention = { rawDays: 8, minuteDays: 90, hourDays: 1825 };
const DAY = 86_400_000;

const fileBytes = (file: string): number => {
  let bytes = 0;
  for (const suffix of ['', '-wal', '-shm']) {
    try {
      bytes += statSync(file + suffix).size;
    } catch {
      // no such file: nothing to count
    }
  }
  return bytes;
};

const ms = (n: number): string => `${n.toFixed(1)} ms`;

/** CPU seconds (user + system) of each thread but the main one, by thread id (Linux /proc; empty elsewhere). */
function threadCpu(): Map<string, number> {
  const tick = 100;
  const cpu = new Map<string, number>();
  try {
    for (const tid of readdirSync('/proc/self/task')) {
      if (Number(tid) === process.pid) continue;
      // fields after the parenthesised name: state is field 3, utime 14 and stime 15
      const fields = readFileSync(`/proc/self/task/${tid}/stat`, 'utf8').split(') ')[1]!.split(' ');
      cpu.set(tid, (Number(fields[11]) + Number(fields[12])) / tick);
    }
  } catch {
    // no /proc: no per-thread figures
  }
  return cpu;
}

/** CPU seconds of the thread that used the most since `before` (the history worker while it writes). */
function busiestThread(before: Map<string, number>): number | null {
  let most: number | null = null;
  for (const [tid, seconds] of threadCpu()) most = Math.max(most ?? 0, seconds - (before.get(tid) ?? 0));
  return most;
}

/** Phase 1 and 2: the pipeline at `rate` updates/s for `seconds`, then the file size. */
async function writePhase(dir: string, rate: number, seconds: number): Promise<void> {
  const file = join(dir, 'write.db');
  const store = await HistoryStore.open({ file, retention: KEEP });
  const points = new PointDatabase();
  const fanout = new PointFanout(points, (() => undefined) as Publish, 100);
  const deps = { points, trends: new TrendStore(32), history: new HistoryRecorder(store, points), alarms: new AlarmService(() => undefined), fanout };
  const ONLINE = Object.freeze(['ONLINE']);
  const lag = monitorEventLoopDelay({ resolution: 1 });
  lag.enable();
  const cpu0 = process.cpuUsage();
  const threads0 = threadCpu();
  const t0 = performance.now();
  let sent = 0;
  let station = 0;
  await new Promise<void>((resolve) => {
    const tick = setInterval(() => {
      const elapsed = (performance.now() - t0) / 1000;
      let due = Math.min(Math.floor(elapsed * rate), Math.floor(seconds * rate)) - sent;
      sent += due;
      // a station's session reports all its points in one `points` event
      while (due > 0) {
        const count = Math.min(due, POINTS_PER_STATION);
        const updates: PointUpdate[] = [];
        for (let k = 0; k < count; k++) updates.push({ ref: `ai:${k}`, type: 'g30v5', value: Math.sin(sent + k) * 100, quality: ONLINE, deviceTime: null, isEvent: false });
        applyUpdates(deps, `st${station}`, 'dnp3', updates);
        station = (station + 1) % STATIONS;
        due -= count;
      }
      if (elapsed >= seconds) {
        clearInterval(tick);
        resolve();
      }
    }, 5);
  });
  const offeredSeconds = (performance.now() - t0) / 1000;
  await store.flush();
  const committedSeconds = (performance.now() - t0) / 1000;
  const cpu = process.cpuUsage(cpu0);
  const workerCpu = busiestThread(threads0);
  lag.disable();
  const rows = store.committedRows;
  console.log(`machine: ${cpus().length} cores, load average ${loadavg().map((n) => n.toFixed(1)).join(' ')} (a loaded machine starves the worker: compare CPU-s per million, not wall time)`);
  console.log(`write: ${STATIONS} stations x ${POINTS_PER_STATION} points, offered ${Math.round(sent / offeredSeconds)} updates/s for ${offeredSeconds.toFixed(1)} s`);
  console.log(`  committed ${rows} samples in ${committedSeconds.toFixed(1)} s = ${Math.round(rows / committedSeconds)} samples/s, ${store.dropped} dropped`);
  const cpuSeconds = (cpu.user + cpu.system) / 1e6;
  console.log(`  process CPU (main + worker) ${((cpuSeconds / committedSeconds) * 100).toFixed(0)}% of one core, ${((cpuSeconds / rows) * 1e6).toFixed(1)} CPU-s per million samples (pipeline included)`);
  console.log(`  worker in write transactions ${(store.writeMs / 1000).toFixed(1)} s = ${((store.writeMs / 1000 / committedSeconds) * 100).toFixed(0)}% of the time, ${((store.writeMs / rows) * 1000).toFixed(2)} us per sample`);
  if (workerCpu !== null) console.log(`  busiest other thread (the history worker) ${workerCpu.toFixed(2)} CPU-s = ${((workerCpu / rows) * 1e6).toFixed(2)} us of CPU per sample, ${((workerCpu / committedSeconds) * 100).toFixed(0)}% of one core`);
  const transactions = Math.max(1, store.transactions);
  console.log(`  ${transactions} write transactions of ${Math.round(rows / transactions)} samples on average (batches queued behind a running one share the next)`);
  console.log(`  (on the main thread that would block the event loop ${ms(store.writeMs / transactions)} per transaction)`);
  console.log(`  worker in retention steps ${(store.pruneMs / 1000).toFixed(2)} s = ${((store.pruneMs / rows) * 1000).toFixed(2)} us per sample`);
  console.log(`  event-loop lag p50 ${ms(lag.percentile(50) / 1e6 - 1)}, p99 ${ms(lag.percentile(99) / 1e6 - 1)}, max ${ms(lag.max / 1e6 - 1)}`);
  await store.close();
  const bytes = fileBytes(file);
  console.log(`disk: ${(bytes / 1e6).toFixed(1)} MB for ${rows} samples of ${STATIONS * POINTS_PER_STATION} points = ${((bytes / rows) * 1e6 / 1e6).toFixed(1)} MB per million samples (raw rows and the 1m and 1h aggregates)`);
}

/** Phase 3: a week of one point, then reads of it. */
async function weekPhase(dir: string, perSecond: number): Promise<void> {
  const now = Date.now();
  const store = await HistoryStore.open({ file: join(dir, 'week.db'), retention: KEEP });
  const series = store.seriesId('rtu1', 'ai:0');
  const quality = store.qualityId(['ONLINE']);
  const step = 1000 / perSecond;
  const count = Math.floor((7 * DAY) / step);
  const w0 = performance.now();
  for (let i = 0; i < count; i++) {
    store.append(series, now - 7 * DAY + i * step, 50 + 20 * Math.sin(i / 600), quality, false);
    if (i % 100_000 === 99_999) await store.flush();
  }
  await store.flush();
  console.log(`week: ${count} samples of one point (${perSecond}/s) written in ${((performance.now() - w0) / 1000).toFixed(1)} s`);
  const point = { station: 'rtu1', point: 'ai:0' };
  for (let run = 0; run < 2; run++) {
    const r0 = performance.now();
    let raw = 0;
    let from = now - 7 * DAY;
    for (;;) {
      const page = await store.page({ ...point, resolution: 'raw', from, to: now, limit: 100_000 });
      raw += page.length;
      if (page.length < 100_000) break;
      from = page.at(-1)!.t + 1;
    }
    const r1 = performance.now();
    const [chart] = await store.read({ points: [point], from: now - 7 * DAY, to: now, maxPoints: 2000 });
    const r2 = performance.now();
    const [hour] = await store.read({ points: [point], from: now - 3_600_000, to: now, maxPoints: 2000 });
    const r3 = performance.now();
    console.log(
      `  ${run === 0 ? 'first' : 'again'}: every raw sample (${raw}) ${ms(r1 - r0)}; chart of the week ${ms(r2 - r1)} (${chart!.times.length} entries, ${chart!.source} buckets of ${chart!.bucketMs / 60_000} min); chart of 1 h ${ms(r3 - r2)} (${hour!.times.length} entries, ${hour!.bucketMs ? `raw grouped in ${hour!.bucketMs} ms` : 'raw'})`,
    );
  }
  await store.close();
}

/** Runs the benchmark and prints its figures. */
export async function run(args: string[]): Promise<void> {
  const { values } = parseArgs({ args, options: { seconds: { type: 'string' }, rate: { type: 'string' }, 'week-rate': { type: 'string' } } });
  const dir = mkdtempSync(join(tmpdir(), 'sy-bench-history-'));
  try {
    await writePhase(dir, Number(values.rate ?? 50_000), Number(values.seconds ?? 20));
    await weekPhase(dir, Number(values['week-rate'] ?? 1));
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
