/**
 * Scale benchmark (prints figures, asserts nothing): N stations (default 1,000), half DNP3
 * and half IEC 104, served by two simulator processes (`sim dnp3|iec104 --stations K`) on
 * loopback, all in ONE engine (`createEngine`: the real StationManager, sessions, update
 * pipeline, event log, alarms and fan-out to one subscribed client), headless. Prints:
 * the time to apply the workspace and until every station is ready, then for a steady
 * phase without and one with the Sparkplug B publisher (against a mosquitto the bench
 * starts on a loopback port, a subscriber in its own process counting what arrives):
 * the engine's CPU (user + system seconds per second), RSS, heap and array buffers,
 * event-loop lag (p50/p99/max), point updates ingested per second, the simulators' CPU,
 * and with Sparkplug the DDATA messages and metrics per second published and received,
 * and the publisher's dropped counter.
 * Run: `npm run bench -- scale [N] [--seconds S] [--points P] [--rate R] [--trend L]`
 * (default 1000 stations, 15 s per phase, DNP3 P points of each type and IEC 104 P measured
 * values besides one of each type (default 5), R value changes per second per station
 * (default 2), trend buffers of the workspace default length unless --trend).
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { availableParallelism, loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { monitorEventLoopDelay } from 'node:perf_hooks';
import { parseArgs } from 'node:util';
import type { AudienceClient } from '../../src-shared/ipc/contract';
import type { StationConfigInput } from '../../src-shared/workspace/station';
import { createEngine, emptyWorkspace, type Engine } from '../../src-main/engine';
import { workspaceToText } from '../../src-main/engine/workspace/workspace-store';
import { startMosquitto } from '../integration/helpers/mosquitto';
import { cpuSecondsOf, runQueueSecondsOf, startCounterChild, startSimChild, type Child, type CounterChild, type Counts } from './helpers/scale-children';

const GROUP = 'Scale';
const CONNECT_LIMIT_MS = 240_000;

/** A station of the workspace for a simulator URL. */
function stationFor(url: string, index: number): StationConfigInput {
  const u = new URL(url);
  const protocol = u.protocol === 'dnp3:' ? 'dnp3' : 'iec104';
  const id = `${protocol === 'dnp3' ? 'd' : 'i'}${String(index).padStart(4, '0')}`;
  return { id, name: `${protocol.toUpperCase()} RTU ${index}`, protocol, transport: { kind: 'tcp', host: u.hostname, port: Number(u.port) } };
}

async function sleep(ms: number): Promise<void> {
  await new Promise((r) => setTimeout(r, ms));
}

function mib(bytes: number): string {
  return `${(bytes / 2 ** 20).toFixed(0)} MiB`;
}

function readyCount(engine: Engine): number {
  let n = 0;
  for (const station of engine.stations.list()) if (station.state === 'ready') n++;
  return n;
}

function updatesIngested(engine: Engine): number {
  let n = 0;
  for (const station of engine.stations.list()) n += station.stats.updates;
  return n;
}

/** Waits until every station is ready (or the limit); prints progress every 5 s; the ms it took. */
async function untilAllReady(engine: Engine, total: number, t0: number): Promise<number | null> {
  let nextReport = 5000;
  for (;;) {
    const ready = readyCount(engine);
    const elapsed = performance.now() - t0;
    if (ready === total) return elapsed;
    if (elapsed > CONNECT_LIMIT_MS) {
      console.log(`  only ${ready} of ${total} ready after ${(elapsed / 1000).toFixed(0)} s`);
      return null;
    }
    if (elapsed > nextReport) {
      console.log(`  ${ready} of ${total} ready after ${(elapsed / 1000).toFixed(0)} s`);
      nextReport += 5000;
    }
    await sleep(50);
  }
}

interface Phase {
  engine: Engine;
  sims: Child[];
  counter?: CounterChild;
  seconds: number;
}

