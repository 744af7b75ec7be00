/**
 * The set of running stations. {@link StationManager.sync} applies a new list of station
 * configurations: added stations start, removed ones stop, edited ones reconnect, and
 * every unchanged station is left alone (its connection is not touched).
 */
import { isDeepStrictEqual } from 'node:util';
import type { StationConfig } from '../../../src-shared/workspace/station';
import type { LinkFactory } from './station-link';
import { StationRuntime, type StationEventSink } from './station-runtime';

/** What a sync changed, by station id. */
export interface StationSyncResult {
  added: string[];
  removed: string[];
  changed: string[];
}

/** Owns every StationRuntime. */
export class StationManager {
  private readonly stations = new Map<string, StationRuntime>();

  constructor(
    private readonly factory: LinkFactory,
    private readonly sink: StationEventSink,
    private readonly onRemoved: (id: string) => void = () => undefined,
  ) {}

  /** Every station in configuration order. */
  list(): StationRuntime[] {
    return [...this.stations.values()];
  }

  /** One station, or undefined. */
  get(id: string): StationRuntime | undefined {
    return this.stations.get(id);
  }

  /** Applies a new configuration list, touching only stations that changed. */
  async sync(configs: readonly StationConfig[]): Promise<StationSyncResult> {
    const result: StationSyncResult = { added: [], removed: [], changed: [] };
    const wanted = new Map(configs.map((config) => [config.id, config]));
    for (const [id, station] of this.stations) {
      if (wanted.has(id)) continue;
      this.stations.delete(id);
      result.removed.push(id);
      await station.disconnect();
      this.onRemoved(id);
    }
    const ordered = new Map<string, StationRuntime>();
    for (const config of configs) {
      const existing = this.stations.get(config.id);
      if (!existing) {
        const station = new StationRuntime(config, this.factory, this.sink);
        ordered.set(config.id, station);
        result.added.push(config.id);
        continue;
      }
      ordered.set(config.id, existing);
      if (isDeepStrictEqual(existing.config, config)) continue;
      result.changed.push(config.id);
      await existing.disconnect();
      const before = existing.state;
      existing.config = config;
      if (config.enabled) existing.connect();
      else this.sink.stateChanged(existing, before);
    }
    this.stations.clear();
    for (const [id, station] of ordered) this.stations.set(id, station);
    for (const id of result.added) this.stations.get(id)!.connect();
    for (const id of result.added) {
      const station = this.stations.get(id)!;
      if (!station.running) this.sink.stateChanged(station, 'disconnected');
    }
    return result;
  }

  /** Stops every link. */
  async stopAll(): Promise<void> {
    await Promise.all([...this.stations.values()].map((station) => station.disconnect()));
  }
}
