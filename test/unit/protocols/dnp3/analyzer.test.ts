import { describe, expect, it } from 'vitest';
import { createDnp3Master, createDnp3Outstation } from '../../../../src-main/protocols/dnp3';
import type { AnalyzerFrame, FrameField } from '../../../../src-shared/session';
import { FakeClock, connect } from './harness';

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
