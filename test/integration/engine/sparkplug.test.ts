/**
 * The engine as a Sparkplug B edge node against a real broker (Debian's mosquitto on a
 * loopback port) and the built-in simulators: a subscriber decodes every payload with the
 * Tahu codec and checks birth/data/death order, seq continuity, the NDEATH will's bdSeq,
 * values against a simulator, rebirth on NCMD, DCMD refused by default and run through
 * the command service when enabled, and buffering while the broker is stopped.
 */
import mqtt, { type MqttClient } from 'mqtt';
import sparkplug from 'sparkplug-payload';
import type { UPayload } from 'sparkplug-payload/lib/sparkplugbpayload';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { interrogate } from '../../../src-main/commissioning/target/target-calls';
import { openTarget } from '../../../src-main/commissioning/target/target-session';
import { parseTargetUrl } from '../../../src-main/commissioning/target/target-url';
import { startSimulator, type Simulator } from '../../../src-main/commissioning/target/simulator';
import type { SparkplugConfigInput } from '../../../src-shared/workspace/sparkplug';
import { cutProxy, type CutProxy } from './helpers/cut-proxy';
import { engineWith, type TestEngine } from './helpers/engine-station';
import { startMosquitto, type Mosquitto } from '../helpers/mosquitto';
import { until } from '../helpers/until';

const codec = sparkplug.get('spBv1.0')!;

interface Received {
  type: string;
  device: string | undefined;
  payload: UPayload;
}

/** A Sparkplug host's view: every message of group G, decoded, in arrival order. */
class Subscriber {
  readonly messages: Received[] = [];
  private constructor(readonly client: MqttClient) {
    client.on('message', (topic, bytes) => {
      const [, , type, , device] = topic.split('/');
      // The host's own commands come back to it: only the edge node's messages count.
      if (type === 'NCMD' || type === 'DCMD') return;
      this.messages.push({ type: type!, device, payload: codec.decodePayload(new Uint8Array(bytes)) });
    });
  }
  static async open(url: string): Promise<Subscriber> {
    const client = await mqtt.connectAsync(url, { reconnectPeriod: 100, clean: true });
    await client.subscribeAsync('spBv1.0/G/#', { qos: 1 });
    return new Subscriber(client);
  }
  since(index: number): Received[] {
    return this.messages.slice(index);
  }
  async send(type: 'NCMD' | 'DCMD', device: string | undefined, payload: UPayload): Promise<void> {
    await this.client.publishAsync(`spBv1.0/G/${type}/N${device ? `/${device}` : ''}`, Buffer.from(codec.encodePayload(payload)));
  }
}

const num = (value: unknown): number => Number(value);
const bdSeqOf = (m: Received): number => num(m.payload.metrics!.find((x) => x.name === 'bdSeq')!.value);
const metricValue = (m: Received, name: string): unknown => m.payload.metrics!.find((x) => x.name === name)?.value;

/**
 * Every message carries the previous seq + 1 (mod 256), an NBIRTH 0; NDEATH carries none.
 * A slice may start mid-session: its first message then only sets where counting starts.
 */
function expectSeqContinuity(messages: Received[]): void {
  let last: number | null = null;
  for (const m of messages) {
    if (m.type === 'NDEATH') continue;
    const seq = num(m.payload.seq);
    if (m.type === 'NBIRTH') expect(seq).toBe(0);
    else if (last !== null) expect(seq, `${m.type} ${m.device}`).toBe((last + 1) % 256);
    last = seq;
  }
}

const open: Array<{ close(): Promise<void> }> = [];
let broker: Mosquitto;
let proxy: CutProxy;
let host: Subscriber;
let dnp: Simulator;
let iec: Simulator;
let t: TestEngine;

async function simulator(options: Parameters<typeof startSimulator>[0]): Promise<Simulator> {
  const started = await startSimulator(options);
  if (!started.ok) throw new Error(started.error.message);
  return started.value;
}

async function configure(extra: Partial<SparkplugConfigInput> = {}): Promise<void> {
  const change = await t.engine.workspace.update((draft) => {
    draft.sparkplug = { enabled: true, brokerUrl: `mqtt://127.0.0.1:${proxy.port}`, groupId: 'G', edgeNodeId: 'N', publishIntervalMs: 100, ...extra };
  });
  if (!change.ok) throw new Error(change.error.message);
}

/** The simulator's own values now, read by an independent one-shot master session. */
async function simulatorValues(sim: Simulator): Promise<Map<string, unknown>> {
  const target = parseTargetUrl(sim.url);
  if (!target.ok) throw new Error(target.error.message);
  const opened = await openTarget(target.value);
  if (!opened.ok) throw new Error(opened.error.message);
  try {
    const read = await interrogate(opened.value, 5000);
    if (!read.ok) throw new Error(read.error.message);
    return new Map(read.value.points.map((p) => [p.ref, p.value]));
  } finally {
    await opened.value.close();
  }
}

