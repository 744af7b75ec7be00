/**
 * The IPC contract between the renderer and the engine: one map of calls (request schema,
 * response schema, the access they need) and one map of pushed events. Both hosts (the
 * Electron preload bridge and the headless WebSocket) carry exactly this contract, and
 * main validates every payload against it. Adding a call is one entry here plus its
 * handler in src-main/ipc/handlers/ (the handler map is typed from this file, so a
 * missing handler fails the type check).
 */
import * as v from 'valibot';
import type { Role } from '../roles';
import * as al from './schemas/alarms';
import * as an from './schemas/analyzer';
import * as cm from './schemas/commands';
import * as co from './schemas/commissioning';
import * as dv from './schemas/device';
import * as fw from './schemas/firewall';
import * as mo from './schemas/monitor';
import * as ev from './schemas/events';
import * as hs from './schemas/history';
import * as fi from './schemas/files';
import * as pt from './schemas/points';
import { SecurityRequest } from './schemas/security';
import * as sp from './schemas/sparkplug';
import * as st from './schemas/stations';
import { StationStatus } from './schemas/stations';
import * as us from './schemas/users';
import * as ws from './schemas/workspace';

/** Who may make a call: anyone connected (`public`), or a logged-in user of at least that role. */
export type Access = 'public' | Role;

/** One call of the contract. */
export interface CallSpec<Req extends v.GenericSchema, Res extends v.GenericSchema> {
  request: Req;
  response: Res;
  access: Access;
}

function call<Req extends v.GenericSchema, Res extends v.GenericSchema>(
  access: Access,
  request: Req,
  response: Res,
): CallSpec<Req, Res> {
  return { request, response, access };
}

const empty = v.strictObject({});

/** What the app reports about itself. */
const AppInfo = v.object({
  name: v.string(),
  version: v.string(),
  host: v.picklist(['electron', 'headless']),
  platform: v.string(),
  /** True when the running workspace is the built-in demo. */
  demo: v.boolean(),
  /**
   * How the host keeps secrets entered in the UI (SA update keys): `os-keychain` encrypted
   * by the OS keychain (desktop app), `file-0600` in files only the host's account can read;
   * `warning` says why the keychain is not used where one was expected.
   */
  secretStorage: v.object({ kind: v.picklist(['os-keychain', 'file-0600']), warning: v.nullable(v.string()) }),
});

;

