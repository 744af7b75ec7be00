import type { CallResponse } from '../../../src-shared/ipc/contract';
import { stationTarget, type StationRuntime } from './station-runtime';

/** A station's status as the contract shows it. */
export type StationStatusValue = CallResponse<'stations.list'>[number];

/** The contract's status of a station. */
export function stationStatus(station: StationRuntime): StationStatusValue {
  return {
    id: station.id,
    name: station.config.name,
    protocol: station.config.protocol,
    target: stationTarget(station.config),
    enabled: station.config.enabled,
    state: station.state,
    lastError: station.lastError,
    demo: station.config.demo,
    iin: station.iin ? { value: station.iin.value, words: [...station.iin.words] } : null,
    protocolState: station.protocolState,
  };
}