beforeAll(async () => {
  broker = await startMosquitto();
  open.push(broker);
  proxy = await cutProxy(broker.port);
  open.push(proxy);
  host = await Subscriber.open(broker.url);
  open.push({ close: () => host.client.endAsync(true) });
  dnp = await simulator({ protocol: 'dnp3', host: '127.0.0.1', port: 0, points: 4, rate: 0 });
  open.push(dnp);
  iec = await simulator({ protocol: 'iec104', host: '127.0.0.1', port: 0, points: 4, rate: 20 });
  open.push({ close: () => iec.close() });
  t = await engineWith({
    id: 'dnp',
    name: 'DNP3 RTU',
    protocol: 'dnp3',
    transport: { kind: 'tcp', host: '127.0.0.1', port: dnp.port },
    commands: [{ address: 'bo:0', mode: 'sbo', actions: ['on', 'off'] }],
  });
  open.push(t);
  const added = await t.engine.workspace.update((draft) => {
    draft.stations!.push({
      id: 'iec',
      name: 'IEC RTU',
      protocol: 'iec104',
      transport: { kind: 'tcp', host: '127.0.0.1', port: iec.port },
      commands: [{ address: 'ioa:5001@1', mode: 'sbo', actions: ['on', 'off'] }],
    });
  });
  if (!added.ok) throw new Error(added.error.message);
  await until('both stations ready', () => t.engine.stations.list().every((s) => s.state === 'ready'));
  await until('dnp points', () => t.engine.points.indicesOf('dnp').length >= 16);
  await configure();
}, 60_000);

afterAll(async () => {
  for (const o of open.splice(0).reverse()) await o.close();
});

