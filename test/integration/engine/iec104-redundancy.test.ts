/**
 * The engine running an IEC 104 station with a redundancy group of two connections to one
 * controlled station: when the started connection is dropped, the master starts data
 * transfer on the other and the points keep updating.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { createIec104Station, createIec104StationDatabase, type Iec104StationConfig } from '../../../src-main/protocols/iec104';
import { serveSessions, type SessionServer } from '../../../src-main/transport';
import { engineWith, pointsOf, readyWithPoints, until } from './helpers/engine-station';

const cleanups: Array<() => Promise<void> | void> = [];
afterEach(async () => {
  for (const c of cleanups.splice(0).reverse()) await c();
});

/** Changes of the spontaneously counting point so far. */
const changesOf = (engine: Parameters<typeof pointsOf>[0]): number => pointsOf(engine, 'substation').find((p) => p.address === 'ioa:1@1')?.changes ?? 0;

describe('engine with an IEC 104 redundancy group', () => {
  it('fails over to the second connection when the started one is dropped; points keep updating', async () => {
    // one device behind two server ports; IOA 1 counts up every 20 ms
    const config: Iec104StationConfig = {
      points: [{ ioa: 1, type: 'M_IT_NA_1' }, { ioa: 2, type: 'M_ME_NC_1' }],
      commands: [],
      changes: { everyMs: 20, count: 1, ioas: [1] },
      epochOffsetMs: Date.now() - performance.now(),
    };
    const db = createIec104StationDatabase(config);
    const servers: SessionServer[] = [];
    const sent = [0, 0];
    for (const i of [0, 1]) {
      servers.push(
        await serveSessions({
          endpoint: { kind: 'tcp', host: '127.0.0.1', port: 0 },
          createSession: () => createIec104Station(config, db),
          onBytes: (direction, _link, bytes) => {
            if (direction === 'tx') sent[i]! += bytes.length;
          },
        }),
      );
    }
    cleanups.push(() => Promise.all(servers.map((s) => s.close())).then(() => undefined));
    const { engine, close } = await engineWith({
      id: 'substation',
      name: 'Substation',
      protocol: 'iec104',
      transport: { kind: 'tcp', host: '127.0.0.1', port: servers[0]!.port, connectTimeoutMs: 1000, reconnectDelayMs: 5000 },
      iec104: { redundancy: [{ host: '127.0.0.1', port: servers[1]!.port }], clockSync: false },
    });
    cleanups.push(close);

    await readyWithPoints(engine, 'substation', 2);
    await until('spontaneous changes on the first connection', () => changesOf(engine) >= 5);
    // the started connection is the one carrying the spontaneous data; drop it
    const active = sent[0]! > sent[1]! ? 0 : 1;
    const standby = 1 - active;
    await servers[active]!.close();
    const afterDrop = changesOf(engine);
    const standbySent = sent[standby]!;
    await until('spontaneous changes after the failover', () => changesOf(engine) >= afterDrop + 10);
    expect(sent[standby]! - standbySent).toBeGreaterThan(100);
    expect(engine.stations.get('substation')?.state).toBe('ready');
  });
});
