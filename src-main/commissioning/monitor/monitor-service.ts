/**
 * The passive monitor as the app runs it (`monitor.*` calls): relay monitors started by
 * engineers, each pushing its status, decoded frames (with field trees, for the analyzer's
 * components) and the point values seen to engineers and administrators every 250 ms.
 * The values are shown, never written to the point database: the monitor is not a master.
 * A relay listens on loopback unless the administrator listed the address in the
 * `monitorBindAddresses` preference. A relay records its traffic as a pcap file under the
 * data directory unless told not to (monitor-recording.ts); the status follows the file's
 * size, and the file is handed over once the relay stopped. When a recording starts or
 * stops, the oldest recordings beyond the folder's limits are deleted (never a running
 * monitor's). Starts, stops, files handed over and files deleted are logged with the user
 * and the file.
 */
import { rm } from 'node:fs/promises';
import { basename } from 'node:path';
import type { AudienceClient, CallResponse, EventPayload } from '../../../src-shared/ipc/contract';
import { roleAllows } from '../../../src-shared/roles';
import type { AnalyzerFrame, PointUpdate } from '../../../src-shared/session';
import { wireFrame } from '../../engine/analyzer/analyzer-feed';
import type { Engine } from '../../engine/index';
import type { RelayConnection, TransportError } from '../../transport';
import { formatHostPort, isLoopback, parseHostPort } from '../../../src-shared/monitor-address';
import { protocolByPort, type MonitorProtocol } from './monitor-protocol';
import { pruneRecordings, readRecording, recordingPath, RECORDINGS_KEPT_TEXT } from './monitor-recording';
import { startRelayMonitor, type RelayMonitor } from './relay-monitor';

type Status = CallResponse<'monitor.start'>;
type Update = EventPayload<'monitor.update'>;
type CaptureFile = CallResponse<'monitor.capture'>;
/** What monitor.start asks for, once validated. */
export interface MonitorStart {
  listen: string;
  forward: string;
  protocol: 'auto' | MonitorProtocol;
  /** Record the traffic as a pcap file under the data directory. */
  record: boolean;
}
type Result<T> = { ok: true; value: T } | { ok: false; error: { code: string; message: string } };

/** Frames one update carries at most; more between two updates are dropped and counted. */
const MAX_FRAMES_PER_UPDATE = 500;
/** Monitors running at once. */
const MAX_RUNNING = 8;
/** Stopped monitors still listed. */
const KEEP_STOPPED = 10;
const UPDATE_MS = 250;
/** Deleted recordings a log entry names at most. */
const NAMED_PRUNED = 10;

const engineers = (client: AudienceClient): boolean => client.user !== null && roleAllows(client.user.role, 'engineer');

class Watched {
  readonly frames: Update['frames'] = [];
  readonly values: Update['values'] = [];
  relay: RelayMonitor | null = null;
  changed = true;

  constructor(readonly status: Status) {}

  connection(c: RelayConnection): Status['connections'][number] | undefined {
    return this.status.connections.find((x) => x.id === c.id);
  }

  frame(c: RelayConnection, frame: number, described: AnalyzerFrame): void {
    const entry = this.connection(c);
    if (entry) entry[described.direction === 'tx' ? 'framesTx' : 'framesRx']++;
    this.status.protocol ??= described.protocol;
    if (this.frames.length >= MAX_FRAMES_PER_UPDATE) {
      this.frames.shift();
      this.status.framesDropped++;
    }
    this.frames.push({ ...wireFrame(described, Date.now()), connection: c.id, frame });
    this.changed = true;
  }

  points(c: RelayConnection, frame: number, updates: PointUpdate[]): void {
    const time = Date.now();
    for (const u of updates) {
      const ca = u.commonAddress === undefined ? {} : { commonAddress: u.commonAddress };
      this.values.push({ connection: c.id, frame, time, ref: u.ref, ...ca, type: u.type, value: u.value, quality: [...u.quality], deviceTime: u.deviceTime });
    }
    this.changed = true;
  }

  undecoded(c: RelayConnection, why: string): void {
    const entry = this.connection(c);
    if (entry) entry.undecoded = `Forwarded, not decoded: ${why}`;
    this.changed = true;
  }

  closed(c: RelayConnection, reason: TransportError): void {
    const entry = this.connection(c);
    if (entry) Object.assign(entry, { state: 'closed', reason: reason.code, message: reason.message });
    this.changed = true;
  }

