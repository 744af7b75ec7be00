import { fail, ok, type Result } from '../../../src-shared/ipc/result';
import type { Engine } from '../../engine';
import { createCommissioning } from '../../commissioning/commissioning-service';
import type { Handlers } from '../router';

type CommissioningCalls =
  | 'commissioning.check'
  | 'commissioning.sweep'
  | 'commissioning.security'
  | 'commissioning.history'
  | 'commissioning.checkoutList'
  | 'commissioning.checkoutGet'
  | 'commissioning.checkoutCreate'
  | 'commissioning.checkoutUpdate'
  | 'commissioning.checkoutVerify'
  | 'commissioning.checkoutCommand'
  | 'commissioning.checkoutSelect'
  | 'commissioning.checkoutOperate'
  | 'commissioning.checkoutExport'
  | 'commissioning.firewallRules';

const result = <T>(r: { ok: true; value: T } | { ok: false; error: { code: string; message: string } }): Result<T> =>
  r.ok ? ok(r.value) : fail(r.error.code, r.error.message);

/** Handlers of the `commissioning.*` calls: connectivity checks, port sweeps and checkouts. */
export function commissioningHandlers(engine: Engine): Pick<Handlers, CommissioningCalls> {
  const c = createCommissioning(engine);
  return {
    'commissioning.check': async (request, client) => result(await c.check(request, client.user!.name)),
    'commissioning.sweep': async (request, client) => result(await c.sweep(request, client.user!.name)),
    'commissioning.security': async (request, client) => result(await c.security(request, client.user!.name)),
    'commissioning.history': async () => ok(await c.history()),
    'commissioning.checkoutList': async () => ok(await c.checkouts.list()),
    'commissioning.checkoutGet': async ({ id }) => result(await c.checkouts.get(id)),
    'commissioning.checkoutCreate': async ({ station }, client) => result(await c.checkouts.create(station, client.user!.name)),
    'commissioning.checkoutUpdate': async (update) => result(await c.checkouts.update(update)),
    'commissioning.checkoutVerify': async ({ id, index }, client) => result(await c.checkouts.verify(id, index, client.user!.name)),
    'commissioning.checkoutCommand': async ({ id, index }, client) => result(await c.checkouts.command(id, index, client.user!)),
    'commissioning.checkoutSelect': async ({ id, index }, client) => result(await c.checkouts.select(id, index, client.user!)),
    'commissioning.checkoutOperate': async ({ id, index, command }, client) => result(await c.checkouts.operate(id, index, command, client.user!)),
    'commissioning.checkoutExport': async ({ id, format }, client) => result(await c.checkouts.export(id, format, client.user!.name)),
    'commissioning.firewallRules': (request) => Promise.resolve(result(c.firewall(request))),
  };
}
