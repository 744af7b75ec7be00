/**
 * The engine both hosts run: it owns the stations (their protocol sessions), the point
 * database, trends and their persistent history, alarms, the event log, users and the command service, and talks to
 * the renderer only through the contract's Publish function and the handlers.
 */
import { mkdir } from 'node:fs/promises';
import { join } from 'node:path';
import type { AudienceClient, Publish } from '../../src-shared/ipc/contract';
import type { Workspace } from '../../src-shared/workspace/workspace';
import { AlarmChangeBatch } from './alarms/alarm-changes';
import { alarmLogEvent } from './alarms/alarm-log';
import { AlarmService } from './alarms/alarm-service';
import { AnalyzerFeed } from './analyzer/analyzer-feed';
import { tapForAnalyzer } from './analyzer/analyzer-tap';
import { CommandService } from './commands/command-service';
import { DeviceTaskService } from './commands/device-task-service';
import { startDemo, type DemoRuntime } from './demo/demo-runtime';
import { createDriverLinkFactory } from './stations/driver-link';
import { EventLog } from './event-log/event-log';
import { HistoryRecorder } from './history/history-recorder';
import { HistoryStore, type HistoryRetention } from './history/history-store';
import type { LogEvent } from './event-log/event-types';
import { CommittedNotices } from './event-log/committed-notices';
import { emptyWorkspace } from './workspace/empty-workspace';
import { EventDeadbandFilter } from './pipeline/event-deadband';
import { FileService } from './files/file-service';
import { PointFanout } from './pipeline/fanout';
import { checkStale, markCommLost } from './pipeline/quality-marks';
import { PointDatabase } from './points/point-database';
import { stationSessionFactory } from './stations/protocol-sessions';
import { FileSecretStore, PLAIN_SEALER } from './secrets/file-secret-store';
import type { SecretStore } from './secrets/secret-store';
import { routeSessionEvent } from './pipeline/session-events';
import { SoeRepeatFilter, seedRepeatFilter } from './pipeline/soe-repeats';
import { keepPasswordOut, movePasswordOut, secretStoreText } from './sparkplug/mqtt-password';
import { SparkplugService } from './sparkplug/sparkplug-service';
import type { LinkFactory } from './stations/station-link';
import { descriptorWarning, openFileLimit } from './stations/descriptor-limit';
import { StationManager } from './stations/station-manager';
import { stationStatus, type StationStatusValue } from './stations/station-status';
import { serialLineOf, type StationRuntime, type StationDisplayState } from './stations/station-runtime';
import { TrendStore } from './points/trend-store';
import { UserService } from './users/user-service';
import { workspaceInfo } from './workspace/workspace-info';
import { WorkspaceService } from './workspace/workspace-service';
import { loadStartupWorkspace, WORKSPACE_FILE_NAME } from './workspace/workspace-store';

export { emptyWorkspace } from './workspace/empty-workspace';

/** Options of {@link createEngine}. */
export interface EngineOptions {
  /** The app's data directory: workspace, event log. */
  dataDir: string;
  /** Workspace file; default `<dataDir>/workspace.json`. */
  workspaceFile?: string;
  /** Sends pushed events to the clients. */
  publish: Publish;
  log?: (line: string) => void;
  /** Replaces the production transport + protocol links (tests). */
  linkFactory?: LinkFactory;
  /** Create the demo workspace (with its simulators) when no workspace exists; default true. */
  demoOnFirstStart?: boolean;
  /** Where secrets (SA update keys) are kept; default 0600 files in `<dataDir>/secrets`. */
  secrets?: SecretStore;
  /** Where file downloads go when a request names no folder; default `<dataDir>/downloads`. */
  downloadsDir?: string;
}