  /** Takes the recorded file's size, packets and error from the relay. */
  syncCapture(): void {
    const capture = this.status.capture;
    if (!capture || !this.relay) return;
    const { fileBytes, packets, fileError } = this.relay;
    if (capture.bytes === fileBytes && capture.packets === packets && (capture.error ?? null) === fileError) return;
    Object.assign(capture, { bytes: fileBytes, packets }, fileError === null ? {} : { error: fileError });
    this.changed = true;
  }

  /** `; pcap PATH: N packets, N octets` for the log, or nothing when not recorded. */
  captureText(): string {
    const c = this.status.capture;
    return c ? `; pcap ${c.path}: ${c.packets} packets, ${c.bytes} octets${c.error ? ` (${c.error})` : ''}` : '';
  }

  /** The update to push, or null when nothing changed; empties the queues. */
  take(): Update | null {
    this.syncCapture();
    if (!this.changed) return null;
    this.changed = false;
    return { status: structuredClone(this.status), frames: this.frames.splice(0), values: this.values.splice(0) };
  }
}

/** The app's passive monitors. */
export class MonitorService {
  private readonly monitors = new Map<string, Watched>();
  private timer: ReturnType<typeof setInterval> | null = null;
  private nextId = 1;

  constructor(private readonly engine: Engine) {
    engine.onStop(() => this.stopAll());
  }

  /** Running and recently stopped monitors, oldest first. */
  list(): Status[] {
    return [...this.monitors.values()].map((m) => structuredClone(m.status));
  }

  /** Starts a relay monitor for `user`. */
  async start(request: MonitorStart, user: string): Promise<Result<Status>> {
    const listen = parseHostPort(request.listen, true);
    if (!listen.ok) return { ok: false, error: { code: 'BAD_ADDRESS', message: `listen: ${listen.error.message}` } };
    const forward = parseHostPort(request.forward);
    if (!forward.ok) return { ok: false, error: { code: 'BAD_ADDRESS', message: `forward: ${forward.error.message}` } };
    const allowed = this.engine.workspace.workspace.preferences.monitorBindAddresses ?? [];
    if (!isLoopback(listen.value.host) && !allowed.includes(listen.value.host)) {
      const message = `a relay listens on loopback (127.0.0.1, ::1) unless an administrator allows ${listen.value.host} (preference monitorBindAddresses)`;
      return { ok: false, error: { code: 'BIND_NOT_ALLOWED', message } };
    }
    if ([...this.monitors.values()].filter((m) => m.status.state === 'running').length >= MAX_RUNNING) {
      return { ok: false, error: { code: 'TOO_MANY_MONITORS', message: `at most ${MAX_RUNNING} monitors run at once: stop one first` } };
    }
    const fixed = request.protocol === 'auto' ? undefined : request.protocol;
    const id = `m${this.nextId++}`;
    const startedAt = Date.now();
    const file = request.record ? await recordingPath(this.engine.dataDir, id, new Date(startedAt)) : null;
    if (file && !file.ok) return file;
    const watched = new Watched({
      id,
      listen: formatHostPort(listen.value),
      forward: formatHostPort(forward.value),
      protocol: fixed ?? protocolByPort(forward.value.port, listen.value.port),
      state: 'running',
      startedBy: user,
      startedAt,
      connections: [],
      framesDropped: 0,
      capture: file ? { ...file.value, bytes: 0, packets: 0 } : null,
    });
    const started = await startRelayMonitor({
      listen: listen.value,
      forward: forward.value,
      ...(fixed ? { protocol: fixed } : {}),
      ...(file ? { out: file.value.path } : {}),
      sink: {
        opened: (c) => {
          watched.status.connections.push({ id: c.id, master: c.master, outstation: c.outstation, state: 'open', framesTx: 0, framesRx: 0 });
          watched.changed = true;
        },
        closed: (c, reason) => watched.closed(c, reason),
        undecoded: (c, why) => watched.undecoded(c, why),
        record: () => undefined, // the frames below carry all a record says, with their fields
        frame: (c, frame, describe) => watched.frame(c, frame, describe()),
        points: (c, frame, updates) => watched.points(c, frame, updates),
      },
    });
    if (!started.ok) {
      if (file && started.error.code === 'CANNOT_LISTEN') await rm(file.value.path, { force: true }); // nothing was recorded
      return { ok: false, error: started.error };
    }
    watched.relay = started.value;
    watched.syncCapture();
    const bound = started.value.relay.address;
    watched.status.listen = formatHostPort({ host: bound.address, port: bound.port });
    this.monitors.set(id, watched);
    this.prune();
    const recording = file ? `recording to ${file.value.path}` : 'not recorded';
    this.engine.logEvent({ kind: 'system', user, message: `monitor ${id} started: relay ${watched.status.listen} -> ${watched.status.forward} (passive, sends nothing of its own); ${recording}` });
    this.timer ??= setInterval(() => this.flush(), UPDATE_MS);
    if (file) await this.pruneRecordings(user);
    return { ok: true, value: structuredClone(watched.status) };
  }

