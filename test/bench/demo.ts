/**
 * Demo soak: runs the engine on the built-in demo workspace (its DNP3 and IEC 104
 * simulators on loopback) in a fresh data directory for a shift-like time and prints
 * what an operator would have seen: every point's lowest and highest value against the
 * range its value model allows, digital changes, events per minute by kind and the growth
 * of the event log database. Measures only; asserts nothing.
 * Args: [--minutes N] (default 30) [--sample-seconds N] (default 5) [--data-dir DIR] (default: a new temp dir).
 * Run: npm run bench -- demo --minutes 30
 */
import { mkdtemp, readdir, stat } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import type { SimValueModel } from '../../src-shared/simulation/value-model';
import type { PointConfigInput } from '../../src-shared/workspace/point-config';
import { createEngine, type Engine } from '../../src-main/engine';
import { DEMO_DNP3_MODELS, demoIec104Points } from '../../src-main/engine/demo/demo-models';
import { DEMO_DNP3_ID, DEMO_IEC104_ID, demoPoints } from '../../src-main/engine/demo/demo-workspace';

/** What was seen of one point. */
interface Seen {
  min: number;
  max: number;
  first: number;
  last: number;
}

/** The models of the demo by `<station>/<address>`. */
function demoModels(): Map<string, SimValueModel> {
  const models = new Map<string, SimValueModel>();
  for (const p of DEMO_DNP3_MODELS.points) models.set(`${DEMO_DNP3_ID}/${p.type}:${p.index}`, p.model);
  for (const p of demoIec104Points()) if (p.model) models.set(`${DEMO_IEC104_ID}/ioa:${p.ioa}@1`, p.model);
  return models;
}

/** The engineering range a model allows under a point's scaling, or null (counters, two-state). */
function allowedRange(model: SimValueModel | undefined, config: PointConfigInput | undefined): [number, number] | null {
  if (model === undefined || (model.kind !== 'analog' && model.kind !== 'steps')) return null;
  const scale = config?.scale ?? 1;
  const offset = config?.offset ?? 0;
  const ends = [model.min * scale + offset, model.max * scale + offset];
  return [Math.min(...ends), Math.max(...ends)];
}

/** Sizes of the event log database and its write-ahead log. */
async function fileBytes(dir: string): Promise<{ db: number; wal: number; total: number }> {
  const names = await readdir(dir).catch(() => [] as string[]);
  const size = async (name: string): Promise<number> => (names.includes(name) ? (await stat(join(dir, name))).size : 0);
  const db = await size('events.db');
  const wal = await size('events.db-wal');
  return { db, wal, total: db + wal };
}

const sizes = (b: { db: number; wal: number }): string => `events.db ${b.db} B + wal ${b.wal} B`;

function sample(engine: Engine, seen: Map<string, Seen>): void {
  for (const station of [DEMO_DNP3_ID, DEMO_IEC104_ID]) {
    for (const index of engine.points.indicesOf(station)) {
      const r = engine.points.get(index);
      if (r.value === null) continue;
      const key = `${station}/${r.address}`;
      const s = seen.get(key);
      if (s === undefined) seen.set(key, { min: r.value, max: r.value, first: r.value, last: r.value });
      else Object.assign(s, { min: Math.min(s.min, r.value), max: Math.max(s.max, r.value), last: r.value });
    }
  }
}

async function eventCounts(engine: Engine): Promise<Map<string, number>> {
  await engine.eventLog.flush();
  const counts = new Map<string, number>();
  for (const kind of ['soe', 'alarm', 'connection', 'task', 'command', 'timeSync', 'config', 'session', 'system']) {
    counts.set(kind, (await engine.eventLog.query({ kinds: [kind], limit: 1 })).total);
  }
  return counts;
}

function report(engine: Engine, seen: Map<string, Seen>): void {
  const models = demoModels();
  const configs = demoPoints();
  console.log('\nstation/address                name                         min         max         allowed range        inside  changes');
  for (const [key, s] of [...seen].sort(([a], [b]) => a.localeCompare(b))) {
    const [station, address] = key.split('/') as [string, string];
    const config = configs[station]?.find((p) => p.address === address);
    const range = allowedRange(models.get(key), config);
    const inside = range === null ? '-' : s.min >= range[0] - 1e-9 && s.max <= range[1] + 1e-9 ? 'yes' : 'NO';
    const index = engine.points.find(station, address);
    const changes = index >= 0 ? engine.points.get(index).changes : 0;
    const shownRange = range === null ? (models.get(key)?.kind ?? 'no model') : `${range[0]} .. ${range[1]}`;
    console.log(
      `${key.padEnd(30)} ${(config?.name ?? '').padEnd(28)} ${String(+s.min.toFixed(3)).padStart(10)}  ${String(+s.max.toFixed(3)).padStart(10)}  ${shownRange.padEnd(20)} ${inside.padEnd(7)} ${changes}`,
    );
  }
}

/** Runs the soak and prints its figures. */
export async function run(args: string[]): Promise<void> {
  const { values } = parseArgs({ args, options: { minutes: { type: 'string' }, 'sample-seconds': { type: 'string' }, 'data-dir': { type: 'string' } } });
  const minutes = Number(values.minutes ?? 30);
  const sampleMs = Number(values['sample-seconds'] ?? 5) * 1000;
  const dataDir = values['data-dir'] ?? (await mkdtemp(join(tmpdir(), 'switchyard-demo-soak-')));
  console.log(`demo soak: ${minutes} min, sampling every ${sampleMs / 1000} s, data dir ${dataDir}`);
  const before = await fileBytes(dataDir);
  const engine = await createEngine({ dataDir, publish: () => undefined, log: (line) => console.log(`engine: ${line}`) });
  const started = Date.now();
  const startBytes = await fileBytes(dataDir);
  const seen = new Map<string, Seen>();
  let nextReport = started + 60_000;
  while (Date.now() - started < minutes * 60_000) {
    await new Promise((resolve) => setTimeout(resolve, sampleMs));
    sample(engine, seen);
    if (Date.now() >= nextReport) {
      nextReport += 60_000;
      const counts = await eventCounts(engine);
      console.log(`${((Date.now() - started) / 60_000).toFixed(1)} min: soe ${counts.get('soe')}, all events ${[...counts.values()].reduce((a, b) => a + b, 0)}, ${sizes(await fileBytes(dataDir))}`);
    }
  }
  const elapsedMin = (Date.now() - started) / 60_000;
  const counts = await eventCounts(engine);
  report(engine, seen);
  const endBytes = await fileBytes(dataDir);
  console.log(`\nevents in ${elapsedMin.toFixed(1)} min (per minute):`);
  for (const [kind, n] of counts) if (n > 0) console.log(`  ${kind.padEnd(11)} ${String(n).padStart(6)}  (${(n / elapsedMin).toFixed(2)}/min)`);
  const total = [...counts.values()].reduce((a, b) => a + b, 0);
  console.log(`  all         ${String(total).padStart(6)}  (${(total / elapsedMin).toFixed(2)}/min)`);
  await engine.stop();
  const closedBytes = await fileBytes(dataDir);
  console.log(`at start: ${sizes(startBytes)}; at end: ${sizes(endBytes)}; after closing (checkpointed): ${sizes(closedBytes)}`);
  console.log(`growth of the closed database: ${(((closedBytes.total - before.total) / elapsedMin) * 60 / 1024).toFixed(1)} kB per hour`);
}
