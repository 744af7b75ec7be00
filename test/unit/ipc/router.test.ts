import { describe, expect, it, vi } from 'vitest';
import { ok } from '../../../src-shared/ipc/result';
import { createClientContext } from '../../../src-main/ipc/client-context';
import { createRouter, type Handlers } from '../../../src-main/ipc/router';

const info = { name: 'Switchyard', version: '1.2.3', host: 'headless' as const, platform: 'linux', demo: false, secretStorage: { kind: 'file-0600' as const, warning: null } };

function setup(overrides: Partial<Handlers> = {}) {
  const handlers = {
    'app.info': vi.fn(() => ok(info)),
    'stations.list': vi.fn(() => ok([])),
    ...overrides,
  } as unknown as Handlers;
  const log = vi.fn();
  return { router: createRouter(handlers, log), handlers, log };
}

describe('router', () => {
  it('dispatches a valid call to its handler and returns its Result', async () => {
    const { router, handlers } = setup();
    expect(await router.dispatch(createClientContext('headless'), 'app.info', {})).toEqual({ ok: true, value: info });
    expect(handlers['app.info']).toHaveBeenCalledTimes(1);
  });

  it('refuses a name outside the contract', async () => {
    const { router } = setup();
    const result = await router.dispatch(createClientContext('headless'), 'shell.exec', {});
    expect(result).toMatchObject({ ok: false, error: { code: 'UNKNOWN_CALL' } });
  });

  it('refuses an invalid payload before it reaches the handler, naming the field', async () => {
    const { router, handlers } = setup();
    const result = await router.dispatch(createClientContext('headless'), 'app.info', { evil: true });
    expect(result).toMatchObject({ ok: false, error: { code: 'INVALID_REQUEST' } });
    expect(result.ok ? '' : result.error.message).toContain('evil');
    expect(handlers['app.info']).not.toHaveBeenCalled();
  });

  it('enforces the access of each call', async () => {
    const { router, handlers } = setup();
    const client = createClientContext('electron');
    expect(await router.dispatch(client, 'stations.list', {})).toMatchObject({ ok: false, error: { code: 'UNAUTHENTICATED' } });
    client.user = { name: 'ann', role: 'viewer' };
    expect(await router.dispatch(client, 'stations.list', {})).toEqual({ ok: true, value: [] });
    expect(handlers['stations.list']).toHaveBeenCalledTimes(1);
  });

  it('turns a throwing handler into an INTERNAL error and logs it', async () => {
    const { router, log } = setup({
      'app.info': () => {
        throw new Error('boom');
      },
    });
    const result = await router.dispatch(createClientContext('headless'), 'app.info', {});
    expect(result).toMatchObject({ ok: false, error: { code: 'INTERNAL', message: expect.stringContaining('boom') } });
    expect(log).toHaveBeenCalled();
  });

  it('refuses to send a response that breaks the contract', async () => {
    const { router } = setup({ 'app.info': () => ok({ name: 42 } as never) });
    const result = await router.dispatch(createClientContext('headless'), 'app.info', {});
    expect(result).toMatchObject({ ok: false, error: { code: 'INTERNAL' } });
  });
});
