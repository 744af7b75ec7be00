/**
 * The MQTT side of the edge node: one `mqtt` client with the NDEATH as its will, the
 * {@link EdgeNode}'s messages encoded with the Tahu payload and published, NCMD/DCMD
 * received. Used by the engine's Sparkplug service and by the CLI's `bridge`; the
 * credentials are handed to the client only, never logged.
 */
import { readFileSync } from 'node:fs';
import mqtt, { type IClientOptions, type MqttClient } from 'mqtt';
import sparkplug from 'sparkplug-payload';
import type { UPayload } from 'sparkplug-payload/lib/sparkplugbpayload';
import { EdgeNode, type DeviceSource, type EdgeNodeCounters, type SparkplugMessage } from './edge-node';
import type { MetricPoint } from './metrics';
import { isRebirthRequest } from './node-commands';
import { parseHostState, PrimaryHostWatch, stateTopic } from './primary-host';
import { commandTopics, parseCommandTopic, type CommandTopic, type NodeIds } from './topics';

const codec = sparkplug.get('spBv1.0')!;

/** What the publisher needs of the workspace's Sparkplug section. */
export interface PublisherConfig extends NodeIds {
  brokerUrl: string;
  caFile?: string;
  certFile?: string;
  keyFile?: string;
  username?: string;
  password?: string;
  bufferLimit?: number;
  /**
   * Sparkplug 3.0 primary host application id: births wait until its STATE says online,
   * and its going offline ends the MQTT session (NDEATH) and starts it over.
   */
  primaryHostId?: string;
  /** The bdSeq of the previous publisher of this process (a restart continues from it). */
  lastBdSeq?: number;
}

/** The publisher's state for the status line. */
export interface PublisherStatus extends EdgeNodeCounters {
  /** Births published in the current MQTT session (with a primary host: once it is online). */
  connected: boolean;
  /** The configured primary host application and its last STATE (null: not heard yet); null without one. */
  primaryHost: { id: string; online: boolean | null } | null;
  bdSeq: number;
  lastError: string | null;
}

/** What the publisher tells its owner. */
export interface PublisherHooks {
  /** An NCMD (other than rebirth, which the publisher answers itself) or DCMD arrived. */
  command(topic: CommandTopic, payload: UPayload): void;
  /** Connection changes and errors, one line (never with credentials). */
  log(line: string): void;
  /** The status changed (connected, error). */
  changed?(): void;
}

/** Ms between reconnect attempts while the broker is unreachable. */
const RECONNECT_MS = 2_000;
/**
 * Longest stretch (ms) spent encoding and publishing before the event loop gets a turn:
 * the births and DDATA of a thousand stations took half a second in one go
 * (`npm run bench -- scale`), stalling every session of the engine meanwhile.
 */
const SLICE_MS = 8;

function tlsOptions(config: PublisherConfig): Partial<IClientOptions> {
  const read = (file: string | undefined): Buffer | undefined => (file ? readFileSync(file) : undefined);
  return { ca: read(config.caFile), cert: read(config.certFile), key: read(config.keyFile), rejectUnauthorized: true };
}

/** An edge node connected to its broker. */
export class SparkplugPublisher {
  readonly node: EdgeNode;
  private readonly host: PrimaryHostWatch | null;
  /** An MQTT session is open (births sent or not). */
  private sessionOpen = false;
  private client: MqttClient | null = null;
  private lastError: string | null = null;
  /** Messages in publishing order, not yet handed to the client (from `head` on). */
  private outgoing: SparkplugMessage[] = [];
  private head = 0;
  private draining: ReturnType<typeof setImmediate> | null = null;

  constructor(
    private readonly config: PublisherConfig,
    source: DeviceSource,
    private readonly hooks: PublisherHooks,
  ) {
    this.node = new EdgeNode({ groupId: config.groupId, edgeNodeId: config.edgeNodeId }, source, config.bufferLimit, config.lastBdSeq);
    this.host = config.primaryHostId ? new PrimaryHostWatch(config.primaryHostId) : null;
  }

