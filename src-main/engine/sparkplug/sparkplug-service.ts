/**
 * The engine as a Sparkplug B edge node: runs the {@link SparkplugPublisher} the workspace
 * configures, with each station a device (born while its session is ready), point changes
 * batched as DDATA at the configured interval, and DCMD writes run through the command
 * service (select, then operate) only for the points the workspace enables, as the
 * configured role; every refused DCMD is audited.
 */
import type { UPayload } from 'sparkplug-payload/lib/sparkplugbpayload';
import type { SparkplugConfig } from '../../../src-shared/workspace/sparkplug';
import type { CommandService } from '../commands/command-service';
import type { CommandAsk } from '../commands/command-policy';
import { policyFor } from '../commands/command-policy';
import type { LogEvent } from '../event-log/event-types';
import type { PointDatabase, PointRecord } from '../points/point-database';
import type { StationManager } from '../stations/station-manager';
import type { MetricPoint } from './metrics';
import { actionOfWrite, deviceWrites } from './node-commands';
import { resolveMqttPassword } from './mqtt-password';
import type { SecretStore } from '../secrets/secret-store';
import { SparkplugPublisher, type PublisherStatus } from './publisher';
import { deviceIdOf, type CommandTopic } from './topics';

/** What the service needs of the engine. */
export interface SparkplugDeps {
  points: PointDatabase;
  stations: StationManager;
  commands: CommandService;
  /** Where an entered broker password is kept. */
  secrets: Pick<SecretStore, 'get'>;
  logEvent(event: LogEvent): void;
  log(line: string): void;
}

/** The status line of the Sparkplug publisher. */
export interface SparkplugStatus extends PublisherStatus {
  /** Configured and enabled. */
  enabled: boolean;
  /** The broker and node, e.g. `mqtt://127.0.0.1:1883 spBv1.0/G/N`. */
  endpoint: string | null;
}

/** Longest stretch (ms) of one DDATA flush before the event loop gets a turn. */
const FLUSH_SLICE_MS = 8;

/** The user name DCMD commands are audited under. */
const DCMD_USER = 'sparkplug-dcmd';

/** A point of the database as the publisher sees it. */
function metricPointOf(record: PointRecord): MetricPoint {
  const value = record.raw === null ? null : typeof record.raw === 'number' ? (record.value ?? record.raw) : record.raw;
  return {
    address: record.address,
    type: record.type,
    value,
    quality: record.quality,
    deviceTime: record.deviceTime,
    receivedTime: record.receivedTime,
    name: record.config?.name ?? '',
    unit: record.config?.unit ?? '',
    deadband: record.config?.eventDeadband ?? 0,
  };
}

/** Runs (and re-runs on configuration changes) the workspace's Sparkplug publisher. */
export class SparkplugService {
  private publisher: SparkplugPublisher | null = null;
  private config: SparkplugConfig | null = null;
  private configKey = '';
  private readonly dirty = new Map<string, Set<number>>();
  /** Station of each device id met so far (devices are named after stations). */
  private readonly deviceStations = new Map<string, string>();
  private timer: ReturnType<typeof setInterval> | null = null;
  private continuation: ReturnType<typeof setImmediate> | null = null;
  private startError: string | null = null;
  private lastBdSeq = -1;

  constructor(private readonly deps: SparkplugDeps) {}

  /** Applies the workspace's section: starts, restarts (when it changed) or stops the publisher. */
  async apply(config: SparkplugConfig | undefined): Promise<void> {
    const key = JSON.stringify(config ?? null);
    if (key === this.configKey) return;
    this.configKey = key;
    await this.stop();
    this.config = config ?? null;
    this.startError = null;
    if (!config?.enabled) return;
    const password = resolveMqttPassword(config, this.deps.secrets);
    if (!password.ok) {
      this.notStarted(password.error.message);
      return;
    }
    const { password: _plain, passwordSecret: _secret, passwordFile: _file, passwordEnv: _env, ...settings } = config;
    const publisher = new SparkplugPublisher({ ...settings, password: password.password, lastBdSeq: this.lastBdSeq }, { devicesUp: () => this.devicesUp(), points: (device) => this.devicePoints(device) }, {
      command: (topic, payload) => void this.onCommand(topic, payload),
      log: this.deps.log,
    });
    try {
      publisher.start();
    } catch (error) {
      this.notStarted((error as Error).message);
      return;
    }
    this.publisher = publisher;
    this.timer = setInterval(() => this.flush(), config.publishIntervalMs);
    this.timer.unref?.();
    this.deps.logEvent({ kind: 'system', message: `Sparkplug publisher started: ${config.brokerUrl} as ${config.groupId}/${config.edgeNodeId}` });
  }

  private notStarted(why: string): void {
    this.startError = why;
    this.deps.logEvent({ kind: 'system', message: `Sparkplug publisher not started: ${why}` });
  }

  /** Collects changed points (from the fan-out's batches) for the next DDATA. */
  pointsChanged(station: string, slots: ArrayLike<number>): void {
    if (!this.publisher) return;
    let set = this.dirty.get(station);
    if (!set) this.dirty.set(station, (set = new Set()));
    for (let i = 0; i < slots.length; i++) set.add(slots[i]!);
  }

  /** A station's session became ready (DBIRTH) or stopped being ready (DDEATH). */
  stationState(station: string, ready: boolean): void {
    if (!this.publisher) return;
    const device = this.deviceOf(station);
    if (ready) {
      this.dirty.delete(station);
      this.publisher.deviceUp(device);
    } else this.publisher.deviceDown(device);
  }