  /** Stops monitor `id`. */
  async stop(id: string, user: string): Promise<Result<Status>> {
    const watched = this.monitors.get(id);
    if (!watched) return { ok: false, error: { code: 'NOT_FOUND', message: `no monitor ${id}` } };
    if (watched.status.state === 'running') {
      await watched.relay?.stop();
      watched.syncCapture();
      watched.status.state = 'stopped';
      watched.changed = true;
      this.engine.logEvent({ kind: 'system', user, message: `monitor ${id} stopped (${watched.status.connections.length} connection(s) relayed)${watched.captureText()}` });
      this.flush();
      if (watched.status.capture) await this.pruneRecordings(user);
    }
    return { ok: true, value: structuredClone(watched.status) };
  }

  /** The pcap file monitor `id` recorded, once it stopped; handing it over is logged. */
  async capture(id: string, user: string): Promise<Result<CaptureFile>> {
    const watched = this.monitors.get(id);
    if (!watched) return { ok: false, error: { code: 'NOT_FOUND', message: `no monitor ${id}` } };
    const capture = watched.status.capture;
    if (!capture) return { ok: false, error: { code: 'NOT_RECORDED', message: `monitor ${id} was started without recording` } };
    if (watched.status.state === 'running') return { ok: false, error: { code: 'STILL_RUNNING', message: `monitor ${id} is still recording to ${capture.path}: stop it first` } };
    const data = await readRecording(capture.path);
    if (!data.ok) return data;
    this.engine.logEvent({ kind: 'system', user, message: `monitor ${id}: pcap ${capture.path} handed over (${capture.packets} packets, ${capture.bytes} octets)` });
    return { ok: true, value: { fileName: capture.fileName, data: data.value, packets: capture.packets } };
  }

  /** Keeps the captures folder within its limits (running monitors' files stay), logging what it deleted. */
  private async pruneRecordings(user: string): Promise<void> {
    const busy = new Set<string>();
    for (const m of this.monitors.values()) if (m.status.state === 'running' && m.status.capture) busy.add(m.status.capture.path);
    const pruned = await pruneRecordings(this.engine.dataDir, busy);
    if (pruned.length === 0) return;
    const mib = pruned.reduce((sum, f) => sum + f.bytes, 0) / 1024 ** 2;
    const names = pruned.slice(0, NAMED_PRUNED).map((f) => basename(f.path));
    const more = pruned.length > NAMED_PRUNED ? ` and ${pruned.length - NAMED_PRUNED} more` : '';
    this.engine.logEvent({ kind: 'system', user, message: `monitor recordings: deleted the ${pruned.length} oldest (${mib.toFixed(1)} MiB: ${names.join(', ')}${more}) to keep the captures folder within ${RECORDINGS_KEPT_TEXT}` });
  }

  private async stopAll(): Promise<void> {
    for (const m of this.monitors.values()) await m.relay?.stop();
    if (this.timer) clearInterval(this.timer);
    this.timer = null;
  }

  private flush(): void {
    for (const m of this.monitors.values()) {
      const update = m.take();
      if (update) this.engine.publish('monitor.update', update, engineers);
    }
    if (![...this.monitors.values()].some((m) => m.status.state === 'running') && this.timer) {
      clearInterval(this.timer);
      this.timer = null;
    }
  }

  private prune(): void {
    const stopped = [...this.monitors.values()].filter((m) => m.status.state === 'stopped');
    for (const m of stopped.slice(0, Math.max(0, stopped.length - KEEP_STOPPED))) this.monitors.delete(m.status.id);
  }
}
