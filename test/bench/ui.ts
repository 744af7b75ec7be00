/**
 * `npm run bench -- ui [seconds]`: the renderer under load in Chromium. A bench host (the
 * real headless server, event hub and WebSocket contract client; a synthetic router in
 * place of the engine) serves 100,000 points in 10 stations and pushes 20,000 point
 * updates per second as one `points.batch` event every 100 ms for all stations, column-wise
 * in typed arrays on one buffer as the engine's fan-out builds it (a binary WebSocket frame).
 * The 30 points in view change in every batch too (the worst case for the table: each of its
 * redraws rewrites every row), unless `--calm-view` leaves them their share of the flood
 * (about 0.6 of them a batch), as in a plant where few of the points on screen move at once.
 * The points view shows the table while the page records every animation frame, every
 * long task and every long animation frame, and a Chromium trace gives the main thread's
 * work behind those frames (requestAnimationFrame intervals are quantised to vsync, so they
 * say when a frame was late, not how much work it took). One point in a hundred (and a
 * few of the first rows) is in alarm, and 100 alarm changes a second are pushed too (one
 * `alarms.changed` event of 10 changes every 100 ms, as the engine coalesces them), so
 * the table's alarm cells are looked up and redrawn under load. The alarms and events view
 * is measured the same way under the same flood (its list holds the 1,009 standing alarms;
 * each alarm change is logged, pushed as `events.appended`, and the live event log below it
 * queries its first page of 100 events as the engine's log answers).
 * Then 10 series of 3,600 samples
 * go on the trend chart and its redraws are timed (User Timing `switchyard:trend-redraw`).
 * Prints figures; asserts nothing.
 */
import { writeFileSync } from 'node:fs';
import { cpus, loadavg } from 'node:os';
import { chromium, type Browser, type Page } from 'playwright-core';
import type { CallName } from '../../src-shared/ipc/contract';
import { RAW_KIND, type PointBatchPayload } from '../../src-shared/ipc/point-batch';
import { fail, ok, type Result } from '../../src-shared/ipc/result';
import type { ClientContext } from '../../src-main/ipc/client-context';
import { createEventHub } from '../../src-main/ipc/event-hub';
import type { Router } from '../../src-main/ipc/router';
import { startHeadlessServer } from '../../src-main/host/headless/server';
import { emptyBatch } from '../../src-main/engine/pipeline/point-batch-builder';
import { ensureRendererBuilt, RENDERER_DIR } from '../../src-main/host/headless/renderer-build';
import { CHROMIUM_ARGS, chromiumPath } from '../e2e/chromium';
import { mainThreadWork, WORK_CATEGORIES, type TaskFigures } from './ui/main-thread-work';

const STATIONS = 10;
const PER_STATION = 10_000;
const UPDATES_PER_SECOND = 20_000;
const BATCH_MS = 100;
const TREND_SERIES = 10;
const TREND_SAMPLES = 3_600;
/** Alarm changes pushed with each batch (100 a second). */
const ALARM_CHANGES_PER_BATCH = 10;

const stationId = (s: number) => `st${String(s).padStart(2, '0')}`;
const address = (i: number) => `ai:${i}`;
const changes = new Uint32Array(STATIONS * PER_STATION);

const valueAt = (i: number, now: number) => Math.round(Math.sin(now / 5000 + i) * 1000) / 10;

function pointInfo(s: number, i: number, now: number) {
  const slot = s * PER_STATION + i;
  const value = valueAt(i, now);
  return {
    slot, address: address(i), type: 'g30v5', raw: value, value, label: null, quality: ['ONLINE'], deviceTime: now, receivedTime: now, changes: changes[slot]!,
    id: `${stationId(s)}/${address(i)}`, station: stationId(s), name: `P${String(slot).padStart(6, '0')}`, description: '', unit: 'kW', configured: true, stateLabels: {}, alarms: null, stateAlarms: [], command: null,
  };
}

/**
 * The one batch of an interval: each station's points `indices` (within the station),
 * column-wise in one buffer as the engine's fan-out builds it.
 */
