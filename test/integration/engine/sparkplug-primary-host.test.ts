/**
 * Sparkplug 3.0 primary host application awareness against a real mosquitto: the edge node
 * (SparkplugPublisher, as the engine and `bridge` run it) with a primary host id publishes
 * no birth until the host's retained STATE says online; when the host goes offline it
 * publishes NDEATH (the NBIRTH's bdSeq), disconnects and starts a new session that waits
 * again (births with the next bdSeq once the host is back); a STATE older than the last
 * one, and one that is not JSON, are ignored. Also: a thousand births are handed to the
 * MQTT client a slice at a time, in seq order.
 */
import mqtt, { type MqttClient } from 'mqtt';
import sparkplug from 'sparkplug-payload';
import type { UPayload } from 'sparkplug-payload/lib/sparkplugbpayload';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { MetricPoint } from '../../../src-main/engine/sparkplug/metrics';
import { SparkplugPublisher } from '../../../src-main/engine/sparkplug/publisher';
import { startMosquitto, type Mosquitto } from '../helpers/mosquitto';
import { until } from '../helpers/until';

const codec = sparkplug.get('spBv1.0')!;
let broker: Mosquitto;
beforeAll(async () => {
  broker = await startMosquitto();
});
afterAll(async () => {
  await broker.close();
});

interface Seen {
  type: string;
  device?: string;
  payload: UPayload;
}

function point(address: string, value: number): MetricPoint {
  return { address, type: 'g30v5', value, quality: ['ONLINE'], deviceTime: null, receivedTime: Date.now(), name: '', unit: '', deadband: 0 };
}

/** A Sparkplug host that records the group's messages and can publish STATE. */
async function hostApplication(group: string): Promise<{ client: MqttClient; seen: Seen[]; state(online: boolean, timestamp: number): Promise<void>; roundTrip(): Promise<void> }> {
  const client = await mqtt.connectAsync(broker.url, { clean: true });
  const seen: Seen[] = [];
  let echoes = 0;
  client.on('message', (topic, bytes) => {
    if (topic === `test/echo/${group}`) {
      echoes++;
      return;
    }
    const [, , type, , device] = topic.split('/');
    seen.push({ type: type!, device, payload: codec.decodePayload(new Uint8Array(bytes)) });
  });
  await client.subscribeAsync([`spBv1.0/${group}/#`, `test/echo/${group}`], { qos: 1 });
  return {
    client,
    seen,
    state: async (online, timestamp) => {
      await client.publishAsync('spBv1.0/STATE/SCADA', JSON.stringify({ online, timestamp }), { qos: 1, retain: true });
    },
    // Everything the broker had for us before this has arrived.
    roundTrip: async () => {
      const before = echoes;
      await client.publishAsync(`test/echo/${group}`, 'x', { qos: 1 });
      await until('echo', () => echoes > before);
    },
  };
}

const bdSeqOf = (m: Seen): number => Number(m.payload.metrics!.find((x) => x.name === 'bdSeq')!.value);

describe('Sparkplug primary host application (STATE)', () => {
  it('waits for the host online to publish births, and on its going offline publishes NDEATH and starts a new session', async () => {
    const host = await hostApplication('PH');
    await host.state(false, 1000);
    const logs: string[] = [];
    const devices = ['rtu1', 'rtu2'];
    const publisher = new SparkplugPublisher(
      { brokerUrl: broker.url, groupId: 'PH', edgeNodeId: 'N', primaryHostId: 'SCADA' },
      { devicesUp: () => devices, points: () => [point('ai:0', 1)] },
      { command: () => undefined, log: (line) => logs.push(line) },
    );
    publisher.start();
    try {
      await until('the waiting session', () => publisher.status().primaryHost?.online === false);
      await host.roundTrip();
      expect(host.seen).toEqual([]);
      expect(publisher.status()).toMatchObject({ connected: false, primaryHost: { id: 'SCADA', online: false } });

      await host.state(true, 2000);
      await until('births', () => host.seen.length >= 3);
      expect(host.seen.map((m) => [m.type, m.device])).toEqual([
        ['NBIRTH', undefined],
        ['DBIRTH', 'rtu1'],
        ['DBIRTH', 'rtu2'],
      ]);
      const firstBdSeq = bdSeqOf(host.seen[0]!);
      expect(publisher.status()).toMatchObject({ connected: true, primaryHost: { id: 'SCADA', online: true } });

      // A stale offline STATE (older timestamp) and a malformed one change nothing.
      await host.state(false, 1500);
      await host.client.publishAsync('spBv1.0/STATE/SCADA', 'OFFLINE', { qos: 1 });
      await host.roundTrip();
      await until('the malformed STATE logged', () => logs.some((l) => l === 'sparkplug: STATE of SCADA ignored: not JSON text'));
      expect(host.seen.map((m) => m.type)).toEqual(['NBIRTH', 'DBIRTH', 'DBIRTH']);

      await host.state(false, 3000);
      await until('NDEATH', () => host.seen.some((m) => m.type === 'NDEATH'));
      expect(bdSeqOf(host.seen.find((m) => m.type === 'NDEATH')!)).toBe(firstBdSeq);
      await until('the next session waiting', () => logs.filter((l) => l.startsWith('sparkplug: waiting for primary host SCADA')).length === 2);
      expect(publisher.status()).toMatchObject({ connected: false, primaryHost: { online: false } });

      await host.state(true, 4000);
      await until('births of the new session', () => host.seen.filter((m) => m.type === 'NBIRTH').length === 2);
      const second = host.seen.filter((m) => m.type === 'NBIRTH')[1]!;
      expect(bdSeqOf(second)).toBe((firstBdSeq + 1) % 256);
      expect(Number(second.payload.seq)).toBe(0);
    } finally {
      await publisher.stop();
      await host.client.publishAsync('spBv1.0/STATE/SCADA', '', { qos: 1, retain: true });
      await host.client.endAsync();
    }
  }, 30_000);

  it('hands a thousand births to the MQTT client a slice at a time, in seq order', async () => {
    const host = await hostApplication('Many');
    const devices = Array.from({ length: 1000 }, (_, i) => `rtu${i}`);
    const points = Array.from({ length: 20 }, (_, i) => point(`ai:${i}`, i));
    let pendingAtConnect: number | null = null;
    const publisher = new SparkplugPublisher(
      { brokerUrl: broker.url, groupId: 'Many', edgeNodeId: 'N' },
      { devicesUp: () => devices, points: () => points },
      {
        command: () => undefined,
        log: () => undefined,
        // Called at the end of the connect handler, once the births were queued.
        changed: () => void (pendingAtConnect ??= publisher.status().connected ? publisher.pending : null),
      },
    );
    publisher.start();
    try {
      await until('connected', () => publisher.status().connected);
      // The client had the first slice only; the rest waited for later turns of the event loop.
      expect(pendingAtConnect).toBeGreaterThan(100);
      await until('every birth', () => host.seen.length === 1001, 20_000);
      expect(host.seen.map((m) => Number(m.payload.seq))).toEqual(host.seen.map((_, i) => i % 256));
      expect(host.seen.slice(1).map((m) => m.device)).toEqual(devices);
      expect(publisher.pending).toBe(0);
    } finally {
      await publisher.stop();
      await host.client.endAsync();
    }
  }, 30_000);
});
