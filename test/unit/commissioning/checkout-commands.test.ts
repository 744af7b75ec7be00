import * as v from 'valibot';
import { describe, expect, it } from 'vitest';
import type { Checkout } from '../../../src-shared/ipc/schemas/commissioning';
import { StationConfig } from '../../../src-shared/workspace/station';
import { CheckoutService, type CheckoutDeps } from '../../../src-main/commissioning/checkout/checkout-service';
import type { CheckoutStore } from '../../../src-main/commissioning/checkout/checkout-store';
import type { CommandState } from '../../../src-main/engine/commands/command-service';

/** bo:0 is select-before-operate, bo:1 direct. */
const policies = [
  { address: 'bo:0', mode: 'sbo', actions: ['trip', 'close'] },
  { address: 'bo:1', mode: 'direct', actions: ['on'] },
];
const station = v.parse(StationConfig, { id: 'rtu', name: 'RTU', protocol: 'dnp3', transport: { kind: 'tcp', host: '127.0.0.1', port: 20000 }, commands: policies });
const user = { name: 'eng', role: 'engineer' as const };

function memoryStore(): CheckoutStore {
  const all = new Map<string, Checkout>();
  return {
    list: () => [...all.values()],
    get: (id) => all.get(id),
    add: async (c) => (all.set(c.id, c), { ok: true, value: c }),
    change: async (id, change) => {
      const next = change(all.get(id)!);
      all.set(id, next);
      return { ok: true, value: next };
    },
  };
}

function state(over: Partial<CommandState>): CommandState {
  return { id: 'cmd-1', station: 'rtu', address: 'bo:0', action: 'close', value: null, mode: 'sbo', user: 'eng', stage: 'selected', result: 'PENDING', ok: false, done: false, detail: null, stages: [], selectDeadline: 1, feedback: null, startedAt: 0, ...over };
}

/** A checkout service on fakes; `live` is the feedback value the device shows, `operateAnswer` what operate returns. */
function setup(operateAnswer: CommandState | { refused: string }) {
  const calls: string[] = [];
  const live = { value: false as boolean };
  const deps: CheckoutDeps = {
    store: memoryStore(),
    ready: Promise.resolve(),
    station: (id) => (id === 'rtu' ? station : undefined),
    pointList: () => [],
    live: () => ({ value: live.value, quality: ['ONLINE'], time: null }),
    commands: {
      start: async (_u, ask, twoStep) => {
        calls.push(`${twoStep ? 'select' : 'execute'} ${ask.address} ${ask.action.action}`);
        return twoStep ? state({}) : state({ id: 'cmd-2', address: ask.address, mode: 'direct', stage: 'done', result: 'SUCCESS', ok: true, done: true });
      },
      operate: async (_u, id) => {
        calls.push(`operate ${id}`);
        live.value = true;
        return operateAnswer;
      },
    },
    device: async () => ({}),
    security: async () => null,
    now: () => new Date(0),
  };
  return { service: new CheckoutService(deps), calls };
}

async function commandItems(service: CheckoutService): Promise<{ id: string; sbo: number; direct: number }> {
  const created = await service.create('rtu', 'eng');
  if (!created.ok) throw new Error(created.error.message);
  const items = created.value.items;
  return { id: created.value.id, sbo: items.findIndex((i) => i.address === 'bo:0'), direct: items.findIndex((i) => i.address === 'bo:1') };
}

describe('checkout commands', () => {
  it('refuses to command without an expected result, and keeps each point to its mode', async () => {
    const { service, calls } = setup(state({ stage: 'done', done: true, ok: true, result: 'SUCCESS' }));
    const { id, sbo, direct } = await commandItems(service);
    expect(await service.select(id, sbo, user)).toMatchObject({ ok: false, error: { code: 'NO_EXPECTED' } });
    expect(await service.command(id, direct, user)).toMatchObject({ ok: false, error: { code: 'NO_EXPECTED' } });
    await service.update({ id, index: sbo, expected: 'true', withinMs: 100 });
    await service.update({ id, index: direct, expected: 'true', withinMs: 100 });
    expect(await service.command(id, sbo, user)).toMatchObject({ ok: false, error: { code: 'SELECT_FIRST' } });
    expect(await service.select(id, direct, user)).toMatchObject({ ok: false, error: { code: 'NOT_SBO' } });
    expect(calls).toEqual([]);
  });

  it('selects, then operates that select only, and judges the feedback', async () => {
    const { service, calls } = setup(state({ stage: 'done', done: true, ok: true, result: 'SUCCESS' }));
    const { id, sbo } = await commandItems(service);
    await service.update({ id, index: sbo, expected: 'true', action: { action: 'close' }, withinMs: 100 });
    const selected = await service.select(id, sbo, user);
    expect(selected).toMatchObject({ ok: true, value: { id: 'cmd-1', stage: 'selected' } });
    expect(await service.operate(id, sbo, 'other', user)).toMatchObject({ ok: false, error: { code: 'NOT_SELECTED' } });
    const done = await service.operate(id, sbo, 'cmd-1', user);
    expect(done.ok && done.value.items[sbo]).toMatchObject({ result: 'pass', by: 'eng' });
    expect(calls).toEqual(['select bo:0 close', 'operate cmd-1']);
    expect(await service.operate(id, sbo, 'cmd-1', user)).toMatchObject({ ok: false, error: { code: 'NOT_SELECTED' } });
  });

  it('leaves the item as it was when the select lapsed before the operate', async () => {
    const { service } = setup(state({ stage: 'done', done: true, ok: false, result: 'SELECT_TIMEOUT' }));
    const { id, sbo } = await commandItems(service);
    await service.update({ id, index: sbo, expected: 'true', withinMs: 100 });
    await service.select(id, sbo, user);
    expect(await service.operate(id, sbo, 'cmd-1', user)).toMatchObject({ ok: false, error: { code: 'SELECT_TIMEOUT' } });
    const after = await service.get(id);
    expect(after.ok && after.value.items[sbo]).toMatchObject({ result: 'pending', by: null });
  });
});