function batchOf(byStation: ReadonlyMap<number, ReadonlySet<number>>, now: number): PointBatchPayload {
  let n = 0;
  for (const indices of byStation.values()) n += indices.size;
  const batch = emptyBatch([...byStation.keys()].map(stationId), n);
  batch.qualityLists.push(['ONLINE']);
  batch.strings.push('g30v5');
  batch.kinds.fill(RAW_KIND.number);
  batch.deviceTimes.fill(now);
  batch.receivedTimes.fill(now);
  let k = 0;
  [...byStation].forEach(([s, indices], at) => {
    for (const i of indices) {
      const slot = s * PER_STATION + i;
      batch.slots[k] = slot;
      batch.raws[k] = batch.values[k] = valueAt(i, now);
      batch.changes[k++] = changes[slot]!;
    }
    batch.stationEnds[at] = k;
  });
  return batch;
}

/** Points in alarm: one in a hundred, and every third of the first 30 rows (in view). */
const ALARMED = Array.from({ length: STATIONS * PER_STATION }, (_, n) => n).filter((n) => n % 100 === 0 || (n < 30 && n % 3 === 0));

/** The H alarm of point `n` (priorities 1 to 4 in turn). */
function benchAlarm(n: number, acknowledged: boolean, now: number) {
  const s = Math.floor(n / PER_STATION);
  const id = `${stationId(s)}/${address(n % PER_STATION)}`;
  return { id: `${id}#H`, station: stationId(s), address: address(n % PER_STATION), kind: 'H' as const, priority: 1 + (n % 4), message: `${id} H`, value: 100, raisedAt: now, clearedAt: null, active: true, acknowledged, ackBy: acknowledged ? 'bench' : null, ackAt: acknowledged ? now : null, shelf: null };
}

/** One logged alarm event, as the engine's event log holds it. */
interface LoggedEvent {
  id: number;
  time: number;
  deviceTime: number | null;
  kind: 'alarm';
  station: string;
  point: string;
  user: string | null;
  message: string;
  data: null;
}

/** The event log of the bench: every alarm change pushed, newest last (the last 10,000). */
const logged: LoggedEvent[] = [];
let nextEventId = 1;

/** Logs an alarm change as the engine does; returns the event. */
function logAlarm(alarm: ReturnType<typeof benchAlarm>, acknowledged: boolean, now: number): LoggedEvent {
  const event: LoggedEvent = {
    id: nextEventId++,
    time: now,
    deviceTime: null,
    kind: 'alarm',
    station: alarm.station,
    point: alarm.address,
    user: acknowledged ? 'bench' : null,
    message: acknowledged ? `${alarm.message} acknowledged by bench` : `${alarm.message} raised: value 100 (limit 90), priority ${alarm.priority}`,
    data: null,
  };
  logged.push(event);
  if (logged.length > 10_000) logged.splice(0, logged.length - 10_000);
  return event;
}

