import sparkplug from 'sparkplug-payload';
import { describe, expect, it } from 'vitest';
import { EdgeNode, type DeviceSource, type SparkplugMessage } from '../../../../src-main/engine/sparkplug/edge-node';
import type { MetricPoint } from '../../../../src-main/engine/sparkplug/metrics';

const codec = sparkplug.get('spBv1.0')!;

function point(address: string, value: MetricPoint['value'], extra: Partial<MetricPoint> = {}): MetricPoint {
  return { address, type: 'g30v1', value, quality: ['ONLINE'], deviceTime: 1000, receivedTime: 1001, name: '', unit: '', deadband: 0, ...extra };
}

class Devices implements DeviceSource {
  up = new Set<string>();
  points = (device: string): MetricPoint[] => this.lists.get(device) ?? [];
  lists = new Map<string, MetricPoint[]>();
  devicesUp(): string[] {
    return [...this.up];
  }
}

function setup(bufferLimit = 10): { node: EdgeNode; devices: Devices } {
  const devices = new Devices();
  devices.up.add('rtu1');
  devices.lists.set('rtu1', [point('ai:0', 10, { deadband: 1 }), point('bi:0', true, { type: 'g1v2' })]);
  return { node: new EdgeNode({ groupId: 'G', edgeNodeId: 'N' }, devices, bufferLimit), devices };
}

const seqs = (messages: SparkplugMessage[]): number[] => messages.map((m) => Number(m.payload.seq));
const types = (messages: SparkplugMessage[]): string[] => messages.map((m) => m.type);