/** The calls: name -> { request, response, access }. */
export const calls = {
  'app.info': call('public', empty, AppInfo),
  'stations.list': call('viewer', empty, v.array(StationStatus)),
  /** One station's status and configuration. */
  'stations.get': call('viewer', st.StationRef, st.StationDetail),
  /** Statistics of every station (also pushed every second as `stations.stats`). */
  'stations.stats': call('viewer', empty, v.array(st.StationStats)),
  /**
   * Adds a station; starts it when enabled. `station` is checked against StationConfig
   * (src-shared/workspace/station.ts): `INVALID_STATION` with `field.path: reason`.
   */
  'stations.add': call('administrator', st.StationWriteRequest, st.StationStatus),
  /** Replaces a station's configuration; only that station reconnects. */
  'stations.update': call('administrator', st.StationWriteRequest, st.StationStatus),
  /** Removes a station, its points and alarms. */
  'stations.remove': call('administrator', st.StationRef, empty),
  /** Enables (and connects) or disables (and disconnects) a station; saved in the workspace. */
  'stations.setEnabled': call('administrator', st.StationEnableRequest, st.StationStatus),
  /** Connects an enabled station now (run time only). */
  'stations.connect': call('engineer', st.StationRef, st.StationStatus),
  /** Disconnects a station until connected again or restarted (run time only). */
  'stations.disconnect': call('engineer', st.StationRef, st.StationStatus),
  /** DNP3 integrity poll / IEC 104 general interrogation now. */
  'stations.interrogate': call('engineer', st.InterrogateRequest, st.Accepted),
  /** Clock synchronisation now (result arrives as a timeSync event in the log). */
  'stations.timeSync': call('engineer', st.StationRef, st.Accepted),

  /** Points of one station or of all, with configuration, paged. */
  'points.list': call('viewer', pt.PointListRequest, pt.PointListResponse),
  /** One point by id (`<station>/<address>`). */
  'points.get': call('viewer', st.StationRef, pt.PointInfo),
  /** Chooses the stations whose `points.batch` events this client receives. */
  'points.subscribe': call('viewer', pt.PointSubscribeRequest, empty),
  /** Adds or replaces one configured point (name, unit, scaling, labels, alarms). */
  'points.configure': call('administrator', pt.PointConfigureRequest, pt.PointInfo),
  /** Imports a station's point list from CSV (column set in src-main/engine/points/point-csv.ts). */
  'points.importCsv': call('administrator', pt.PointImportRequest, v.object({ count: v.number() })),
  /** Exports a station's point list (configured and reported points) as CSV. */
  'points.exportCsv': call('viewer', st.StationRef, ev.CsvText),
  /** Buffered trend samples of up to 64 points. */
  'trends.get': call('viewer', pt.TrendRequest, pt.TrendResponse),
  /**
   * Stored history of up to 64 points over a range: raw samples when at most `maxPoints`,
   * else buckets with min/max/avg (grouped raw samples, or the 1-minute / 1-hour aggregates).
   */
  'history.query': call('viewer', hs.HistoryQuery, hs.HistoryResponse),
  /** Stored history as CSV (raw samples or 1m/1h buckets); at most 200 000 rows per call (`TOO_MANY_ROWS`). */
  'history.exportCsv': call('viewer', hs.HistoryExportRequest, hs.HistoryCsv),

  /** The alarm list and the count of unacknowledged alarms. */
  'alarms.list': call('viewer', empty, al.AlarmList),
  /** Acknowledges one alarm by id. */
  'alarms.ack': call('operator', st.StationRef, al.AckResult),
  /** Acknowledges every alarm of a station. */
  'alarms.ackStation': call('operator', v.strictObject({ station: v.string() }), al.AckResult),
  /** Acknowledges every alarm. */
  'alarms.ackAll': call('operator', empty, al.AckResult),
  /**
   * Shelves an alarm with a reason for 1 min to 24 h (logged with both): it leaves the
   * active list and the unacknowledged count until the shelf expires or is lifted.
   */
  'alarms.shelve': call('operator', al.ShelveRequest, al.AlarmInfo),
  /** Lifts an alarm's shelf now; an alarm still present comes back unacknowledged. */
  'alarms.unshelve': call('operator', st.StationRef, empty),

  /** Logged events by time range, station, point, kind, text; paged, newest first by default. */
  'events.query': call('viewer', ev.EventQuery, ev.EventPage),
  /** The same filter as CSV (at most 10 000 rows per call; page with offset). */
  'events.exportCsv': call('viewer', ev.EventQuery, ev.CsvText),
  /** Audited command attempts, paged, newest first. */
  'audit.query': call('viewer', ev.AuditQuery, ev.AuditPage),

  /**
   * First step of select-before-operate: resolves once the select is confirmed (stage
   * `selected`) or failed. Open to every user so that the command service's own role check
   * refuses and audits a command from a role that may not command (`REFUSED_ROLE`).
   */
  'commands.select': call('viewer', cm.CommandSelectRequest, cm.CommandStateSchema),
  /** Second step: operates a selected command; resolves with the final result. */
  'commands.operate': call('engineer', cm.CommandIdRequest, cm.CommandStateSchema),
  /** Cancels a selected command. */
  'commands.cancel': call('engineer', cm.CommandIdRequest, cm.CommandStateSchema),
  /** Direct execution, or SBO in one go; resolves with the final result. */
  'commands.execute': call('viewer', cm.CommandExecuteRequest, cm.CommandStateSchema),

  /**
   * A device task (counter freeze, restart, assign class, unsolicited, attributes, IEC 104
   * counter/group interrogation, read, test command, reset process). A task that changes
   * the device stops at stage `armed` until `device.confirm` (or expires after 30 s); the
   * others resolve with the result. Open to every user so that the task service refuses
   * and audits a viewer's or operator's attempt (`REFUSED_ROLE`), as commands do.
   */
  'device.request': call('viewer', dv.DeviceTaskRequest, dv.DeviceTaskStateSchema),
  /** Second step: runs an armed task; resolves with the result. */
  'device.confirm': call('engineer', dv.DeviceTaskIdRequest, dv.DeviceTaskStateSchema),
  /** Cancels an armed task. */
  'device.cancel': call('engineer', dv.DeviceTaskIdRequest, dv.DeviceTaskStateSchema),
  /**
   * A raw request for a station: DNP3 object ranges or an IEC 104 ASDU in their JSON form
   * (checked by the engine; a bad field is refused as BAD_RANGES / BAD_ASDU naming it).
   * One that can change the device (DNP3: any function but READ, DELAY_MEASURE and
   * RECORD_CURRENT_TIME; IEC 104: type ids 45 and up but interrogation, read, test and
   * delay acquisition) stops at `armed` until `device.confirm`, like a device task. The
   * value is a RawAnswer (request and responses with field trees, decoded objects, IIN).
   * Open to every user so that a refused attempt is audited (`REFUSED_ROLE`).
   */
  'device.raw': call('viewer', dv.RawRequestSchema, dv.DeviceTaskStateSchema),

  /** Chooses the station whose decoded frames this client receives (`analyzer.frames`). */
  'analyzer.subscribe': call('engineer', st.AnalyzerSubscribeRequest, empty),
  /** The analysed station's recorded traffic (held while anyone analyses it) as a pcap file. */
  'analyzer.savePcap': call('engineer', an.SavePcapRequest, an.SavedPcap),
  /** Decodes a pcap/pcapng file (up to 32 MiB) into analyzer frames (the list; field trees on request), as `decode` does. */
  'analyzer.openCapture': call('engineer', an.OpenCaptureRequest, an.OpenedCapture),
  /** The field tree of one frame of the capture this client has open (fetched when the frame is selected). */
  'analyzer.captureFields': call('engineer', an.CaptureFieldsRequest, an.CaptureFields),
  /** Releases the capture this client has open (also released by its next openCapture, or when it goes). */
  'analyzer.closeCapture': call('engineer', an.CloseCaptureRequest, empty),

  /** Name, format, file and counts of the running workspace. */
  'workspace.info': call('viewer', empty, ws.WorkspaceInfo),
  /** The workspace file's text (includes password hashes: administrators only). */
  'workspace.export': call('administrator', empty, ws.WorkspaceText),
  /** Replaces the workspace (validated; migrated when older; refused when newer). */
  'workspace.import': call('administrator', ws.WorkspaceImportRequest, ws.WorkspaceInfo),
  /** Changes preferences (batch interval at once; trend length and event-log size at the next start). */
  'workspace.setPreferences': call('administrator', ws.PreferencesRequest, ws.WorkspaceInfo),

  /** The Sparkplug B publisher's settings (password as set / not set) and status. */
  'sparkplug.get': call('viewer', empty, sp.SparkplugState),
  /**
   * Stores (validated as part of the workspace: `INVALID_WORKSPACE` naming the field) or
   * removes the Sparkplug section; the publisher restarts with it.
   */
  'sparkplug.configure': call('engineer', sp.SparkplugConfigureRequest, sp.SparkplugState),

  /** User accounts. */
  'users.list': call('administrator', empty, v.array(us.UserInfo)),
  'users.create': call('administrator', us.UserCreateRequest, us.UserInfo),
  'users.update': call('administrator', us.UserUpdateRequest, us.UserInfo),
  'users.remove': call('administrator', v.strictObject({ name: v.string() }), empty),

  /** Who this client is, and whether the first administrator must be set up. */
  'session.status': call('public', empty, us.SessionStatus),
  /** Creates the first administrator and logs in as it; allowed only while no user exists. */
  'session.setupAdmin': call('public', us.SetupRequest, us.SessionGrant),
  /** Logs this client in; the resume token logs it in again after a reload or reconnect. */
  'session.login': call('public', us.Credentials, us.SessionGrant),
  /** Logs this client in again with a resume token: `SESSION_UNKNOWN`, `SESSION_EXPIRED` or `SESSION_REVOKED` when refused. */
  'session.resume': call('public', us.ResumeRequest, us.SessionUser),
  /** Logs this client out. */
  'session.logout': call('public', empty, empty),
  /** Changes the logged-in user's own password. */
  'session.changePassword': call('viewer', us.PasswordChangeRequest, us.PasswordChanged),

  /** Connectivity check of a station or an ad-hoc target URL (DNS, TCP, TLS, protocol, latency); kept in the history. */
  'commissioning.check': call('engineer', co.CheckRequest, co.CheckRecord),
  /** Sweep of the standard DNP3 / IEC 104 ports of a host, URL or station (as `check --sweep`); kept in the history. */
  'commissioning.sweep': call('engineer', co.SweepRequest, co.CheckRecord),
  /**
   * Security posture check of a station or an ad-hoc target URL (ports, TLS, certificate,
   * mutual authentication, masters): read-only, but it opens connections, so engineers
   * only, as the connectivity check; kept in the history as kind `security`.
   */
  'commissioning.security': call('engineer', SecurityRequest, co.CheckRecord),
  /** The history of connectivity checks, newest first. */
  'commissioning.history': call('viewer', empty, v.array(co.CheckRecord)),
  /** Every point-by-point checkout, newest first. */
  'commissioning.checkoutList': call('viewer', empty, v.array(co.CheckoutSummary)),
  /** One checkout with its items. */
  'commissioning.checkoutGet': call('viewer', v.strictObject({ id: v.string() }), co.Checkout),
  /** A new checkout from a station's point list and command policies. */
  'commissioning.checkoutCreate': call('engineer', co.CheckoutCreateRequest, co.Checkout),
  /** Sets an item's expected value (and, for commands, action, feedback point, time limit). */
  'commissioning.checkoutUpdate': call('engineer', co.CheckoutItemUpdate, co.Checkout),
  /** Verifies a value item against the live value and quality. */
  'commissioning.checkoutVerify': call('engineer', co.CheckoutItemRef, co.Checkout),
  /**
   * Executes a command item of a direct-operate point and watches its feedback point.
   * Refused without an expected result, and for select-before-operate points.
   */
  'commissioning.checkoutCommand': call('engineer', co.CheckoutItemRef, co.Checkout),
  /** Step 1 of a command item of a select-before-operate point: selects it (refused without an expected result). */
  'commissioning.checkoutSelect': call('engineer', co.CheckoutItemRef, cm.CommandStateSchema),
  /** Step 2: operates that select and watches the feedback point; a lapsed select operates nothing. */
  'commissioning.checkoutOperate': call('engineer', co.CheckoutOperateRequest, co.Checkout),
  /** The checkout as a self-contained HTML or CSV report with its SHA-256 digest. */
  'commissioning.checkoutExport': call('viewer', co.CheckoutExportRequest, co.CheckoutExport),
  /**
   * Allow-list firewall rules for a station (iptables, nftables, Windows Firewall, Cisco IOS),
   * as `firewall <url>` writes them: text to review and deploy; nothing is applied.
   */
  'commissioning.firewallRules': call('viewer', fw.FirewallRequest, fw.FirewallRules),
  /** Lists a directory of a station's device (DNP3 g70, IEC 104 file transfer); engineers. */
  'files.list': call('engineer', fi.FileListRequest, fi.FileListing),
  /**
   * Downloads a file of a station's device into a folder (absolute, existing, writable;
   * default the host's download folder): queued behind the station's running download,
   * progress as `files.progress`, resumed after a dropped link. Open to every logged-in
   * user so that a refused attempt (`REFUSED_ROLE`) is audited like any other.
   */
  'files.fetch': call('viewer', fi.FileFetchRequest, fi.FileDownloadSchema),
  /** Cancels a download (the device is told); the `.part` is removed. */
  'files.cancel': call('engineer', fi.FileTransferRef, fi.FileDownloadSchema),
  /** The default download folder and the recent downloads, newest first. */
  'files.transfers': call('viewer', empty, fi.FileTransfers),

  /**
   * Starts a passive monitor: a transparent relay from `listen` (where the master is pointed)
   * to `forward` (the outstation) whose traffic is decoded and pushed as `monitor.update`; it
   * never sends anything of its own. It opens a listening socket, so engineers only, and on
   * loopback only unless the address is in the `monitorBindAddresses` preference
   * (`BIND_NOT_ALLOWED`); `BAD_ADDRESS` names a malformed address, `CANNOT_LISTEN` the failure.
   * With `record` (the default) the traffic is written as a pcap file under
   * `<dataDir>/captures/` (`CANNOT_WRITE` when it cannot be); the status names it and its size.
   */
  'monitor.start': call('engineer', mo.MonitorStartRequest, mo.MonitorStatus),
  /** Stops a monitor: its relay and every relayed connection close. */
  'monitor.stop': call('engineer', mo.MonitorRef, mo.MonitorStatus),
  /** The monitors, running and recently stopped. */
  'monitor.list': call('engineer', empty, v.array(mo.MonitorStatus)),
  /**
   * A stopped monitor's recorded pcap file (`STILL_RUNNING` until it stops, `NOT_RECORDED`
   * when started without recording, `TOO_LARGE` beyond MAX_MONITOR_DOWNLOAD_BYTES); logged.
   */
  'monitor.capture': call('engineer', mo.MonitorRef, mo.MonitorCaptureFile),
} as const;