/** Answers the calls the renderer makes at start-up, the point list, trend history and the event log's pages. */
function benchRouter(): Router {
  const answers: Partial<Record<CallName, (request: Record<string, unknown>, client: ClientContext) => Result<unknown>>> = {
    'app.info': () => ok({ name: 'Switchyard', version: 'bench', host: 'headless', platform: process.platform, demo: false, secretStorage: { kind: 'file-0600', warning: null } }),
    'session.status': (_r, client) => {
      client.user = { name: 'bench', role: 'engineer' };
      return ok({ user: client.user, needsSetup: false, demo: false });
    },
    'stations.list': () =>
      ok(Array.from({ length: STATIONS }, (_, s) => ({ id: stationId(s), name: `Bench station ${s}`, protocol: 'dnp3', target: 'dnp3://127.0.0.1:1', enabled: true, state: 'ready', lastError: null, demo: false, iin: null, protocolState: 'ready' }))),
    'stations.stats': () => ok([]),
    'alarms.list': () => ok({ alarms: ALARMED.map((n) => benchAlarm(n, false, Date.now())), unacknowledged: ALARMED.length }),
    'points.subscribe': () => ok({}),
    'events.query': (request) => {
      const offset = Number(request.offset ?? 0);
      const limit = Number(request.limit ?? 100);
      const newestFirst = logged.slice(Math.max(0, logged.length - offset - limit), logged.length - offset).reverse();
      return ok({ total: logged.length, events: newestFirst });
    },
    'points.list': (request) => {
      const offset = Number(request.offset ?? 0);
      const limit = Number(request.limit ?? 1000);
      const now = Date.now();
      const points = [];
      for (let n = offset; n < Math.min(offset + limit, STATIONS * PER_STATION); n++) points.push(pointInfo(Math.floor(n / PER_STATION), n % PER_STATION, now));
      return ok({ total: STATIONS * PER_STATION, points });
    },
    'trends.get': (request) => {
      const now = Date.now();
      const times = Array.from({ length: TREND_SAMPLES }, (_, k) => now - (TREND_SAMPLES - k) * 1000);
      const series = (request.ids as string[]).map((id, n) => ({ id, times, values: times.map((t, k) => Math.sin(k / 60 + n) * 100 + n * 50), invalid: times.map((_, k) => (k % 900 === 899 ? 1 : 0)) }));
      return ok({ capacity: TREND_SAMPLES, series });
    },
  };
  return {
    dispatch: async (client, name, request) => answers[name as CallName]?.((request ?? {}) as Record<string, unknown>, client) ?? fail('UNSUPPORTED', `${String(name)} is not part of the UI benchmark`),
  };
}

function percentile(sorted: number[], p: number): number {
  return sorted.length === 0 ? Number.NaN : sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))]!;
}

const fmt = (n: number) => n.toFixed(2);

/** `p50 … p95 … p99 … max …` of sorted figures. */
function spread(sorted: number[]): string {
  return `p50 ${fmt(percentile(sorted, 50))}  p95 ${fmt(percentile(sorted, 95))}  p99 ${fmt(percentile(sorted, 99))}  max ${fmt(sorted.at(-1) ?? 0)}`;
}

/** What the probe returns. */
interface FrameRecord {
  deltas: number[];
  longTasks: number[];
  /** Long animation frames (over 50 ms): duration, blocking time, the longest script. */
  longFrames: { duration: number; blocking: number; script: string }[];
  rows: number;
}

/**
 * The in-page probe (a string, so the bundler's helpers never leak into the page): every
 * animation frame's interval, every long task and every long animation frame (the Long
 * Animation Frames API) for `ms` milliseconds.
 */
function frameProbe(ms: number): string {
  return `(async () => {
    const deltas = [];
    const longTasks = [];
    const longFrames = [];
    const observer = new PerformanceObserver((list) => { for (const e of list.getEntries()) longTasks.push(e.duration); });
    observer.observe({ type: 'longtask' });
    const frames = new PerformanceObserver((list) => {
      for (const e of list.getEntries()) {
        const script = [...e.scripts].sort((a, b) => b.duration - a.duration)[0];
        longFrames.push({ duration: e.duration, blocking: e.blockingDuration, script: script ? script.invoker + ' ' + Math.round(script.duration) + ' ms' : '' });
      }
    });
    frames.observe({ type: 'long-animation-frame' });
    await new Promise((done) => {
      const end = performance.now() + ${ms};
      let last = performance.now();
      const tick = (now) => {
        deltas.push(now - last);
        last = now;
        if (now < end) requestAnimationFrame(tick); else done();
      };
      requestAnimationFrame(tick);
    });
    observer.disconnect();
    frames.disconnect();
    return { deltas, longTasks, longFrames, rows: document.querySelectorAll('.body .row, [data-testid=alarm-table] [data-alarm]').length };
  })()`;
}

function taskLine(what: string, tasks: TaskFigures, noun = 'tasks'): string {
  return `${what}: ${tasks.count} ${noun}, ${fmt(tasks.totalMs)} ms; ms each ${spread(tasks.durations)}`;
}