/** A running engine. */
export interface Engine {
  /** True while the running workspace is the built-in demo. */
  readonly isDemo: boolean;
  /** The app's data directory (EngineOptions.dataDir). */
  readonly dataDir: string;
  readonly stations: StationManager;
  readonly workspace: WorkspaceService;
  readonly points: PointDatabase;
  readonly trends: TrendStore;
  /** The persistent history of point values (history.db). */
  readonly history: HistoryStore;
  readonly alarms: AlarmService;
  readonly eventLog: EventLog;
  readonly commands: CommandService;
  /** Device tasks (freeze, restart, attributes, counter interrogation...). */
  readonly deviceTasks: DeviceTaskService;
  /** File downloads from devices. */
  readonly files: FileService;
  readonly users: UserService;
  readonly fanout: PointFanout;
  readonly analyzer: AnalyzerFeed;
  /** The Sparkplug B publisher the workspace configures. */
  readonly sparkplug: SparkplugService;
  /** The host's secret store (SA update keys entered in the station form). */
  readonly secrets: SecretStore;
  /** The demo simulators, when the demo workspace runs. */
  readonly demo: DemoRuntime | null;
  /** The station's status as the contract shows it. */
  stationStatus(station: StationRuntime): StationStatusValue;
  /** Logs an event and notifies the clients. */
  logEvent(event: LogEvent): void;
  /** Sends a pushed event to the clients (the host's Publish). */
  readonly publish: Publish;
  /** Adds work to do first when the engine stops (a floor above closing what it opened). */
  onStop(task: () => Promise<void>): void;
  /** Stops every session and the simulators, and closes the event log. */
  stop(): Promise<void>;
}

const loggedIn = (client: AudienceClient): boolean => client.user !== null;

/** The history retention a workspace's preferences ask for. */
const retentionOf = (workspace: Workspace): HistoryRetention => ({
  rawDays: workspace.preferences.historyRawDays,
  minuteDays: workspace.preferences.historyMinuteDays,
  hourDays: workspace.preferences.historyHourDays,
});