/** The pushed events: name -> payload schema. */
export const events = {
  'stations.state': StationStatus,
  /** Statistics of every station, every second. */
  'stations.stats': v.array(st.StationStats),
  /**
   * Changed points of the stations a client follows (coalesced: one batch per batch
   * interval for all of them); to subscribers.
   */
  'points.batch': pt.PointBatch,
  /** The alarms that changed in the last interval (at most one event per 100 ms). */
  'alarms.changed': al.AlarmChanges,
  /** Events just logged (batched with the point batches). */
  'events.appended': v.object({ events: v.array(ev.EventNotice) }),
  /** A command progressed (every stage). */
  'commands.progress': cm.CommandStateSchema,
  /** A device task progressed (every stage). */
  'device.progress': dv.DeviceTaskStateSchema,
  /** Decoded frames of the station this client analyses. */
  'analyzer.frames': st.AnalyzerBatch,
  /** Progress of decoding a capture file this client opened (analyzer.openCapture). */
  'analyzer.captureProgress': an.CaptureProgress,
  /** The Sparkplug publisher's status, every second while configured. */
  'sparkplug.status': sp.SparkplugStatus,
  /** A download progressed (queued, octets received, waiting for the link, done). */
  'files.progress': fi.FileDownloadSchema,
  /** A monitor's status with the frames and values seen since the last update (to engineers and above). */
  'monitor.update': mo.MonitorUpdate,
  /** The workspace was replaced or its preferences changed. */
  'workspace.changed': ws.WorkspaceInfo,
} as const;

