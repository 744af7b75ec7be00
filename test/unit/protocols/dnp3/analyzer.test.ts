import { describe, expect, it } from 'vitest';
import { createDnp3Master, createDnp3Outstation } from '../../../../src-main/protocols/dnp3';
import type { AnalyzerFrame, FrameField } from '../../../../src-shared/session';
import { encodeLinkFrame } from '../../../../src-main/protocols/dnp3/link/frame';
import { FakeClock, connect } from './harness';
import { framesFromOutstation, response } from './scripted';

function run(level: 'off' | 'summary' | 'full'): AnalyzerFrame[] {
  const clock = new FakeClock();
  const m = clock.add('master', createDnp3Master({ decodeLevel: level }));
  const o = clock.add('outstation', createDnp3Outstation({ counts: { ai: 5 } }));
  connect(clock, m, o);
  clock.run(100);
  return m.of('frame').map((f) => f.frame);
}

function find(fields: FrameField[], name: string): FrameField | undefined {
  for (const f of fields) {
    if (f.name === name) return f;
    const c = f.children && find(f.children, name);
    if (c) return c;
  }
  return undefined;
}

describe('DNP3 analyzer frames', () => {
  it('decode level off emits no frames', () => {
    expect(run('off')).toEqual([]);
  });

  it('summary: one line per link frame, application summary on the frame that completes a fragment', () => {
    const frames = run('summary');
    expect(frames.every((f) => f.protocol === 'dnp3')).toBe(true);
    expect(frames.some((f) => f.direction === 'tx' && /^1->10 UNCONFIRMED_USER_DATA \| READ seq \d+ g60v2 g60v3 g60v4 g60v1$/.test(f.summary))).toBe(true);
    expect(frames.some((f) => f.direction === 'rx' && /RESPONSE seq \d+ IIN \[.*DEVICE_RESTART.*\]/.test(f.summary))).toBe(true);
    expect(frames.every((f) => f.fields === undefined)).toBe(true);
  });

  it('full: link, transport and application fields with byte spans into the raw frame', () => {
    const frames = run('full');
    const resp = frames.find((f) => f.direction === 'rx' && f.summary.includes('g30v1'))!;
    const fields = resp.fields!;
    expect(find(fields, 'source')).toMatchObject({ value: '10', offset: 6, length: 2 });
    expect(find(fields, 'destination')).toMatchObject({ value: '1', offset: 4, length: 2 });
    expect(find(fields, 'FIR')).toBeDefined();
    const iin = find(fields, 'IIN')!;
    expect(iin.length).toBe(2);
    expect(resp.bytes[iin.offset]! | (resp.bytes[iin.offset + 1]! << 8)).toBe(Number.parseInt(iin.value.slice(2, 6), 16));
    const g30 = find(fields, 'g30v1')!;
    expect(resp.bytes[g30.offset]).toBe(30);
    expect(g30.children!.length).toBe(5);
    const bad = frames.find((f) => f.error);
    expect(bad).toBeUndefined();
  });
});

describe('DNP3 analyzer: the decode level is a call', () => {
  it('describes frames only between a decodeLevel full call and the next off', () => {
    const clock = new FakeClock();
    const m = clock.add('master', createDnp3Master({ decodeLevel: 'off', integrityPollMs: 1000 }));
    const o = clock.add('outstation', createDnp3Outstation({ counts: { ai: 5 } }));
    connect(clock, m, o);
    clock.run(500);
    expect(m.of('frame')).toEqual([]);
    // Frames are counted whatever the decode level: as many as the master sent and received.
    const counted = m.of('frameCount').reduce((sum, e) => ({ rx: sum.rx + e.rx, tx: sum.tx + e.tx }), { rx: 0, tx: 0 });
    expect(counted).toEqual({ rx: o.sent.length, tx: m.sent.length });
    expect(counted.rx).toBeGreaterThan(0);
    m.step({ kind: 'call', call: { op: 'decodeLevel', level: 'full' } });
    m.step({ kind: 'call', call: { op: 'interrogate' } });
    clock.run(900);
    const described = m.of('frame');
    expect(described.some((f) => f.frame.direction === 'rx' && f.frame.fields !== undefined && f.frame.summary.includes('g30v1'))).toBe(true);
    m.step({ kind: 'call', call: { op: 'decodeLevel', level: 'off' } });
    m.step({ kind: 'call', call: { op: 'interrogate' } });
    clock.run(1900);
    expect(m.of('frame').length).toBe(described.length);
    expect(m.of('points').length).toBeGreaterThan(1);
  });
});

describe('DNP3 analyzer: received frames the link layer drops', () => {
  function dropped(level: 'off' | 'summary' | 'full', bytes: Uint8Array): AnalyzerFrame[] {
    const clock = new FakeClock();
    const m = clock.add('master', createDnp3Master({ decodeLevel: level }));
    m.deliver = false;
    m.step({ kind: 'up' });
    m.step({ kind: 'rx', bytes });
    return m.of('frame').map((f) => f.frame).filter((f) => f.direction === 'rx');
  }
  const good = framesFromOutstation(response(0, 0))[0]!;

  it('a frame for another address: its octets, header fields and the reason', () => {
    const other = encodeLinkFrame({ dir: false, prm: true, func: 4, destination: 7, source: 10, payload: good.subarray(10, 11) });
    const [f] = dropped('full', other);
    expect(f).toMatchObject({ protocol: 'dnp3', error: 'WRONG_DESTINATION', bytes: other });
    expect(f!.summary).toBe('10->7 UNCONFIRMED_USER_DATA | dropped WRONG_DESTINATION: frame for 7 dropped (we are 1)');
    expect(find(f!.fields!, 'destination')).toMatchObject({ value: '7', offset: 4, length: 2 });
    expect(find(f!.fields!, 'error')!.value).toMatch(/^WRONG_DESTINATION/);
    const fromOther = encodeLinkFrame({ dir: false, prm: true, func: 4, destination: 1, source: 11, payload: good.subarray(10, 11) });
    expect(dropped('summary', fromOther)).toMatchObject([{ error: 'WRONG_SOURCE', bytes: fromOther }]);
  });

  it('a user-data block CRC error: the whole frame; a header CRC error: the header octets', () => {
    const badBlock = good.slice();
    badBlock[badBlock.length - 1]! ^= 0xff;
    const [b] = dropped('full', badBlock);
    expect(b).toMatchObject({ error: 'BAD_BLOCK_CRC', bytes: badBlock });
    expect(b!.summary).toMatch(/^10->1 UNCONFIRMED_USER_DATA \| dropped BAD_BLOCK_CRC: /);
    expect(find(b!.fields!, 'source')).toMatchObject({ value: '10' });
    const badHeader = good.slice();
    badHeader[8]! ^= 0xff;
    const [h] = dropped('summary', badHeader);
    expect(h).toMatchObject({ error: 'BAD_HEADER_CRC', bytes: badHeader.subarray(0, 10) });
    expect(h!.fields).toBeUndefined();
  });

  it('decode level off shows none of them', () => {
    const badBlock = good.slice();
    badBlock[12]! ^= 0xff;
    expect(dropped('off', badBlock)).toEqual([]);
  });
});