  /** Connects (and keeps reconnecting); births are published on every connect. Throws when a TLS file cannot be read. */
  start(): void {
    const tls = this.config.brokerUrl.startsWith('mqtts:') ? tlsOptions(this.config) : {};
    const client = mqtt.connect(this.config.brokerUrl, {
      clientId: `switchyard-${this.config.groupId}-${this.config.edgeNodeId}`,
      clean: true,
      reconnectPeriod: RECONNECT_MS,
      connectTimeout: 10_000,
      queueQoSZero: false,
      will: this.will(),
      ...(this.config.username ? { username: this.config.username, password: this.config.password } : {}),
      ...tls,
    });
    this.client = client;
    client.on('connect', () => this.onConnect(client));
    client.on('close', () => this.onClose(client));
    client.on('error', (error) => {
      this.lastError = error.message;
      this.hooks.log(`sparkplug: ${error.message}`);
      this.hooks.changed?.();
    });
    client.on('message', (topic, payload) => this.onMessage(topic, payload));
  }

  /** Publishes NDEATH and disconnects. */
  async stop(): Promise<void> {
    const client = this.client;
    this.client = null;
    if (!client) return;
    this.dropOutgoing();
    // NDEATH ends a session that was born (one still waiting for its primary host was not).
    if (client.connected && this.node.connected) {
      const death = this.node.death(Date.now());
      await client.publishAsync(death.topic, Buffer.from(encode(death.payload)), { qos: 1 }).catch(() => undefined);
    }
    this.node.disconnect();
    // A clean DISCONNECT: the broker discards the will (the NDEATH was published above).
    await client.endAsync(!client.connected);
  }

  /** Messages queued and not yet handed to the MQTT client (they go a slice at a time). */
  get pending(): number {
    return this.outgoing.length - this.head;
  }

  /** Status for the UI and the CLI. */
  status(): PublisherStatus {
    const primaryHost = this.host ? { id: this.host.hostId, online: this.host.online } : null;
    return { ...this.node.stats, connected: this.node.connected, primaryHost, bdSeq: this.node.birthDeathSeq, lastError: this.lastError };
  }

  /** A station came up. */
  deviceUp(device: string): void {
    this.send(this.node.deviceUp(device, Date.now()));
  }

  /** A station went down. */
  deviceDown(device: string): void {
    this.send(this.node.deviceDown(device, Date.now()));
  }

  /** A station was removed. */
  forgetDevice(device: string): void {
    this.send(this.node.forgetDevice(device, Date.now()));
  }

  /** A batch of a device's changed points. */
  changed(device: string, points: readonly MetricPoint[]): void {
    this.send(this.node.changed(device, points, Date.now()));
  }

  /** Publishes the node's and every device's births again. */
  rebirth(): void {
    this.send(this.node.rebirth(Date.now()));
  }

  private will(): IClientOptions['will'] {
    const death = this.node.prepareConnect(Date.now());
    return { topic: death.topic, payload: Buffer.from(encode(death.payload)), qos: 1, retain: false };
  }

  private onConnect(client: MqttClient): void {
    if (client !== this.client) return;
    this.lastError = null;
    this.hooks.log(`sparkplug: connected to ${this.config.brokerUrl} (bdSeq ${this.node.birthDeathSeq})`);
    this.sessionOpen = true;
    client.subscribe([...commandTopics(this.node.ids), ...(this.host ? [stateTopic(this.host.hostId)] : [])], { qos: 1 });
    // With a primary host, the births wait for its (retained) STATE saying online.
    if (this.host) this.hooks.log(`sparkplug: waiting for primary host ${this.host.hostId} to be online before the births`);
    else this.send(this.node.connect(Date.now()));
    this.hooks.changed?.();
  }