/** Name of a contract call. */
export type CallName = keyof typeof calls;
/** Name of a pushed event. */
export type EventName = keyof typeof events;
/** What a call accepts (before validation). */
export type CallRequest<N extends CallName> = v.InferInput<(typeof calls)[N]['request']>;
/** What a call returns in its Result's value. */
export type CallResponse<N extends CallName> = v.InferOutput<(typeof calls)[N]['response']>;
/** The payload of a pushed event. */
export type EventPayload<N extends EventName> = v.InferOutput<(typeof events)[N]>;

/** What an event's audience filter may look at: the client's id and logged-in user. */
export interface AudienceClient {
  readonly id: string;
  readonly user: { name: string; role: Role } | null;
}

/**
 * Sends a pushed event to the clients; the engine gets one from its host. `accept`, when
 * given, limits the event to the clients it returns true for (subscriptions, login).
 */
export type Publish = <N extends EventName>(
  name: N,
  payload: EventPayload<N>,
  accept?: (client: AudienceClient) => boolean,
) => void;

/** All call names, for the preload's and the WebSocket client's allow-lists. */
export const CALL_NAMES = Object.keys(calls) as CallName[];
/** All event names. */
export const EVENT_NAMES = Object.keys(events) as EventName[];

/** Whether `name` is a call of the contract. */
export function isCallName(name: unknown): name is CallName {
  return typeof name === 'string' && Object.hasOwn(calls, name);
}

