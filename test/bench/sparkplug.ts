/**
 * Sparkplug B publish rate (prints figures, asserts nothing): the engine's publisher
 * (EdgeNode + mqtt client + Tahu encoding) against a real mosquitto on loopback, with a
 * subscriber in the same process decoding every payload. Devices of synthetic analog
 * points change all at once per batch; the publisher is kept at most 500 messages ahead
 * of what the subscriber received, so the figure is the rate sustained end to end.
 * Prints messages/s and metrics/s received, and the process's CPU% (publisher, encoding,
 * subscriber and decoding together; mosquitto is a separate process).
 * Run: `npm run bench -- sparkplug [--seconds S] [--points N]` (default 10 s, 10 devices of 100 points).
 */
import mqtt from 'mqtt';
import sparkplug from 'sparkplug-payload';
import type { MetricPoint } from '../../src-main/engine/sparkplug/metrics';
import { SparkplugPublisher } from '../../src-main/engine/sparkplug/publisher';
import { startMosquitto } from '../integration/helpers/mosquitto';

const codec = sparkplug.get('spBv1.0')!;
const DEVICES = 10;
const MAX_AHEAD = 500;

function option(args: string[], name: string, fallback: number): number {
  const at = args.indexOf(`--${name}`);
  return at >= 0 ? Number(args[at + 1]) : fallback;
}

function points(count: number, step: number): MetricPoint[] {
  const now = Date.now();
  return Array.from({ length: count }, (_, i) => ({ address: `ai:${i}`, type: 'g30v5', value: i + step * 0.5, quality: ['ONLINE'], deviceTime: now, receivedTime: now, name: '', unit: '', deadband: 0 }));
}

/** Measures one run: `perDevice` points per DDATA. */
async function measure(url: string, perDevice: number, seconds: number): Promise<void> {
  let received = 0;
  let metricsReceived = 0;
  const host = await mqtt.connectAsync(url);
  host.on('message', (_topic, bytes) => {
    received++;
    metricsReceived += codec.decodePayload(new Uint8Array(bytes)).metrics?.length ?? 0;
  });
  await host.subscribeAsync('spBv1.0/Bench/DDATA/#');
  const devices = Array.from({ length: DEVICES }, (_, i) => `rtu${i}`);
  const publisher = new SparkplugPublisher({ brokerUrl: url, groupId: 'Bench', edgeNodeId: 'N' }, { devicesUp: () => devices, points: () => points(perDevice, 0) }, { command: () => undefined, log: () => undefined });
  publisher.start();
  while (!publisher.status().connected) await new Promise((r) => setTimeout(r, 20));
  const sent0 = publisher.status().sent;
  const cpu0 = process.cpuUsage();
  const start = performance.now();
  let step = 1;
  while (performance.now() - start < seconds * 1000) {
    if (publisher.status().sent - sent0 - received > MAX_AHEAD) {
      await new Promise((r) => setImmediate(r));
      continue;
    }
    for (const device of devices) publisher.changed(device, points(perDevice, step));
    step++;
    await new Promise((r) => setImmediate(r));
  }
  const elapsed = (performance.now() - start) / 1000;
  const cpu = process.cpuUsage(cpu0);
  const atEnd = { received, metricsReceived };
  await publisher.stop();
  await host.endAsync();
  const cpuPct = ((cpu.user + cpu.system) / 1000 / (elapsed * 1000)) * 100;
  console.log(
    `${String(perDevice).padStart(4)} metrics/DDATA: ${(atEnd.received / elapsed).toFixed(0).padStart(7)} messages/s, ${(atEnd.metricsReceived / elapsed).toFixed(0).padStart(8)} metrics/s received; CPU ${cpuPct.toFixed(0)}% of one core (publisher + subscriber)`,
  );
}

/** Runs the benchmark. */
export async function run(args: string[]): Promise<void> {
  const seconds = option(args, 'seconds', 10);
  const perDevice = option(args, 'points', 100);
  const broker = await startMosquitto();
  try {
    console.log(`Sparkplug B publish rate against mosquitto on loopback, ${DEVICES} devices, ${seconds} s per run`);
    for (const n of [1, perDevice]) await measure(broker.url, n, seconds);
  } finally {
    await broker.close();
  }
}