  /** A station was removed. */
  stationRemoved(station: string): void {
    this.dirty.delete(station);
    this.publisher?.forgetDevice(deviceIdOf(station));
    this.deviceStations.delete(deviceIdOf(station));
  }

  /** The status line. */
  status(): SparkplugStatus {
    const config = this.config;
    const endpoint = config ? `${config.brokerUrl} spBv1.0/${config.groupId}/${config.edgeNodeId}` : null;
    const base: PublisherStatus = this.publisher?.status() ?? { connected: false, primaryHost: null, bdSeq: -1, sent: 0, metrics: 0, buffered: 0, dropped: 0, lastError: this.startError };
    return { ...base, enabled: config?.enabled ?? false, endpoint };
  }

  /** Publishes NDEATH and disconnects. */
  async stop(): Promise<void> {
    if (this.timer) clearInterval(this.timer);
    if (this.continuation) clearImmediate(this.continuation);
    this.timer = null;
    this.continuation = null;
    this.dirty.clear();
    const publisher = this.publisher;
    this.publisher = null;
    if (!publisher) return;
    this.lastBdSeq = publisher.status().bdSeq;
    await publisher.stop();
  }

  /**
   * Sends one DDATA per station with changes (the publisher buffers them while offline),
   * a slice of stations at a time: with a thousand stations the rest follows in later
   * turns of the event loop.
   */
  flush(): void {
    this.continuation = null;
    const publisher = this.publisher;
    if (!publisher) return;
    const end = performance.now() + FLUSH_SLICE_MS;
    for (const [station, indices] of this.dirty) {
      this.dirty.delete(station);
      publisher.changed(this.deviceOf(station), [...indices].map((index) => metricPointOf(this.deps.points.get(index))));
      if (performance.now() >= end) break;
    }
    if (this.dirty.size > 0) this.continuation ??= setImmediate(() => this.flush());
  }

  /** The device id of a station, remembered for the way back (DCMD). */
  private deviceOf(station: string): string {
    const device = deviceIdOf(station);
    this.deviceStations.set(device, station);
    return device;
  }

  private stationOfDevice(device: string): string | undefined {
    const known = this.deviceStations.get(device);
    if (known !== undefined && this.deps.stations.get(known)) return known;
    return this.deps.stations.list().find((station) => deviceIdOf(station.id) === device)?.id;
  }

  private devicesUp(): string[] {
    const up: string[] = [];
    for (const station of this.deps.stations.list()) if (station.state === 'ready') up.push(this.deviceOf(station.id));
    return up;
  }

  /** Every point of a device; a controllable one without value takes its datatype from its policy. */
  private devicePoints(device: string): MetricPoint[] {
    const station = this.stationOfDevice(device);
    const config = station === undefined ? undefined : this.deps.stations.get(station)?.config;
    if (station === undefined || !config) return [];
    return this.deps.points.indicesOf(station).map((index) => {
      const point = metricPointOf(this.deps.points.get(index));
      const policy = point.value === null ? policyFor(config, point.address) : undefined;
      return policy ? { ...point, command: policy.actions.includes('setpoint') ? 'setpoint' : 'binary' } : point;
    });
  }

  private async onCommand(topic: CommandTopic, payload: UPayload): Promise<void> {
    if (topic.type !== 'DCMD') {
      this.deps.logEvent({ kind: 'system', message: 'Sparkplug NCMD ignored: only Node Control/Rebirth is supported' });
      return;
    }
    const station = this.stationOfDevice(topic.device);
    const publisher = this.publisher;
    if (!station || !publisher) {
      this.deps.logEvent({ kind: 'command', message: `Sparkplug DCMD for unknown device ${topic.device} refused` });
      return;
    }
    const writes = deviceWrites(payload, (alias) => publisher.node.addressOfAlias(topic.device, alias));
    for (const write of writes) {
      if (!write.ok) this.deps.logEvent({ kind: 'command', station, message: `Sparkplug DCMD refused: ${write.code} ${write.detail}` });
      else await this.runWrite(station, write.address, write.value);
    }
  }

  /** One DCMD write: refused and audited unless enabled for the point; else select, then operate. */
  private async runWrite(station: string, address: string, value: boolean | number): Promise<void> {
    const config = this.config!;
    const user = { name: DCMD_USER, role: config.dcmdRole };
    const allowed = policyFor(this.deps.stations.get(station)!.config, address)?.actions ?? [];
    const action = actionOfWrite(value, allowed);
    const ask: CommandAsk = { station, address, action: action ?? (typeof value === 'number' ? { action: 'setpoint', value } : { action: value ? 'on' : 'off' }) };
    const listed = config.dcmdPoints.some((point) => point.station === station && point.address === address);
    if (!config.dcmdEnabled || !listed) {
      const why = config.dcmdEnabled ? `${station}/${address} is not in the workspace's DCMD list` : 'DCMD is not enabled in the workspace';
      this.deps.commands.refuseFrom(user, ask, 'REFUSED_POLICY', `Sparkplug DCMD refused: ${why}`);
      return;
    }
    if (!action) {
      this.deps.commands.refuseFrom(user, ask, 'REFUSED_ACTION', `Sparkplug DCMD: no allowed action of ${address} (${allowed.join(', ') || 'none'}) takes ${String(value)}`);
      return;
    }
    const selected = await this.deps.commands.start(user, ask, true);
    if (selected.stage === 'selected') await this.deps.commands.operate(user, selected.id);
  }
}