/** One steady phase: CPU, memory, lag and throughput over `seconds`. */
async function measure(title: string, p: Phase): Promise<void> {
  const lag = monitorEventLoopDelay({ resolution: 10 });
  const cpu0 = process.cpuUsage();
  const waited0 = runQueueSecondsOf('self');
  const sims0 = p.sims.map((s) => cpuSecondsOf(s.child.pid!));
  const updates0 = updatesIngested(p.engine);
  const sp0 = p.engine.sparkplug.status();
  const counts0: Counts = { ...p.counter?.counts() };
  const t0 = performance.now();
  lag.enable();
  await sleep(p.seconds * 1000);
  lag.disable();
  const wall = (performance.now() - t0) / 1000;
  const cpu = process.cpuUsage(cpu0);
  const waited = (runQueueSecondsOf('self') - waited0) / wall;
  const sims = p.sims.map((s, i) => (cpuSecondsOf(s.child.pid!) - sims0[i]!) / wall);
  const updates = updatesIngested(p.engine) - updates0;
  const mem = process.memoryUsage();
  const ms = (ns: number) => `${Math.max(0, ns / 1e6 - 10).toFixed(1)} ms`;
  // Lag counts the time this process waited for a core: read it with the machine's load.
  console.log(`${title} (${wall.toFixed(1)} s, load average ${loadavg()[0]!.toFixed(1)} on ${availableParallelism()} cores):`);
  console.log(`  engine CPU:           ${((cpu.user + cpu.system) / 1e6 / wall).toFixed(2)} s/s (user ${(cpu.user / 1e6 / wall).toFixed(2)}, system ${(cpu.system / 1e6 / wall).toFixed(2)})`);
  console.log(`  simulators' CPU:      dnp3 ${sims[0]!.toFixed(2)} s/s, iec104 ${sims[1]!.toFixed(2)} s/s`);
  console.log(`  memory:               RSS ${mib(mem.rss)}, heap used ${mib(mem.heapUsed)} of ${mib(mem.heapTotal)}, array buffers ${mib(mem.arrayBuffers)}, trend buffers ${mib(p.engine.trends.sampleBytes)}`);
  console.log(`  event-loop lag:       p50 ${ms(lag.percentile(50))}, p99 ${ms(lag.percentile(99))}, max ${ms(lag.max)}; the main thread waited ${waited.toFixed(2)} s/s for a core`);
  console.log(`  updates ingested:     ${Math.round(updates / wall)} /s (${p.engine.points.count} points in the database)`);
  if (!p.counter) return;
  const sp = p.engine.sparkplug.status();
  const counts = p.counter.counts();
  const delta = (key: string) => ((counts[key] ?? 0) - (counts0[key] ?? 0)) / wall;
  console.log(`  sparkplug published:  ${Math.round((sp.sent - sp0.sent) / wall)} messages/s, ${Math.round((sp.metrics - sp0.metrics) / wall)} metrics/s; connected ${sp.connected}, buffered ${sp.buffered}, dropped ${sp.dropped} (${sp.dropped - sp0.dropped} in this phase)`);
  console.log(`  sparkplug received:   ${Math.round(delta('DDATA'))} DDATA/s with ${Math.round(delta('metrics'))} metrics/s (subscriber process)`);
}

/** Turns the publisher on and waits until the subscriber has seen every device born. */
async function startSparkplug(engine: Engine, url: string, counter: CounterChild, total: number): Promise<void> {
  const t0 = performance.now();
  const change = await engine.workspace.update((draft) => {
    draft.sparkplug = { enabled: true, brokerUrl: url, groupId: GROUP, edgeNodeId: 'engine', publishIntervalMs: 1000 };
  });
  if (!change.ok) throw new Error(`sparkplug: ${change.error.message}`);
  const end = performance.now() + 60_000;
  while ((counter.counts().DBIRTH ?? 0) < total && performance.now() < end) await sleep(50);
  console.log(`sparkplug births:       NBIRTH ${counter.counts().NBIRTH ?? 0}, DBIRTH ${counter.counts().DBIRTH ?? 0} of ${total} received ${((performance.now() - t0) / 1000).toFixed(1)} s after the publisher was configured`);
}

/** Runs the benchmark. */
export async function run(args: string[]): Promise<void> {
  const { values, positionals } = parseArgs({ args, allowPositionals: true, options: { seconds: { type: 'string' }, points: { type: 'string' }, rate: { type: 'string' }, trend: { type: 'string' } } });
  const total = Number(positionals[0] ?? 1000);
  const seconds = Number(values.seconds ?? 15);
  const perStation = ['--points', values.points ?? '5', '--rate', values.rate ?? '2'];
  const dnp3Count = Math.ceil(total / 2);
  console.log(`scale bench: ${total} stations (${dnp3Count} DNP3, ${total - dnp3Count} IEC 104) in one engine, ${perStation.join(' ')} per station, ${seconds} s per phase`);
  const broker = await startMosquitto();
  const dir = mkdtempSync(join(tmpdir(), 'sy-scale-'));
  const children: Child[] = [];
  let engine: Engine | null = null;
  try {
    const sims = await Promise.all([startSimChild('dnp3', dnp3Count, perStation), startSimChild('iec104', total - dnp3Count, perStation)]);
    children.push(...sims);
    const viewer: AudienceClient = { id: 'bench', user: { name: 'bench', role: 'viewer' } };
    // The trend length is read at start: a workspace with it is written before the engine starts.
    if (values.trend) writeFileSync(join(dir, 'workspace.json'), workspaceToText({ ...emptyWorkspace(), preferences: { ...emptyWorkspace().preferences, trendLength: Number(values.trend) } }));
    engine = await createEngine({ dataDir: dir, publish: () => undefined, log: () => undefined, demoOnFirstStart: false });
    engine.fanout.subscribe(viewer, 'all');
    const stations = [...sims[0].urls, ...sims[1].urls].map(stationFor);
    const t0 = performance.now();
    const change = await engine.workspace.update((draft) => {
      draft.stations = stations;
    });
    if (!change.ok) throw new Error(`workspace: ${change.error.message}`);
    console.log(`workspace applied:      ${(performance.now() - t0).toFixed(0)} ms (validated, saved, ${total} sessions started)`);
    const allReady = await untilAllReady(engine, total, t0);
    if (allReady !== null) console.log(`all connected:          ${(allReady / 1000).toFixed(1)} s until ${total} stations were ready`);
    await sleep(3000);
    await measure('steady, no Sparkplug', { engine, sims, seconds });
    const counter = await startCounterChild(broker.url, GROUP);
    children.push(counter);
    await startSparkplug(engine, broker.url, counter, total);
    await measure('steady, with Sparkplug', { engine, sims, counter, seconds });
  } finally {
    const stopping = engine?.stop();
    await stopping;
    await Promise.all(children.map((c) => c.stop()));
    await broker.close();
    rmSync(dir, { recursive: true, force: true });
  }
}
