import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { SessionEvent, SessionInput, SessionOutput } from '../../../src-shared/session';
import { SessionRunner, SESSION_EXCEPTION } from '../../../src-main/transport/session-runner';

function harness(script: (input: SessionInput) => SessionOutput[]) {
  const log: string[] = [];
  const inputs: SessionInput[] = [];
  let now = 0;
  const runner: SessionRunner = new SessionRunner(
    { step: (input) => (inputs.push(input), script(input)) },
    {
      tx: (link, bytes) => log.push(`tx:${link}:${bytes.length}`),
      close: (link, reason) => {
        log.push(`close:${link}:${reason}`);
        runner.feed({ kind: 'down', reason, link });
      },
      event: (event: SessionEvent) => log.push(`event:${event.type === 'error' ? event.code : event.type}`),
      failed: (link) => log.push(`failed:${link}`),
    },
    () => now,
  );
  return { runner, log, inputs, setNow: (ms: number) => (now = ms) };
}

describe('SessionRunner', () => {
  beforeEach(() => {
    vi.useFakeTimers();
  });
  afterEach(() => {
    vi.useRealTimers();
  });

  it('executes outputs in order and never steps re-entrantly', () => {
    const { runner, log, inputs } = harness((input) =>
      input.kind === 'up'
        ? [
            { kind: 'tx', bytes: new Uint8Array(3), link: 1 },
            { kind: 'close', reason: 'bye', link: 1 },
            { kind: 'event', event: { type: 'state', state: 'stopped' } },
          ]
        : [],
    );
    runner.feed({ kind: 'up', link: 1 });
    expect(log).toEqual(['tx:1:3', 'close:1:bye', 'event:state']);
    expect(inputs.map((i) => i.kind)).toEqual(['up', 'down']);
  });

  it('fires timers by id; re-arming replaces, cancel removes, dispose clears all', () => {
    const { runner, inputs } = harness((input) => {
      if (input.kind === 'up') {
        return [
          { kind: 'arm', id: 't1', ms: 100 },
          { kind: 'arm', id: 't1', ms: 300 },
          { kind: 'arm', id: 't2', ms: 50 },
          { kind: 'cancel', id: 't2' },
          { kind: 'arm', id: 't3', ms: 500 },
        ];
      }
      return [];
    });
    runner.feed({ kind: 'up' });
    vi.advanceTimersByTime(299);
    expect(inputs.filter((i) => i.kind === 'timer')).toEqual([]);
    vi.advanceTimersByTime(1);
    expect(inputs.filter((i) => i.kind === 'timer')).toEqual([{ kind: 'timer', id: 't1' }]);
    runner.dispose();
    vi.advanceTimersByTime(1000);
    expect(inputs.filter((i) => i.kind === 'timer')).toHaveLength(1);
  });

  it('passes the clock as nowMs', () => {
    const seen: number[] = [];
    const runner = new SessionRunner(
      { step: (_input, nowMs) => (seen.push(nowMs), []) },
      { tx: () => undefined, close: () => undefined, event: () => undefined, failed: () => undefined },
      () => 1234.5,
    );
    runner.feed({ kind: 'up' });
    expect(seen).toEqual([1234.5]);
  });

  it('turns a throw into an error event and a failed link, and keeps running', () => {
    const { runner, log } = harness((input) => {
      if (input.kind === 'rx') throw new Error('bad frame');
      return input.kind === 'call' ? [{ kind: 'tx', bytes: new Uint8Array(1) }] : [];
    });
    runner.feed({ kind: 'rx', bytes: new Uint8Array(1), link: 2 });
    runner.feed({ kind: 'call', call: { op: 'interrogate' } });
    expect(log).toEqual([`event:${SESSION_EXCEPTION}`, 'failed:2', 'tx:0:1']);
  });
});
