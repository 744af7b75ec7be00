import type { CallResponse } from '../../../src-shared/ipc/contract';
import type { PointDatabase } from '../points/point-database';
import type { WorkspaceService } from './workspace-service';

/** The contract's view of the running workspace. */
export function workspaceInfo(engine: { workspace: WorkspaceService; points: PointDatabase }): CallResponse<'workspace.info'> {
  const w = engine.workspace.workspace;
  return {
    name: w.name,
    demo: w.demo,
    formatVersion: w.formatVersion,
    path: engine.workspace.path,
    stations: w.stations.length,
    points: engine.points.count,
    users: w.users.length,
    preferences: w.preferences,
  };
}
