import { beforeEach, describe, expect, it, vi } from 'vitest';
import { EVENT_CHANNEL, INVOKE_CHANNEL, type PreloadBridge } from '../../../src-shared/ipc/channels';

const electron = vi.hoisted(() => ({
  exposed: new Map<string, unknown>(),
  listeners: new Map<string, (...args: unknown[]) => void>(),
  invoke: vi.fn(async (..._args: unknown[]) => ({ ok: true, value: 'from main' })),
}));

vi.mock('electron', () => ({
  contextBridge: { exposeInMainWorld: (key: string, api: unknown) => electron.exposed.set(key, api) },
  ipcRenderer: {
    invoke: electron.invoke,
    on: (channel: string, listener: (...args: unknown[]) => void) => electron.listeners.set(channel, listener),
  },
}));

async function loadBridge(): Promise<PreloadBridge> {
  vi.resetModules();
  electron.exposed.clear();
  await import('../../../src-main/preload/index');
  return electron.exposed.get('switchyard') as PreloadBridge;
}

describe('preload', () => {
  beforeEach(() => electron.invoke.mockClear());

  it('exposes exactly invoke and on, frozen, and nothing else', async () => {
    const bridge = await loadBridge();
    expect([...electron.exposed.keys()]).toEqual(['switchyard']);
    expect(Object.keys(bridge).sort()).toEqual(['invoke', 'on']);
    expect(Object.isFrozen(bridge)).toBe(true);
  });

  it('forwards contract calls on the invoke channel', async () => {
    const bridge = await loadBridge();
    await expect(bridge.invoke('app.info', {})).resolves.toEqual({ ok: true, value: 'from main' });
    expect(electron.invoke).toHaveBeenCalledWith(INVOKE_CHANNEL, 'app.info', {});
  });

  it('refuses names outside the contract without touching ipc', async () => {
    const bridge = await loadBridge();
    await expect(bridge.invoke('fs.readFile', {})).resolves.toMatchObject({ ok: false, error: { code: 'UNKNOWN_CALL' } });
    expect(electron.invoke).not.toHaveBeenCalled();
    expect(() => bridge.on('not.an.event', () => {})).toThrow(/unknown event/);
  });

  it('delivers pushed events to subscribers until they unsubscribe', async () => {
    const bridge = await loadBridge();
    const seen: unknown[] = [];
    const off = bridge.on('stations.state', (payload) => seen.push(payload));
    const emit = electron.listeners.get(EVENT_CHANNEL)!;
    emit({}, 'stations.state', { id: 'a' });
    emit({}, 'other.event', { id: 'b' });
    off();
    emit({}, 'stations.state', { id: 'c' });
    expect(seen).toEqual([{ id: 'a' }]);
  });
});
