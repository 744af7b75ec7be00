import * as v from 'valibot';
import { describe, expect, it } from 'vitest';
import { StationConfig } from '../../../src-shared/workspace/station';
import { StationManager } from '../../../src-main/engine/stations/station-manager';
import { stationStatus } from '../../../src-main/engine/stations/station-status';
import { createFakeLinks } from './fake-link';

const make = (id: string, port: number, extra: object = {}) => v.parse(StationConfig, { id, name: id, protocol: 'iec104', transport: { kind: 'tcp', host: '127.0.0.1', port }, ...extra });

describe('station manager', () => {
  it('starts stations, and an edit reconnects only the edited station', async () => {
    const fake = createFakeLinks();
    const changes: string[] = [];
    const manager = new StationManager(fake.factory, { stateChanged: (s) => changes.push(`${s.id}:${s.state}`), sessionEvent: () => undefined });
    await manager.sync([make('a', 1), make('b', 2)]);
    await Promise.resolve();
    expect(manager.list().map((s) => s.state)).toEqual(['ready', 'ready']);
    const linkA = fake.latest('a');
    const result = await manager.sync([make('a', 1), make('b', 3)]);
    await Promise.resolve();
    expect(result).toEqual({ added: [], removed: [], changed: ['b'] });
    expect(fake.latest('a')).toBe(linkA);
    expect(linkA.stopped).toBe(false);
    expect(fake.links.filter((l) => l.station.id === 'b')).toHaveLength(2);
    expect(fake.links.find((l) => l.station.id === 'b')!.stopped).toBe(true);
    expect(manager.get('b')!.state).toBe('ready');
  });

  it('disables, removes and adds stations', async () => {
    const fake = createFakeLinks();
    const removed: string[] = [];
    const manager = new StationManager(fake.factory, { stateChanged: () => undefined, sessionEvent: () => undefined }, (id) => removed.push(id));
    await manager.sync([make('a', 1), make('b', 2)]);
    await manager.sync([make('a', 1, { enabled: false }), make('c', 4)]);
    expect(manager.get('a')!.state).toBe('disabled');
    expect(manager.get('a')!.running).toBe(false);
    expect(removed).toEqual(['b']);
    expect(manager.list().map((s) => s.id)).toEqual(['a', 'c']);
  });

  it('tracks connection errors, reconnects, IIN and statistics', async () => {
    const fake = createFakeLinks(false);
    const manager = new StationManager(fake.factory, { stateChanged: () => undefined, sessionEvent: () => undefined });
    await manager.sync([make('a', 1, { protocol: 'dnp3' })]);
    const link = fake.latest('a');
    const station = manager.get('a')!;
    expect(station.state).toBe('connecting');
    link.setState('backoff', { code: 'REFUSED', message: 'connection refused' });
    expect(stationStatus(station)).toMatchObject({ state: 'backoff', lastError: { code: 'REFUSED' }, target: 'dnp3://127.0.0.1:1?master=1&outstation=10' });
    link.setState('connected');
    link.setState('disconnected', { code: 'RESET', message: 'reset' });
    link.setState('connected');
    link.emit({ type: 'iin', iin: 0x0090, words: ['NEED_TIME', 'DEVICE_RESTART'] }, { type: 'task', name: 'integrity', ok: true, result: 'SUCCESS', durationMs: 12, detail: '' }, { type: 'error', code: 'BAD_BLOCK_CRC', message: 'crc' });
    link.hooks.onBytes?.('rx', 10);
    link.emit({ type: 'frameCount', rx: 1, tx: 0 });
    expect(station.stats.snapshot().secureAuth).toBeNull();
    link.emit({ type: 'secureAuth', user: 2, keyStatus: 'OK', keyChanges: 1, challenges: 4, aggressive: 0, failures: 0 });
    const stats = station.stats.snapshot();
    expect(stats).toMatchObject({ reconnects: 1, errors: { REFUSED: 1, RESET: 1, BAD_BLOCK_CRC: 1 }, lastResponseMs: 12, framesRx: 1, bytesRx: 10 });
    expect(stats.secureAuth).toEqual({ user: 2, keyStatus: 'OK', keyChanges: 1, challenges: 4, aggressive: 0, failures: 0 });
    expect(stationStatus(station).iin).toEqual({ value: 0x90, words: ['NEED_TIME', 'DEVICE_RESTART'] });
  });
});
