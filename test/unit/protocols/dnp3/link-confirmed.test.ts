import { describe, expect, it } from 'vitest';
import { createDnp3Master, createDnp3Outstation } from '../../../../src-main/protocols/dnp3';
import { LinkFramer } from '../../../../src-main/protocols/dnp3/link/framer';
import { encodeLinkFrame } from '../../../../src-main/protocols/dnp3/link/frame';
import { FakeClock, connect } from './harness';

const linkFuncs = (chunks: Uint8Array[]) => {
  const f = new LinkFramer();
  return chunks.flatMap((c) => f.push(c)).flatMap((i) => (i.ok ? [`${i.frame.prm ? 'P' : 'S'}${i.frame.func}${i.frame.prm && i.frame.func === 3 ? (i.frame.fcb ? '+' : '-') : ''}`] : []));
};

describe('DNP3 link layer in confirmed mode', () => {
  it('master and outstation in confirmed mode: reset, alternating FCB, ACKs; startup completes', () => {
    const clock = new FakeClock();
    const m = clock.add('master', createDnp3Master({ linkConfirmed: true, decodeLevel: 'summary' }));
    const o = clock.add('outstation', createDnp3Outstation({ linkConfirmed: true }));
    connect(clock, m, o);
    clock.run(1000);
    expect(m.of('state').map((s) => s.state)).toEqual(['starting', 'ready']);
    const sent = linkFuncs(m.sent);
    expect(sent[0]).toBe('P0'); // RESET_LINK_STATES first
    const data = sent.filter((x) => x.startsWith('P3'));
    expect(data.slice(0, 4)).toEqual(['P3+', 'P3-', 'P3+', 'P3-']);
    expect(linkFuncs(o.sent).filter((x) => x === 'S0').length).toBeGreaterThan(data.length);
    expect(m.of('frame').some((f) => f.frame.direction === 'tx' && /CONFIRMED_USER_DATA \| READ seq/.test(f.frame.summary))).toBe(true);
  });

  it('retransmits with the same FCB, then reports LINK_CONFIRM_TIMEOUT and closes', () => {
    const clock = new FakeClock();
    const m = clock.add('master', createDnp3Master({ linkConfirmed: true, linkTimeoutMs: 1000, linkRetries: 2 }));
    m.step({ kind: 'up' });
    m.step({ kind: 'rx', bytes: encodeLinkFrame({ dir: false, prm: false, func: 0, destination: 1, source: 10 }) }); // ACK of the reset
    clock.run(4_500);
    expect(linkFuncs(m.sent)).toEqual(['P0', 'P3+', 'P3+', 'P3+']);
    expect(m.of('error').map((e) => e.code)).toContain('LINK_CONFIRM_TIMEOUT');
    expect(m.closed).toBe('LINK_CONFIRM_TIMEOUT');
  });

  it('a repeated CONFIRMED_USER_DATA (same FCB) is acknowledged but delivered once', () => {
    const clock = new FakeClock();
    const o = clock.add('outstation', createDnp3Outstation({ unsolicited: false }));
    o.step({ kind: 'up' });
    o.step({ kind: 'rx', bytes: encodeLinkFrame({ dir: true, prm: true, func: 0, destination: 10, source: 1 }) });
    const read = encodeLinkFrame({ dir: true, prm: true, fcb: true, fcvDfc: true, func: 3, destination: 10, source: 1, payload: new Uint8Array([0xc0, 0xc0, 0x01, 60, 2, 0x06]) });
    o.step({ kind: 'rx', bytes: read });
    o.step({ kind: 'rx', bytes: read });
    const replies = linkFuncs(o.sent);
    expect(replies).toEqual(['S0', 'S0', 'P4', 'S0']);
  });
});