describe('EdgeNode', () => {
  it('births the node (seq 0, bdSeq, rebirth metric) then each device up, on the spec topics', () => {
    const { node } = setup();
    const will = node.prepareConnect(0);
    expect(will.topic).toBe('spBv1.0/G/NDEATH/N');
    expect(will.payload.metrics).toEqual([{ name: 'bdSeq', type: 'Int64', value: 0 }]);
    const out = node.connect(5);
    expect(types(out)).toEqual(['NBIRTH', 'DBIRTH']);
    expect(out.map((m) => m.topic)).toEqual(['spBv1.0/G/NBIRTH/N', 'spBv1.0/G/DBIRTH/N/rtu1']);
    expect(seqs(out)).toEqual([0, 1]);
    expect(out[0]!.payload.metrics!.map((m) => [m.name, m.value])).toEqual([
      ['bdSeq', 0],
      ['Node Control/Rebirth', false],
    ]);
    const birth = out[1]!.payload.metrics!;
    expect(birth.map((m) => [m.name, m.alias, m.type, m.value])).toEqual([
      ['ai:0', 1, 'Double', 10],
      ['bi:0', 2, 'Boolean', true],
    ]);
    expect(birth[0]!.properties!['Quality']).toEqual({ type: 'Int32', value: 192 });
    expect(birth[0]!.properties!['Device Timestamp']).toEqual({ type: 'DateTime', value: 1000 });
    expect(birth[0]!.timestamp).toBe(1000);
  });

  it('sends DDATA by alias for changes beyond the deadband and quality changes only', () => {
    const { node } = setup();
    node.prepareConnect(0);
    node.connect(0);
    expect(node.changed('rtu1', [point('ai:0', 10.5, { deadband: 1 })], 10)).toEqual([]);
    const data = node.changed('rtu1', [point('ai:0', 11, { deadband: 1 }), point('bi:0', true, { type: 'g1v2' })], 20);
    expect(types(data)).toEqual(['DDATA']);
    expect(seqs(data)).toEqual([2]);
    expect(data[0]!.payload.metrics!.map((m) => [m.name, m.alias, m.value])).toEqual([[undefined, 1, 11]]);
    const bad = node.changed('rtu1', [point('bi:0', true, { type: 'g1v2', quality: ['COMM_LOST'] })], 30);
    expect(bad[0]!.payload.metrics![0]!.properties!['Quality']!.value).toBe(0);
  });

  it('wraps seq after 255 to 0 and the next NBIRTH restarts at 0', () => {
    const { node } = setup();
    node.prepareConnect(0);
    node.connect(0);
    const all: number[] = [];
    for (let i = 1; i <= 300; i++) all.push(...seqs(node.changed('rtu1', [point('ai:0', 10 + i * 2, { deadband: 1 })], i)));
    expect(all[253]).toBe(255);
    expect(all[254]).toBe(0);
    for (let i = 1; i < all.length; i++) expect(all[i]).toBe((all[i - 1]! + 1) % 256);
    expect(seqs(node.rebirth(1000))).toEqual([0, 1]);
  });

  it('DDEATH when a device goes down, DBIRTH when it returns; nothing for a dead device', () => {
    const { node, devices } = setup();
    node.prepareConnect(0);
    node.connect(0);
    expect(types(node.deviceDown('rtu1', 1))).toEqual(['DDEATH']);
    expect(node.deviceDown('rtu1', 2)).toEqual([]);
    expect(node.changed('rtu1', [point('ai:0', 50)], 3)).toEqual([]);
    devices.lists.set('rtu1', [point('ai:0', 50)]);
    const back = node.deviceUp('rtu1', 4);
    expect(types(back)).toEqual(['DBIRTH']);
    expect(back[0]!.payload.metrics![0]!.alias).toBe(1);
  });

  it('rebirths a device instead of DDATA for a point its birth did not announce', () => {
    const { node, devices } = setup();
    node.prepareConnect(0);
    node.connect(0);
    const fresh = point('ai:9', 3);
    devices.lists.set('rtu1', [...devices.lists.get('rtu1')!, fresh]);
    const out = node.changed('rtu1', [fresh], 5);
    expect(types(out)).toEqual(['DBIRTH']);
    expect(out[0]!.payload.metrics!.map((m) => m.name)).toContain('ai:9');
  });

  it('buffers DDATA offline (bounded, counting drops), then births, then the buffer as historical', () => {
    const { node } = setup(3);
    expect(node.prepareConnect(0).payload.metrics![0]!.value).toBe(0);
    node.connect(0);
    node.disconnect();
    for (let i = 1; i <= 5; i++) expect(node.changed('rtu1', [point('ai:0', 10 + i * 10, { deadband: 1 })], i)).toEqual([]);
    expect(node.stats).toMatchObject({ buffered: 3, dropped: 2 });
    expect(node.prepareConnect(10).payload.metrics![0]!.value).toBe(1);
    const out = node.connect(11);
    expect(types(out)).toEqual(['NBIRTH', 'DBIRTH', 'DDATA', 'DDATA', 'DDATA']);
    expect(seqs(out)).toEqual([0, 1, 2, 3, 4]);
    expect(out.slice(2).map((m) => [m.payload.metrics![0]!.value, m.payload.metrics![0]!.isHistorical])).toEqual([
      [40, true],
      [50, true],
      [60, true],
    ]);
    expect(node.stats.buffered).toBe(0);
    expect(out[0]!.payload.metrics![0]!.value).toBe(1);
  });

  it('drops buffered data of a device that is down when the broker returns', () => {
    const { node, devices } = setup();
    node.prepareConnect(0);
    node.connect(0);
    node.disconnect();
    node.changed('rtu1', [point('ai:0', 99)], 1);
    devices.up.clear();
    node.prepareConnect(2);
    expect(types(node.connect(3))).toEqual(['NBIRTH']);
    expect(node.stats.dropped).toBe(1);
  });

  it('bdSeq wraps at 256 and payloads survive the Tahu encoding with their values', () => {
    const { node } = setup();
    let will: SparkplugMessage | undefined;
    for (let i = 0; i < 257; i++) will = node.prepareConnect(i);
    expect(will!.payload.metrics![0]!.value).toBe(0);
    const birth = node.connect(1)[1]!;
    const decoded = codec.decodePayload(codec.encodePayload(birth.payload));
    expect(Number(decoded.seq)).toBe(1);
    expect(decoded.metrics!.map((m) => [m.name, Number(m.alias), m.type, m.value])).toEqual([
      ['ai:0', 1, 'Double', 10],
      ['bi:0', 2, 'Boolean', true],
    ]);
  });
});
