import { describe, expect, it } from 'vitest';
import type { PointUpdate, SessionCall, SessionEvent } from '../../../src-shared/session';
import type { Target } from '../../../src-main/commissioning/target/target';
import { interrogate } from '../../../src-main/commissioning/target/target-calls';
import type { TargetSession } from '../../../src-main/commissioning/target/target-session';

const point = (ref: string, cause: string): PointUpdate => ({ ref, commonAddress: 1, type: 'M_SP_NA_1', value: true, quality: [], deviceTime: null, isEvent: cause === 'spont', cause });

/** A session that answers an interrogation call with `reply(call)` and records the calls. */
function fakeSession(reply: (call: SessionCall) => SessionEvent[]): { session: TargetSession; calls: SessionCall[] } {
  const listeners = new Set<(e: SessionEvent) => void>();
  const calls: SessionCall[] = [];
  const session = {
    target: { protocol: 'iec104', commonAddress: 1 } as Target,
    onEvent: (l: (e: SessionEvent) => void) => {
      listeners.add(l);
      return () => listeners.delete(l);
    },
    call: (call: SessionCall) => {
      calls.push(call);
      for (const e of reply(call)) for (const l of [...listeners]) l(e);
    },
    waitFor: <T>(match: (e: SessionEvent) => T | undefined) =>
      new Promise<{ ok: true; value: T }>((resolve) => {
        const l = (e: SessionEvent): void => {
          const v = match(e);
          if (v !== undefined) resolve({ ok: true, value: v });
        };
        listeners.add(l);
      }),
  } as unknown as TargetSession;
  return { session, calls };
}

describe('interrogate by group (IEC 104)', () => {
  // During the interrogation of group 1 the station also reports a spontaneous change of a point of another group.
  const reply = (group: number) => (): SessionEvent[] => [
    { type: 'points', updates: [point('ioa:1001', group === 0 ? 'inrogen' : `inro${group}`), point('ioa:1005', 'spont')] },
    { type: 'task', name: group === 0 ? 'GI' : `GI group ${group}`, ok: true, result: 'SUCCESS', durationMs: 3 },
  ];

  it('asks for the group and keeps only the points reported with its cause', async () => {
    const { session, calls } = fakeSession(reply(1));
    const r = await interrogate(session, 1000, 1);
    expect(calls).toEqual([{ op: 'interrogate', group: 1 }]);
    expect(r.ok && r.value.points.map((p) => p.ref)).toEqual(['ioa:1001']);
  });

  it('keeps every point of a general interrogation, spontaneous changes meanwhile included', async () => {
    const { session, calls } = fakeSession(reply(0));
    const r = await interrogate(session, 1000);
    expect(calls).toEqual([{ op: 'interrogate' }]);
    expect(r.ok && r.value.points.map((p) => p.ref)).toEqual(['ioa:1001', 'ioa:1005']);
  });
});
