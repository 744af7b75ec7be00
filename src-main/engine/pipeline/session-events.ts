/**
 * Routes one session event of a station to the part of the engine that handles it.
 */
import type { SessionEvent } from '../../../src-shared/session';
import type { AnalyzerFeed } from '../analyzer/analyzer-feed';
import type { CommandService } from '../commands/command-service';
import type { DeviceTaskService } from '../commands/device-task-service';
import type { FileService } from '../files/file-service';
import type { StationRuntime } from '../stations/station-runtime';
import { applyUpdates, type UpdateDeps } from './update-pipeline';

/** Periodic event-class polls: logged only when they fail (the statistics count them). */
const ROUTINE_TASK = /^(class[123]?Poll|eventPoll)$/;

/** What the router needs. */
export interface SessionEventDeps extends UpdateDeps {
  analyzer: AnalyzerFeed;
  commands: CommandService;
  deviceTasks: DeviceTaskService;
  files: FileService;
  log: NonNullable<UpdateDeps['log']>;
  eventDeadband: NonNullable<UpdateDeps['eventDeadband']>;
  /** Resolves true once everything logged so far is committed (false: the log closed first). */
  stored: () => Promise<boolean>;
}

/** Handles one event of a station's session. */
export function routeSessionEvent(deps: SessionEventDeps, station: StationRuntime, event: SessionEvent): void {
  const id = station.id;
  switch (event.type) {
    case 'points': {
      applyUpdates(deps, id, station.config.protocol, event.updates);
      const token = event.confirm;
      // the device learns the events arrived only once their rows are on disk
      if (token !== undefined) void deps.stored().then((committed) => committed && station.call({ op: 'confirm', token }));
      return;
    }
    case 'command':
      deps.commands.sessionEvent(event);
      return;
    case 'response':
      deps.deviceTasks.sessionEvent(id, event);
      return;
    case 'task':
      deps.deviceTasks.sessionEvent(id, event);
      if (event.ok && ROUTINE_TASK.test(event.name)) return;
      deps.log({ kind: 'task', station: id, message: `${event.name}: ${event.result} in ${Math.round(event.durationMs)} ms${event.detail ? ` - ${event.detail}` : ''}`, data: { ok: event.ok } });
      return;
    case 'timeSync':
      deps.log({
        kind: 'timeSync',
        station: id,
        deviceTime: event.deviceTime,
        message: `time sync ${event.result}${event.offsetMs !== null ? `, device clock offset ${Math.round(event.offsetMs)} ms` : ''}`,
        data: { ok: event.ok, offsetMs: event.offsetMs },
      });
      return;
    case 'frame':
      deps.analyzer.add(id, event.frame);
      return;
    case 'fileList':
    case 'fileData':
    case 'fileDone':
      deps.files.sessionEvent(id, event);
      return;
    default:
      return;
  }
}
