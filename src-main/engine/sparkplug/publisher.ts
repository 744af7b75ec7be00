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
  /** The bdSeq of the previous publisher of this process (a restart continues from it). */
  lastBdSeq?: number;
}

/** The publisher's state for the status line. */
export interface PublisherStatus extends EdgeNodeCounters {
  connected: boolean;
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

function tlsOptions(config: PublisherConfig): Partial<IClientOptions> {
  const read = (file: string | undefined): Buffer | undefined => (file ? readFileSync(file) : undefined);
  return { ca: read(config.caFile), cert: read(config.certFile), key: read(config.keyFile), rejectUnauthorized: true };
}

/** An edge node connected to its broker. */
export class SparkplugPublisher {
  readonly node: EdgeNode;
  private client: MqttClient | null = null;
  private lastError: string | null = null;

  constructor(
    private readonly config: PublisherConfig,
    source: DeviceSource,
    private readonly hooks: PublisherHooks,
  ) {
    this.node = new EdgeNode({ groupId: config.groupId, edgeNodeId: config.edgeNodeId }, source, config.bufferLimit, config.lastBdSeq);
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
    if (client.connected) {
      const death = this.node.death(Date.now());
      await client.publishAsync(death.topic, Buffer.from(encode(death.payload)), { qos: 1 }).catch(() => undefined);
    }
    this.node.disconnect();
    // A clean DISCONNECT: the broker discards the will (the NDEATH was published above).
    await client.endAsync(!client.connected);
  }

  /** Status for the UI and the CLI. */
  status(): PublisherStatus {
    return { ...this.node.stats, connected: this.node.connected, bdSeq: this.node.birthDeathSeq, lastError: this.lastError };
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
    client.subscribe(commandTopics(this.node.ids), { qos: 1 });
    this.send(this.node.connect(Date.now()));
    this.hooks.changed?.();
  }

  private onClose(client: MqttClient): void {
    if (client !== this.client) return;
    const wasConnected = this.node.connected;
    this.node.disconnect();
    // The next connection is a new session: a new bdSeq in its will and NBIRTH.
    if (wasConnected) {
      client.options.will = this.will();
      this.hooks.log(`sparkplug: disconnected from ${this.config.brokerUrl}`);
      this.hooks.changed?.();
    }
  }

  private onMessage(topic: string, bytes: Buffer): void {
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

  private send(messages: readonly SparkplugMessage[]): void {
    const client = this.client;
    if (!client) return;
    for (const message of messages) client.publish(message.topic, Buffer.from(encode(message.payload)), { qos: 0 });
  }
}

/** Encodes a payload with the Tahu protobuf schema. */
function encode(payload: UPayload): Uint8Array {
  return codec.encodePayload(payload);
}
