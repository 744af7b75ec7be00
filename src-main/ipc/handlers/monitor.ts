import { fail, ok } from '../../../src-shared/ipc/result';
import type { Engine } from '../../engine';
import { MonitorService } from '../../commissioning/monitor';
import type { Handlers } from '../router';

/** Handlers of the `monitor.*` calls: the passive relay monitors. */
export function monitorHandlers(engine: Engine): Pick<Handlers, 'monitor.start' | 'monitor.stop' | 'monitor.list' | 'monitor.capture'> {
  const monitors = new MonitorService(engine);
  return {
    'monitor.start': async (request, client) => {
      const r = await monitors.start(request, client.user!.name);
      return r.ok ? ok(r.value) : fail(r.error.code, r.error.message);
    },
    'monitor.stop': async ({ id }, client) => {
      const r = await monitors.stop(id, client.user!.name);
      return r.ok ? ok(r.value) : fail(r.error.code, r.error.message);
    },
    'monitor.list': () => Promise.resolve(ok(monitors.list())),
    'monitor.capture': async ({ id }, client) => {
      const r = await monitors.capture(id, client.user!.name);
      return r.ok ? ok(r.value) : fail(r.error.code, r.error.message);
    },
  };
}
