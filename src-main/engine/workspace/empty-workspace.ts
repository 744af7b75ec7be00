import { WORKSPACE_FORMAT_VERSION, type Workspace } from '../../../src-shared/workspace/workspace';

/** An empty workspace of the current format, with default preferences. */
export function emptyWorkspace(): Workspace {
  return {
    formatVersion: WORKSPACE_FORMAT_VERSION,
    name: 'Workspace',
    demo: false,
    stations: [],
    points: {},
    users: [],
    preferences: { trendLength: 600, batchIntervalMs: 100, eventLogMaxMb: 512, theme: 'system', historyEnabled: true, historyRawDays: 8, historyMinuteDays: 90, historyHourDays: 1825 },
    checkouts: [],
  };
}