/** The trace's categories when it is saved: the work's, plus V8's sampling profiler (a CPU profile in the trace) and the phases of each V8 garbage collection. */
const SAVED_TRACE_CATEGORIES = [...WORK_CATEGORIES, 'disabled-by-default-v8.gc', 'disabled-by-default-v8.cpu_profiler', 'disabled-by-default-devtools.timeline'];

/**
 * Records `seconds` of the page under load (every frame, long task and long animation
 * frame, and a Chromium trace of the main thread) and prints the figures under `title`;
 * `load()` says what was pushed meanwhile. With `tracePath` the trace is saved.
 */
async function measure(browser: Browser, page: Page, seconds: number, title: string, load: () => string, tracePath?: string): Promise<void> {
  await browser.startTracing(page, { categories: tracePath ? SAVED_TRACE_CATEGORIES : WORK_CATEGORIES });
    const loadBefore = loadavg()[0]!;
  const frames = (await page.evaluate(frameProbe(seconds * 1000))) as FrameRecord;
  const trace = await browser.stopTracing();
  if (tracePath) {
  writeFileSync(tracePath, trace);
  console.log(`trace saved to ${tracePath}`);
  }
  const work = mainThreadWork(trace);

  const sorted = [...frames.deltas].sort((a, b) => a - b);
  const budget = 1000 / 60;
  const dropped = frames.deltas.reduce((sum, d) => sum + Math.max(0, Math.round(d / budget) - 1), 0);
  console.log(`${title}: ${frames.deltas.length} frames, ${frames.rows} rows in the DOM; ${load()}`);
  console.log(`  frame interval ms (requestAnimationFrame, vsync-quantised): ${spread(sorted)}`);
  console.log(`  dropped frames: ${dropped} (${fmt((100 * dropped) / (frames.deltas.length + dropped))} %)`);
  console.log(`  long tasks > 50 ms: ${frames.longTasks.length}${frames.longTasks.length ? ` (longest ${fmt(Math.max(...frames.longTasks))} ms)` : ''}`);
  const longest = [...frames.longFrames].sort((a, b) => b.duration - a.duration)[0];
  console.log(`  long animation frames > 50 ms: ${frames.longFrames.length}${longest ? ` (longest ${fmt(longest.duration)} ms, blocking ${fmt(longest.blocking)} ms; its longest script: ${longest.script || 'none'})` : ''}`);
  console.log(`  machine load average ${fmt(loadBefore)} -> ${fmt(loadavg()[0]!)} on ${cpus().length} cores (wall-clock figures stretch with it; CPU time does much less)`);
  console.log(`  main thread (Chromium trace): busy ${fmt((100 * (work.frames.totalMs + work.messages.totalMs + work.other.totalMs)) / work.spanMs)} % of ${fmt(work.spanMs / 1000)} s`);
  console.log(`    busy ms per 1/60 s: ${spread(work.busyPerVsync)}`);
  console.log(`    busy thread (CPU) ms per 1/60 s, waiting for a core not counted: ${spread(work.cpuPerVsync)}`);
  console.log(`    ${taskLine('rendering a frame (rAF, table redraw, style, layout, paint)', work.frames)}`);
  console.log(`    ${taskLine('handling a message (contract client, points batch apply)', work.messages)}`);
  console.log(`    ${taskLine('other tasks (GC, timers)', work.other)}`);
  const cpuLong = work.cpuDurations.filter((ms) => ms > 50);
  console.log(`    thread (CPU) time of a task, throttling included, waiting for a core not: ${spread(work.cpuDurations)}; over 50 ms: ${cpuLong.length}`);
  console.log(`      of rendering a frame: ${spread(work.frameCpuDurations)}`);
  console.log(`    ${taskLine('garbage collection, full (MajorGC)', work.gc.major, 'pauses')}`);
  console.log(`    ${taskLine('garbage collection, young generation (MinorGC)', work.gc.minor, 'pauses')}`);
  console.log(`    tasks over 50 ms in the trace: ${work.longTasks.length}${work.longTasks.length > 5 ? '; the 5 longest:' : ''}`);
  for (const task of work.longTasks.slice(0, 5)) {
    console.log(`      ${fmt(task.ms)} ms (${task.kind}); inside: ${task.inside.map((e) => `${e.name} ${fmt(e.ms)}`).join(', ')}`);
  }
  console.log('    (the Long Tasks API leaves out tasks that run no script or rendering, such as a V8 full-GC pause; the trace counts them)');
}

