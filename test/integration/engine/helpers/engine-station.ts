/**
 * An engine on an empty workspace in a temp dir, for integration tests that add one
 * station and watch it through the engine's own objects (no IPC router).
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { StationConfigInput } from '../../../../src-shared/workspace/station';
import { createEngine, type Engine } from '../../../../src-main/engine';
import type { PointRecord } from '../../../../src-main/engine/points/point-database';

/** A started engine and how to stop it. */
export interface TestEngine {
  engine: Engine;
  /** Stops the engine and removes its data directory. */
  close(): Promise<void>;
}

/** Starts an engine with an empty workspace and adds `station` (or several) to it. */
export async function engineWith(station: StationConfigInput | StationConfigInput[]): Promise<TestEngine> {
  const dir = mkdtempSync(join(tmpdir(), 'sy-engine-station-'));
  const engine = await createEngine({ dataDir: dir, publish: () => undefined, log: () => undefined, demoOnFirstStart: false });
  const change = await engine.workspace.update((draft) => {
    draft.stations = Array.isArray(station) ? station : [station];
  });
  if (!change.ok) throw new Error(`${change.error.code}: ${change.error.message}`);
  return {
    engine,
    close: async () => {
      await engine.stop();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

/** Polls until `probe` returns something truthy. */
export async function until<T>(what: string, probe: () => T | undefined | null | false, ms = 8_000): Promise<T> {
  const end = Date.now() + ms;
  for (;;) {
    const got = probe();
    if (got) return got;
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 20));
  }
}

/** The station's points in the engine's point database. */
export function pointsOf(engine: Engine, station: string): PointRecord[] {
  return engine.points.indicesOf(station).map((i) => engine.points.get(i));
}

/** Waits until the station is ready and has reported at least `count` points. */
export async function readyWithPoints(engine: Engine, station: string, count: number): Promise<PointRecord[]> {
  await until(`${station} ready`, () => engine.stations.get(station)?.state === 'ready');
  return until(`${count} points of ${station}`, () => {
    const points = pointsOf(engine, station);
    return points.length >= count && points;
  });
}