  private onClose(client: MqttClient): void {
    if (client !== this.client) return;
    const wasOpen = this.sessionOpen;
    this.sessionOpen = false;
    this.node.disconnect();
    // Messages of the lost session are not sent in the next one (its births start afresh).
    this.dropOutgoing();
    // The next connection is a new session (also one that waited for the primary host and
    // whose will the broker may have published): a new bdSeq in its will and NBIRTH.
    if (wasOpen) {
      client.options.will = this.will();
      this.hooks.log(`sparkplug: disconnected from ${this.config.brokerUrl}`);
      this.hooks.changed?.();
    }
  }

  private onMessage(topic: string, bytes: Buffer): void {
    if (this.host && topic === stateTopic(this.host.hostId)) {
      this.onHostState(this.host, bytes);
      return;
    }
    const parsed = parseCommandTopic(this.node.ids, topic);
    if (!parsed) return;
    let payload: UPayload;
    try {
      payload = codec.decodePayload(new Uint8Array(bytes));
    } catch (error) {
      this.hooks.log(`sparkplug: undecodable ${parsed.type} on ${topic}: ${(error as Error).message}`);
      return;
    }
    if (parsed.type === 'NCMD' && isRebirthRequest(payload)) {
      this.hooks.log('sparkplug: rebirth requested (NCMD)');
      this.rebirth();
    } else this.hooks.command(parsed, payload);
  }

  /** A STATE of the primary host: births once it is online; NDEATH and a new session when it goes offline. */
  private onHostState(host: PrimaryHostWatch, bytes: Buffer): void {
    const client = this.client;
    const parsed = parseHostState(new Uint8Array(bytes));
    if (!parsed.ok) {
      this.hooks.log(`sparkplug: STATE of ${host.hostId} ignored: ${parsed.error.message}`);
      return;
    }
    const verdict = host.observe(parsed.state);
    if (verdict === 'stale' || !client?.connected) return;
    this.hooks.changed?.();
    if (verdict === 'online' && !this.node.connected) {
      this.hooks.log(`sparkplug: primary host ${host.hostId} online: publishing the births`);
      this.send(this.node.connect(Date.now()));
    } else if (verdict === 'offline' && this.node.connected) void this.restartSession(client, host.hostId);
  }

  /** The primary host went offline: NDEATH, a clean disconnect, then a new session that waits for it again. */
  private async restartSession(client: MqttClient, hostId: string): Promise<void> {
    this.hooks.log(`sparkplug: primary host ${hostId} offline: NDEATH, reconnecting to wait for it`);
    this.dropOutgoing();
    const death = this.node.death(Date.now());
    await client.publishAsync(death.topic, Buffer.from(encode(death.payload)), { qos: 1 }).catch(() => undefined);
    // A clean DISCONNECT: the broker discards the will (the NDEATH was published above).
    await client.endAsync();
    if (client === this.client) client.reconnect();
  }

  /** Queues messages in order; they are encoded and published a slice at a time. */
  private send(messages: readonly SparkplugMessage[]): void {
    if (!this.client || messages.length === 0) return;
    for (const message of messages) this.outgoing.push(message);
    if (this.draining === null) this.drain();
  }

  private drain(): void {
    this.draining = null;
    const client = this.client;
    if (!client) return;
    const end = performance.now() + SLICE_MS;
    while (this.head < this.outgoing.length) {
      const message = this.outgoing[this.head++]!;
      client.publish(message.topic, Buffer.from(encode(message.payload)), { qos: 0 });
      if (performance.now() >= end) break;
    }
    if (this.head < this.outgoing.length) this.draining = setImmediate(() => this.drain());
    else this.dropOutgoing();
  }

  private dropOutgoing(): void {
    if (this.draining !== null) clearImmediate(this.draining);
    this.draining = null;
    this.outgoing = [];
    this.head = 0;
  }
}

/** Encodes a payload with the Tahu protobuf schema. */
function encode(payload: UPayload): Uint8Array {
  return codec.encodePayload(payload);
}
