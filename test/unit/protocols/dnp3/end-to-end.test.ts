import { describe, expect, it } from 'vitest';
import { createDnp3Master, createDnp3Outstation } from '../../../../src-main/protocols/dnp3';
import { FakeClock, connect } from './harness';

describe('DNP3 master <-> outstation in memory', () => {
  it('runs the startup sequence and reports every point', () => {
    const clock = new FakeClock();
    const m = clock.add('master', createDnp3Master());
    const o = clock.add('outstation', createDnp3Outstation());
    connect(clock, m, o);
    clock.run(1000);
    const states = m.of('state').map((s) => s.state);
    expect(states).toEqual(['starting', 'ready']);
    const tasks = m.of('task').map((t) => `${t.name}:${t.result}`);
    expect(tasks).toContain('disableUnsolicited:SUCCESS');
    expect(tasks).toContain('integrity:SUCCESS');
    expect(tasks).toContain('enableUnsolicited:SUCCESS');
    expect(tasks).toContain('clearRestart:SUCCESS');
    expect(m.of('timeSync').some((t) => t.ok)).toBe(true);
    const refs = new Set(m.of('points').flatMap((p) => p.updates.map((u) => u.ref)));
    for (const t of ['bi', 'dbi', 'bo', 'ai', 'ao', 'ctr', 'fc']) for (let i = 0; i < 10; i++) expect(refs.has(`${t}:${i}`)).toBe(true);
    const lastIin = m.of('iin').at(-1)!;
    expect(lastIin.words).not.toContain('DEVICE_RESTART');
    expect(lastIin.words).not.toContain('NEED_TIME');
  });
});