/**
 * Runs the benchmark; `args[0]` = seconds of load (default 20), `args[1]` = CPU slowdown
 * factor (default 1: none; e.g. 4 stands in for a loaded machine, through Chromium's
 * CPU throttling). On Linux Chromium slows the page's main thread with a signal every
 * 200 µs whose handler spins for (rate - 1) times the wall time since the last one (at most
 * 1 ms), so that thread holds a whole core throughout, idle or not. On a 2-core machine the
 * browser's other threads and the bench's server share the other core and at times run in
 * its place; the time it waits counts as run time and is followed by spinning. A task's
 * wall time includes both: read the long tasks beside their CPU time (`thread (CPU) time
 * of a task`). `--trace <file>` saves the Chromium trace of the points view's load
 * phase, with a CPU profile, for the DevTools Performance panel or chrome://tracing (and
 * the alarms view's beside it, `-alarms.json`). `--calm-view`: the rows in view change only
 * as the random flood reaches them, not in every batch.
 */
export async function run(args: string[]): Promise<void> {
  const traceAt = args.indexOf('--trace');
  const tracePath = traceAt >= 0 ? args[traceAt + 1] : undefined;
  const calmView = args.includes('--calm-view');
  const positional = args.filter((arg, at) => arg !== '--calm-view' && (traceAt < 0 || (at !== traceAt && at !== traceAt + 1)));
  const seconds = Number(positional[0] ?? 20);
  const slowdown = Number(positional[1] ?? 1);
  if (!(seconds > 0) || !(slowdown >= 1) || (traceAt >= 0 && !tracePath) || positional.length > 2) {
    throw new Error(`usage: npm run bench -- ui [seconds > 0] [CPU slowdown >= 1] [--calm-view] [--trace <file>]; got ${args.join(' ')}`);
  }
  const executablePath = chromiumPath();
  if (!executablePath) throw new Error('no Chromium found (set CHROME_PATH or install Debian chromium)');
  await ensureRendererBuilt((line) => console.log(line));
  const hub = createEventHub();
  const server = await startHeadlessServer({ router: benchRouter(), hub, rendererDir: RENDERER_DIR });
  const browser = await chromium.launch({ executablePath, args: CHROMIUM_ARGS });
  let pushing: ReturnType<typeof setInterval> | undefined;
  try {
    const page = await browser.newPage({ viewport: { width: 1400, height: 860 } });
    if (slowdown > 1) await (await page.context().newCDPSession(page)).send('Emulation.setCPUThrottlingRate', { rate: slowdown });
    await page.goto(server.url);
    await page.locator('nav button[data-view="points"]').click();
    await page.locator('.body .row').first().waitFor({ timeout: 60_000 });
    console.log(`ui bench: ${(STATIONS * PER_STATION).toLocaleString()} points loaded; ${UPDATES_PER_SECOND.toLocaleString()} updates/s for ${seconds} s; ${calmView ? 'the rows in view change only as the flood reaches them' : 'the 30 rows in view change in every batch'}${slowdown > 1 ? `; CPU slowed ${slowdown}x` : ''}`);
    if (slowdown > 1) console.log("  (slowed, the page's main thread spins and holds a core throughout: a long task's wall time includes waits for a core, its CPU time does not)");

    const idle = (await page.evaluate(frameProbe(5000))) as FrameRecord;
    const idleSorted = [...idle.deltas].sort((a, b) => a - b);
    console.log(`baseline, no updates (machine load shows here): frame interval ms ${spread(idleSorted)}; long tasks > 50 ms: ${idle.longTasks.length}`);

    let sent = 0;
    let alarmChanges = 0;
    let messages = 0;
    const pushStart = Date.now();
    const perBatch = (UPDATES_PER_SECOND * BATCH_MS) / 1000;
    pushing = setInterval(() => {
      const now = Date.now();
      const byStation = new Map<number, Set<number>>();
      for (let k = 0; k < perBatch; k++) {
        const n = Math.floor(Math.random() * STATIONS * PER_STATION);
        const s = Math.floor(n / PER_STATION);
        changes[n]!++;
        let list = byStation.get(s);
        if (!list) byStation.set(s, (list = new Set()));
        list.add(n % PER_STATION);
      }
      // The rows in view change every batch too (unless calm), so every redraw rewrites them.
      for (let i = 0; i < (calmView ? 0 : 30); i++) {
        changes[i]!++;
        byStation.get(0)?.add(i);
      }
      hub.publish('points.batch', batchOf(byStation, now));
      const alarms = Array.from({ length: ALARM_CHANGES_PER_BATCH }, () => {
        const acknowledged = Math.random() < 0.5;
        return { alarm: benchAlarm(ALARMED[Math.floor(Math.random() * ALARMED.length)]!, acknowledged, now), transition: acknowledged ? ('acknowledged' as const) : ('raised' as const) };
      });
      hub.publish('alarms.changed', { changes: alarms, unacknowledged: Math.floor(ALARMED.length / 2) });
      const events = alarms.map(({ alarm, transition }) => logAlarm(alarm, transition === 'acknowledged', now));
      hub.publish('events.appended', { events: events.map(({ id: _id, data: _data, ...notice }) => notice) });
      alarmChanges += ALARM_CHANGES_PER_BATCH;
      messages += 3;
      sent += perBatch;
    }, BATCH_MS);

    const pushed = () => `${sent.toLocaleString()} updates sent, ${ALARMED.length.toLocaleString()} points in alarm, ${alarmChanges.toLocaleString()} alarm changes pushed and logged; ${fmt((1000 * messages) / (Date.now() - pushStart))} messages/s pushed`;
    await measure(browser, page, seconds, 'points view', pushed, tracePath);

    // The alarm list under the same flood: over a thousand standing alarms, a hundred changes a second.
    await page.locator('nav button[data-view="events"]').click();
    await page.locator('[data-testid=alarm-table] [data-alarm]').first().waitFor({ timeout: 60_000 });
    await page.mouse.move(5, 5);
    await measure(browser, page, Math.max(5, seconds / 2), 'alarms and events view', pushed, tracePath?.replace(/(\.json)?$/, '-alarms.json'));

    await page.locator('nav button[data-view="trends"]').click();
    for (let n = 0; n < TREND_SERIES; n++) {
      await page.locator('input[name=trend-search]').fill(`P${String(n).padStart(6, '0')}`);
      await page.locator(`button[data-point="${stationId(0)}/${address(n)}"]`).click();
      await page.locator('ul.chosen li').nth(n).waitFor();
    }
    await page.locator('.trend .segmented label', { hasText: 'All' }).click();
    const redraws = (await page.evaluate(`(async () => {
      performance.clearMeasures('switchyard:trend-redraw');
      await new Promise((done) => setTimeout(done, 5000));
      return performance.getEntriesByName('switchyard:trend-redraw').map((e) => e.duration);
    })()`)) as number[];
    const r = [...redraws].sort((a, b) => a - b);
    console.log(`trend: ${TREND_SERIES} series x ${TREND_SAMPLES.toLocaleString()} samples (+ live), ${r.length} redraws in 5 s`);
    console.log(`  redraw ms: p50 ${fmt(percentile(r, 50))}  p95 ${fmt(percentile(r, 95))}  max ${fmt(r.at(-1) ?? 0)}`);
    console.log('targets: frame time p95 < 16.7 ms (the work per frame, given the vsync-quantised interval), no long task over 50 ms');
  } finally {
    clearInterval(pushing);
    await browser.close();
    await server.close();
  }
}