describe('Sparkplug B edge node against mosquitto', () => {
  it('births the node then each station, with every point as a metric, then DDATA in seq order', async () => {
    await until('DBIRTH of both devices', () => ['dnp', 'iec'].every((d) => host.messages.some((m) => m.type === 'DBIRTH' && m.device === d)));
    await until('DDATA of the changing IEC station', () => host.messages.filter((m) => m.type === 'DDATA' && m.device === 'iec').length >= 3);
    const all = host.messages;
    expect(all[0]!.type).toBe('NBIRTH');
    expect(bdSeqOf(all[0]!)).toBe(0);
    expect(metricValue(all[0]!, 'Node Control/Rebirth')).toBe(false);
    expectSeqContinuity(all);
    const birth = all.find((m) => m.type === 'DBIRTH' && m.device === 'dnp')!;
    const names = birth.payload.metrics!.map((m) => m.name);
    expect(names).toEqual(expect.arrayContaining(['ai:0', 'bi:0', 'bo:0', 'ctr:0']));
    const ai0 = birth.payload.metrics!.find((m) => m.name === 'ai:0')!;
    expect(ai0.type).toBe('Double');
    expect(ai0.properties!['Quality']).toMatchObject({ type: 'Int32', value: 192 });
    expect(ai0.properties!['Received Timestamp']!.type).toBe('DateTime');
    // Values against the simulator itself (it does not change: rate 0).
    const truth = await simulatorValues(dnp);
    for (const metric of birth.payload.metrics!) {
      if (truth.has(metric.name!) && typeof truth.get(metric.name!) !== 'string') expect(metric.value, metric.name!).toEqual(truth.get(metric.name!));
    }
    // DDATA carries aliases the birth announced.
    const iecBirth = all.find((m) => m.type === 'DBIRTH' && m.device === 'iec')!;
    // A command-only point (never reported): is_null (decoded as null), typed from its command policy.
    expect(iecBirth.payload.metrics!.find((m) => m.name === 'ioa:5001@1')).toMatchObject({ type: 'Boolean', value: null });
    const aliases = new Set(iecBirth.payload.metrics!.map((m) => num(m.alias)));
    for (const data of all.filter((m) => m.type === 'DDATA' && m.device === 'iec')) {
      for (const metric of data.payload.metrics!) expect(aliases.has(num(metric.alias))).toBe(true);
    }
  });

  it('rebirths on NCMD Node Control/Rebirth', async () => {
    const from = host.messages.length;
    await host.send('NCMD', undefined, { timestamp: Date.now(), metrics: [{ name: 'Node Control/Rebirth', type: 'Boolean', value: true }] });
    await until('NBIRTH and both DBIRTHs again', () => host.since(from).filter((m) => m.type === 'DBIRTH').length >= 2);
    const again = host.since(from);
    const nbirth = again.find((m) => m.type === 'NBIRTH')!;
    expect(num(nbirth.payload.seq)).toBe(0);
    expect(bdSeqOf(nbirth)).toBe(0);
    expectSeqContinuity(again);
  });

  it('refuses and audits a DCMD while DCMD is not enabled; the simulator does not change', async () => {
    await host.send('DCMD', 'dnp', { timestamp: Date.now(), metrics: [{ name: 'bo:0', type: 'Boolean', value: true }] });
    const audit = await until('refused DCMD audited', async () => (await t.engine.eventLog.queryAudit({ station: 'dnp' })).rows.find((r) => r.user === 'sparkplug-dcmd'));
    expect(audit).toMatchObject({ point: 'bo:0', action: 'on', result: 'REFUSED_POLICY', ok: false, detail: 'Sparkplug DCMD refused: DCMD is not enabled in the workspace' });
    expect((await simulatorValues(dnp)).get('bo:0')).toBe(false);
  });

  it('sends NDEATH as the will with the NBIRTH bdSeq when the connection drops, then births with the next bdSeq', async () => {
    const from = host.messages.length;
    proxy.cut();
    await until('NDEATH and a new NBIRTH', () => host.since(from).some((m) => m.type === 'NBIRTH'));
    const seen = host.since(from);
    const death = seen.find((m) => m.type === 'NDEATH')!;
    expect(bdSeqOf(death)).toBe(0);
    expect(seen.findIndex((m) => m.type === 'NDEATH')).toBeLessThan(seen.findIndex((m) => m.type === 'NBIRTH'));
    expect(bdSeqOf(seen.find((m) => m.type === 'NBIRTH')!)).toBe(1);
  });

  it('runs an enabled DCMD through the command service: select, then operate; the simulator point changes', async () => {
    await configure({ dcmdEnabled: true, dcmdPoints: [{ station: 'dnp', address: 'bo:0' }] });
    await until('connected again', () => t.engine.sparkplug.status().connected);
    const from = host.messages.length;
    await host.send('DCMD', 'dnp', { timestamp: Date.now(), metrics: [{ name: 'bo:0', type: 'Boolean', value: true }] });
    const audit = await until('DCMD executed', async () => (await t.engine.eventLog.queryAudit({ station: 'dnp' })).rows.find((r) => r.user === 'sparkplug-dcmd' && r.result === 'SUCCESS'));
    expect(audit.role).toBe('engineer');
    expect(audit.stages.map((s) => s.stage)).toEqual(expect.arrayContaining(['select', 'selected', 'operate-request', 'operate', 'operated', 'done']));
    expect((await simulatorValues(dnp)).get('bo:0')).toBe(true);
    t.engine.stations.get('dnp')!.call({ op: 'interrogate' });
    await until('DDATA with bo:0 true', () => {
      const birth = [...host.messages].reverse().find((m) => m.type === 'DBIRTH' && m.device === 'dnp')!;
      const alias = num(birth.payload.metrics!.find((m) => m.name === 'bo:0')!.alias);
      return host.since(from).some((m) => m.type === 'DDATA' && m.device === 'dnp' && m.payload.metrics!.some((x) => num(x.alias) === alias && x.value === true));
    });
  });

  it('sends DDEATH when a station drops and DBIRTH when it returns', async () => {
    const from = host.messages.length;
    const port = iec.port;
    await iec.close();
    await until('DDEATH of iec', () => host.since(from).some((m) => m.type === 'DDEATH' && m.device === 'iec'));
    iec = await simulator({ protocol: 'iec104', host: '127.0.0.1', port, points: 4, rate: 20 });
    await until('DBIRTH of iec again', () => host.since(from).some((m) => m.type === 'DBIRTH' && m.device === 'iec'), 30_000);
    expectSeqContinuity(host.since(from));
  }, 40_000);

  it('buffers DDATA while the broker is stopped and publishes births, then the buffer as historical, after it returns', async () => {
    const bdSeq = t.engine.sparkplug.status().bdSeq;
    await broker.stop();
    await until('publisher disconnected', () => !t.engine.sparkplug.status().connected);
    await until('DDATA buffered', () => t.engine.sparkplug.status().buffered >= 3);
    const buffered = t.engine.sparkplug.status().buffered;
    await broker.restart();
    const from = host.messages.length;
    await until('subscriber back', () => host.client.connected);
    await until('births after restart', () => host.since(from).some((m) => m.type === 'NBIRTH') && t.engine.sparkplug.status().buffered === 0, 20_000);
    const after = host.since(from).filter((m) => m.type !== 'NDEATH');
    expect(after[0]!.type).toBe('NBIRTH');
    expect(bdSeqOf(after[0]!)).toBe(bdSeq + 1);
    const historical = after.filter((m) => m.type === 'DDATA' && m.payload.metrics!.every((x) => x.isHistorical === true));
    expect(historical.length).toBeGreaterThanOrEqual(Math.min(buffered, 3));
    const firstHistorical = after.indexOf(historical[0]!);
    expect(after.slice(0, firstHistorical).map((m) => m.type)).toEqual(['NBIRTH', 'DBIRTH', 'DBIRTH']);
    expectSeqContinuity(after);
    expect(t.engine.sparkplug.status().dropped).toBe(0);
  }, 40_000);
});
