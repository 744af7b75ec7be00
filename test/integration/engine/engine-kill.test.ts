/**
 * No event the device was told is stored gets lost: the engine runs in a child process
 * against a DNP3 outstation simulator in this process (flooding events, unsolicited) and
 * is killed with SIGKILL at random moments, ten times. The outstation drops an event from
 * its buffer only when a CONFIRM covers it; every event it dropped must be in the event
 * log afterwards. Redeliveries after each restart must not be stored twice.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import * as v from 'valibot';
import { afterAll, describe, expect, it } from 'vitest';
import { Workspace } from '../../../src-shared/workspace/workspace';
import { emptyWorkspace } from '../../../src-main/engine';
import { EventLog } from '../../../src-main/engine/event-log/event-log';
import { saveWorkspaceFile } from '../../../src-main/engine/workspace/workspace-store';
import { createDnp3Outstation, type Dnp3OutstationSession } from '../../../src-main/protocols/dnp3';
import { serveSessions } from '../../../src-main/transport';
import { until } from './helpers/engine-station';

const KILLS = 10;
/** Analog inputs the outstation floods events of. */
const FLOOD_POINTS = 50;
const dir = mkdtempSync(join(tmpdir(), 'sy-engine-kill-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

/** The outstation, one instance for every connection (its event buffer outlives them), recording what CONFIRMs dropped. */
function confirmingOutstation(): { outstation: Dnp3OutstationSession; confirmed: string[] } {
  const outstation = createDnp3Outstation({
    counts: { ai: FLOOD_POINTS, bi: 0, dbi: 0, bo: 0, ao: 0, ctr: 0, fc: 0 },
    eventBufferSize: 1_000_000,
    flood: { eventsPerSecond: 3000, tickMs: 10 },
  }) as Dnp3OutstationSession;
  const confirmed: string[] = [];
  const db = outstation.db;
  const drop = db.confirm.bind(db);
  db.confirm = (cls, n) => {
    for (let i = 0; i < n; i++) {
      const e = db.events[cls]!.at(i)!;
      confirmed.push(`${e.type}:${e.index}=${String(e.point.value)}`);
    }
    drop(cls, n);
  };
  return { outstation, confirmed };
}

function startChild(dataDir: string): { child: ChildProcess; exited: Promise<void>; stderr: () => string } {
  const child = spawn(process.execPath, ['--import', 'tsx', fileURLToPath(new URL('./engine-kill-child.ts', import.meta.url)), dataDir], { stdio: ['ignore', 'ignore', 'pipe'] });
  let stderr = '';
  child.stderr!.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  return { child, exited, stderr: () => stderr };
}

describe('engine under SIGKILL', () => {
  it(`loses no confirmed event over ${KILLS} kills and stores no redelivered one twice`, { timeout: 120_000 }, async () => {
    const { outstation, confirmed } = confirmingOutstation();
    const server = await serveSessions({ endpoint: { kind: 'tcp', host: '127.0.0.1', port: 0 }, createSession: () => outstation });
    const dataDir = join(dir, 'data');
    // Every flood event is an SOE row (event deadband 0): the test counts stored against confirmed.
    const points = Array.from({ length: FLOOD_POINTS }, (_, i) => ({ address: `ai:${i}`, name: `Flood ${i}`, eventDeadband: 0 }));
    const workspace = v.parse(Workspace, {
      ...emptyWorkspace(),
      stations: [{ id: 'rtu', name: 'RTU', protocol: 'dnp3', transport: { kind: 'tcp', host: '127.0.0.1', port: server.port, reconnectDelayMs: 100 } }],
      points: { rtu: points },
    });
    await saveWorkspaceFile(join(dataDir, 'workspace.json'), workspace);
    try {
      for (let kill = 0; kill < KILLS; kill++) {
        const run = startChild(dataDir);
        const before = confirmed.length;
        await until(`events confirmed in run ${kill + 1}`, () => confirmed.length > before, 30_000).catch((error: Error) => {
          throw new Error(`${error.message}; child stderr: ${run.stderr()}`);
        });
        await new Promise((r) => setTimeout(r, 50 + Math.random() * 400));
        run.child.kill('SIGKILL');
        await run.exited;
        await until('the outstation to see the connection close', () => server.connections() === 0, 10_000);
      }
    } finally {
      await server.close();
    }
    const log = await EventLog.open({ file: join(dataDir, 'events.db') });
    const stored = new Map<string, number>();
    for (let offset = 0; ; offset += 10_000) {
      const page = await log.query({ kinds: ['soe'], station: 'rtu', limit: 10_000, offset, order: 'asc' });
      for (const row of page.rows) {
        const key = `${row.point}=${String((row.data as { raw: unknown }).raw)}`;
        stored.set(key, (stored.get(key) ?? 0) + 1);
      }
      if (page.rows.length < 10_000) break;
    }
    await log.close();
    const missing = confirmed.filter((key) => !stored.has(key));
    const twice = [...stored].filter(([, n]) => n > 1).map(([key]) => key);
    console.log(`engine kill test: ${KILLS} kills, ${confirmed.length} events confirmed, ${stored.size} stored, ${missing.length} confirmed but missing, ${twice.length} stored twice`);
    expect(confirmed.length).toBeGreaterThan(KILLS);
    expect(missing).toEqual([]);
    expect(twice).toEqual([]);
  });
});