/** Starts the engine on a data directory. */
export async function createEngine(options: EngineOptions): Promise<Engine> {
  const log = options.log ?? ((line: string) => console.error(line));
  const secrets = options.secrets ?? new FileSecretStore({ dir: join(options.dataDir, 'secrets'), sealer: PLAIN_SEALER });
  const publish = options.publish;
  const path = options.workspaceFile ?? join(options.dataDir, WORKSPACE_FILE_NAME);
  await mkdir(options.dataDir, { recursive: true });
  const startup = await loadStartupWorkspace(path);
  let demo: DemoRuntime | null = null;
  let initial: Workspace;
  if (startup.kind === 'none') {
    if (options.demoOnFirstStart === false) initial = emptyWorkspace();
    else {
      demo = await startDemo();
      initial = demo.workspace;
    }
  } else if (startup.workspace.demo) {
    demo = await startDemo(startup.workspace);
    initial = demo.workspace;
  } else initial = startup.workspace;
  const moved = await movePasswordOut(initial, secrets);
  if (moved) initial = moved;
  if (startup.kind === 'recovered') log(`engine: ${path} is invalid (${startup.reason}); moved to ${startup.rejectedPath}, running the last good workspace`);

  const eventLog = await EventLog.open({
    file: join(options.dataDir, 'events.db'),
    maxBytes: initial.preferences.eventLogMaxMb * 1024 * 1024,
    onError: (message) => log(`event log: ${message}`),
  }).catch(async (error: unknown) => {
    await demo?.stop();
    throw error;
  });
  const history = await HistoryStore.open({
    file: join(options.dataDir, 'history.db'),
    retention: retentionOf(initial),
    onError: (message) => log(`history: ${message}`),
  }).catch(async (error: unknown) => {
    await eventLog.close();
    await demo?.stop();
    throw error;
  });
  const notices = new CommittedNotices();
  const logEvent = (event: LogEvent): void => notices.add(eventLog.append(event), event);

  const points = new PointDatabase();
  const trends = new TrendStore(initial.preferences.trendLength);
  const recorder = new HistoryRecorder(history, points);
  const alarmChanges = new AlarmChangeBatch(
    (batch) => publish('alarms.changed', batch, loggedIn),
    () => alarms.unacknowledged(),
  );
  const alarms = new AlarmService((alarm, transition, by) => {
    alarmChanges.add(alarm, transition);
    if (transition !== 'removed') logEvent(alarmLogEvent(alarm, transition, by));
  });
  const fanout = new PointFanout(points, publish, initial.preferences.batchIntervalMs);
  const analyzer = new AnalyzerFeed(publish);
  const marks = { points, trends, history: recorder, alarms, fanout };
  const repeats = new SoeRepeatFilter();

  const onStateChanged = (station: StationRuntime, previous: StationDisplayState): void => {
    publish('stations.state', stationStatus(station), loggedIn);
    const state = station.state;
    if (state !== previous && (state === 'ready' || previous === 'ready')) sparkplug.stationState(station.id, state === 'ready');
    if (state !== previous) {
      const error = station.lastError && (state === 'backoff' || state === 'disconnected') ? `: ${station.lastError.code} ${station.lastError.message}` : '';
      logEvent({ kind: 'connection', station: station.id, message: `${station.config.name} ${state}${error}`, data: { state, previous } });
    }
    if (state === 'ready' && previous !== 'ready') files.stationState(station.id, true);
    const lost = station.config.enabled && station.running && (state === 'backoff' || state === 'disconnected');
    alarms.stationConnection(station.id, station.config.name, lost, station.lastError?.code ?? '');
    if (state !== 'ready') {
      commands.stationDown(station.id);
      files.stationState(station.id, false);
      markCommLost(marks, station.id, station.config.protocol, lost);
      deviceTasks.stationDown(station.id);
    }
  };
  const eventDeadband = new EventDeadbandFilter();
  const stations = new StationManager(
    tapForAnalyzer(options.linkFactory ?? createDriverLinkFactory(stationSessionFactory(secrets)), analyzer),
    {
      stateChanged: onStateChanged,
      sessionEvent: (station, event) => routeSessionEvent({ points, trends, history: recorder, alarms, fanout, analyzer, commands, deviceTasks, files, log: logEvent, eventDeadband, repeats, stored: () => eventLog.durable() }, station, event),
    },
    (id) => {
      alarms.dropStation(id);
      fanout.forget(id);
      eventDeadband.forget(points.indicesOf(id));
      points.dropStation(id);
      repeats.dropStation(id);
      sparkplug.stationRemoved(id);
    },
  );
  const commands = new CommandService(stations, {
    audit: (record) => eventLog.audit(record),
    finished: (state) =>
      logEvent({
        kind: 'command',
        station: state.station,
        point: state.address,
        user: state.user,
        message: `command ${state.action}${state.value ? ` ${state.value}` : ''} to ${state.address} (${state.mode}) by ${state.user}: ${state.result}${state.detail ? ` - ${state.detail}` : ''}`,
        data: { id: state.id, result: state.result, ok: state.ok },
      }),
    progress: (state) => publish('commands.progress', state, loggedIn),
  });
  const deviceTasks = new DeviceTaskService(stations, {
    audit: (record) => eventLog.audit(record),
    finished: (state) =>
      logEvent({
        kind: 'task',
        station: state.station,
        user: state.user,
        message: `${state.label} by ${state.user}: ${state.result}${state.detail ? ` - ${state.detail}` : ''}`,
        data: { id: state.id, result: state.result, ok: state.ok },
      }),
    progress: (state) => publish('device.progress', state, loggedIn),
  });

  const files = new FileService({
    stations,
    defaultFolder: options.downloadsDir ?? join(options.dataDir, 'downloads'),
    audit: (record) => eventLog.audit(record),
    finished: (d) =>
      logEvent({
        kind: 'task',
        station: d.station,
        user: d.user,
        message: `download ${d.name} to ${d.path} by ${d.user}: ${d.result}${d.detail ? ` - ${d.detail}` : ''}`,
        data: { id: d.id, result: d.result, ok: d.ok, octets: d.received },
      }),
    progress: (d) => publish('files.progress', d, loggedIn),
  });

  const sparkplug = new SparkplugService({ points, stations, commands, secrets, logEvent, log });
  fanout.observe((station, indices) => sparkplug.pointsChanged(station, indices));

  const fileLimit = openFileLimit();
  let lastDescriptorWarning: string | null = null;
  const applyWorkspace = async (next: Workspace, previous: Workspace): Promise<void> => {
    for (const station of next.stations) {
      points.configure(station.id, next.points[station.id] ?? [], station.commands.map((policy) => policy.address));
    }
    fanout.setInterval(next.preferences.batchIntervalMs);
    recorder.enabled = next.preferences.historyEnabled;
    history.setRetention(retentionOf(next));
    const result = await stations.sync(next.stations);
    const descriptors = descriptorWarning(next.stations, fileLimit);
    if (descriptors !== null && descriptors !== lastDescriptorWarning) {
      log(`engine: ${descriptors}`);
      logEvent({ kind: 'system', message: descriptors });
    }
    lastDescriptorWarning = descriptors;
    await sparkplug.apply(next.sparkplug);
    if (previous !== next) {
      const changes = [...result.added.map((id) => `added ${id}`), ...result.changed.map((id) => `changed ${id}`), ...result.removed.map((id) => `removed ${id}`)];
      logEvent({ kind: 'config', message: `workspace updated${changes.length ? `: ${changes.join(', ')}` : ''}`, data: result });
      publish('workspace.changed', workspaceInfo({ workspace, points }), loggedIn);
    }
  };
  const passwordNotice = (message: string): void => {
    log(`engine: ${message}`);
    logEvent({ kind: 'config', message });
  };
  const workspace = new WorkspaceService(initial, path, applyWorkspace, (next, previous) => keepPasswordOut(next, previous, secrets, passwordNotice));
  const users = new UserService(workspace);
  if (startup.kind !== 'ok' || startup.migratedFrom !== null || demo || moved) await workspace.save();
  if (moved) passwordNotice(`Sparkplug: the MQTT password is no longer kept in ${path}: it was moved to ${secretStoreText(secrets)}`);
  if (startup.kind === 'ok' && startup.migratedFrom !== null) logEvent({ kind: 'config', message: `workspace migrated from format ${startup.migratedFrom}` });
  if (startup.kind === 'recovered') {
    logEvent({ kind: 'config', message: `workspace file was invalid (${startup.reason}); it was moved to ${startup.rejectedPath} and the last good workspace is running` });
  }
  await seedRepeatFilter(repeats, eventLog, initial.stations.map((station) => station.id));
  await applyWorkspace(initial, initial);
  logEvent({ kind: 'system', message: `engine started with ${initial.stations.length} station(s)${initial.demo ? ' (demo workspace)' : ''}` });
  log(`engine: workspace ${path} with ${initial.stations.length} station(s)${initial.demo ? ' (demo)' : ''}`);

  fanout.start();
  const ticker = setInterval(() => {
    alarms.expireShelves();
    alarmChanges.flush();
    analyzer.flush();
    const committed = notices.take(eventLog.committedBatch);
    if (committed.length) publish('events.appended', { events: committed }, loggedIn);
  }, 100);
  ticker.unref?.();
  const statsTimer = setInterval(() => {
    const list = stations.list();
    checkStale(marks, list);
    if (list.length) publish('stations.stats', list.map((station) => ({ id: station.id, ...station.stats.snapshot(), ...serialLineOf(station.config) })), loggedIn);
    if (workspace.workspace.sparkplug) publish('sparkplug.status', sparkplug.status(), loggedIn);
  }, 1000);
  statsTimer.unref?.();

  let stopping: Promise<void> | null = null;
  const stopTasks: Array<() => Promise<void>> = [];
  return {
    get isDemo() {
      return workspace.workspace.demo;
    },
    dataDir: options.dataDir,
    stations,
    workspace,
    points,
    trends,
    history,
    alarms,
    eventLog,
    commands,
    deviceTasks,
    files,
    users,
    fanout,
    analyzer,
    sparkplug,
    secrets,
    get demo() {
      return demo;
    },
    stationStatus,
    logEvent,
    publish,
    onStop: (task) => void stopTasks.push(task),
    stop() {
      stopping ??= (async () => {
        for (const task of stopTasks) await task();
        clearInterval(ticker);
        clearInterval(statsTimer);
        fanout.stop();
        files.stop();
        await sparkplug.stop();
        await stations.stopAll();
        await demo?.stop();
        logEvent({ kind: 'system', message: 'engine stopped' });
        await workspace.flush();
        await history.close();
        await eventLog.close();
      })();
      return stopping;
    },
  };
}
