/**
 * Redeliveries after a reconnect, end to end over loopback TCP: the engine against the
 * DNP3 outstation simulator whose CONFIRM is lost with the link (the events come again in
 * the startup integrity poll and must not be stored twice), and against the IEC 104
 * simulator whose unacknowledged I-frames are sent again on the next connection (events
 * without time tag are stored marked as possible repeats).
 */
import { describe, expect, it } from 'vitest';
import type { Session, SessionInput, SessionOutput } from '../../../src-shared/session';
import { createDnp3Outstation, type Dnp3OutstationSession } from '../../../src-main/protocols/dnp3';
import { LinkFramer } from '../../../src-main/protocols/dnp3';
import { createIec104Station, createIec104StationDatabase } from '../../../src-main/protocols/iec104';
import { serveSessions } from '../../../src-main/transport';
import { cutProxy } from './helpers/cut-proxy';
import { engineWith, until } from './helpers/engine-station';

/** True when the chunk from the master holds an unsolicited CONFIRM (UNS set) other than of the startup null response (seq 0). */
function unsolicitedEventConfirm(bytes: Uint8Array): boolean {
  for (const item of new LinkFramer().push(bytes)) {
    if (!item.ok || item.frame.payload.length < 3) continue;
    const [, control, fc] = item.frame.payload; // transport header, application control, function code
    if (fc === 0 && (control! & 0x10) !== 0 && (control! & 0x0f) !== 0) return true;
  }
  return false;
}

/** The outstation with its first CONFIRM of unsolicited events lost, and the link dropped with it. */
class LosesFirstEventConfirm implements Session {
  /** The events pending (sent, not confirmed) when the CONFIRM was lost. */
  pendingAtLoss: string[] | null = null;
  /** Every event a CONFIRM dropped from the buffer. */
  readonly confirmed: string[] = [];

  constructor(readonly inner: Dnp3OutstationSession) {
    const db = inner.db;
    const drop = db.confirm.bind(db);
    db.confirm = (cls, n) => {
      for (let i = 0; i < n; i++) this.confirmed.push(this.keyOf(cls, i));
      drop(cls, n);
    };
  }

  step(input: SessionInput, nowMs: number): SessionOutput[] {
    if (this.pendingAtLoss === null && input.kind === 'rx' && unsolicitedEventConfirm(input.bytes)) {
      const queue = this.inner.db.events[2]!;
      this.pendingAtLoss = Array.from({ length: queue.length }, (_, i) => this.keyOf(2, i));
      return [{ kind: 'close', reason: 'test: CONFIRM lost with the link' }];
    }
    return this.inner.step(input, nowMs);
  }

  private keyOf(cls: number, i: number): string {
    const e = this.inner.db.events[cls]!.at(i)!;
    return `${e.type}:${e.index}=${String(e.point.value)}@${Math.floor(e.point.time ?? 0)}`;
  }
}

describe('redeliveries after a reconnect', () => {
  it('DNP3: events whose CONFIRM was lost with the link come again and are stored once', { timeout: 60_000 }, async () => {
    const outstation = new LosesFirstEventConfirm(createDnp3Outstation({ counts: { ai: 5, bi: 0, dbi: 0, bo: 0, ao: 0, ctr: 0, fc: 0 }, changes: { intervalMs: 100, mode: 'randomWalk', pointsPerTick: 2 } }) as Dnp3OutstationSession);
    const server = await serveSessions({ endpoint: { kind: 'tcp', host: '127.0.0.1', port: 0 }, createSession: () => outstation });
    const { engine, close } = await engineWith({ id: 'rtu', name: 'RTU', protocol: 'dnp3', transport: { kind: 'tcp', host: '127.0.0.1', port: server.port, reconnectDelayMs: 100 } });
    try {
      const lost = await until('a lost CONFIRM', () => outstation.pendingAtLoss, 20_000);
      expect(lost.length).toBeGreaterThan(0);
      await until('the lost events confirmed after the reconnect', () => lost.every((key) => outstation.confirmed.includes(key)), 20_000);
      expect(engine.stations.get('rtu')!.stats.reconnects).toBeGreaterThanOrEqual(1);
      const rows = (await engine.eventLog.query({ kinds: ['soe'], station: 'rtu', limit: 10_000, order: 'asc' })).rows;
      const keys = rows.map((r) => `${r.point}=${String((r.data as { raw: unknown }).raw)}@${r.deviceTime}`);
      for (const key of lost) expect(keys.filter((k) => k === key), key).toHaveLength(1);
      expect(new Set(keys).size).toBe(keys.length);
    } finally {
      await close();
      await server.close();
    }
  });

  it('IEC 104: events without time tag sent again after a cut are stored marked as possible repeats', { timeout: 60_000 }, async () => {
    const config = { points: [{ ioa: 1001, type: 'M_SP_NA_1' }], commands: [], changes: { everyMs: 400, count: 1 } };
    const shared = createIec104StationDatabase(config);
    const server = await serveSessions({ endpoint: { kind: 'tcp', host: '127.0.0.1', port: 0 }, createSession: () => createIec104Station(config, shared) });
    const proxy = await cutProxy(server.port);
    const { engine, close } = await engineWith({ id: 'rtu', name: 'RTU', protocol: 'iec104', transport: { kind: 'tcp', host: '127.0.0.1', port: proxy.port, reconnectDelayMs: 100 }, iec104: { w: 12 } });
    const soe = async () => (await engine.eventLog.query({ kinds: ['soe'], station: 'rtu', limit: 10_000, order: 'asc' })).rows;
    try {
      // the GI's three frames and two events: fewer than w (12) frames, stored but not yet acknowledged (t2 is 10 s)
      let before = 0;
      for (let i = 0; i < 200 && before < 2; i++) {
        await new Promise((r) => setTimeout(r, 20));
        before = (await soe()).length;
      }
      proxy.cut();
      expect(before).toBeGreaterThanOrEqual(2);
      await until('the reconnect', () => engine.stations.get('rtu')!.stats.reconnects >= 1 && engine.stations.get('rtu')!.state === 'ready', 15_000);
      let rows = await soe();
      for (let i = 0; i < 100 && !rows.some((r) => (r.data as { possibleRepeat?: boolean }).possibleRepeat); i++) {
        await new Promise((r) => setTimeout(r, 50));
        rows = await soe();
      }
      const marked = rows.filter((r) => (r.data as { possibleRepeat?: boolean }).possibleRepeat === true);
      expect(marked.length).toBeGreaterThan(0);
      const earlier = new Set(rows.slice(0, before).map((r) => `${r.point}=${String((r.data as { raw: unknown }).raw)}`));
      for (const row of marked) expect(earlier.has(`${row.point}=${String((row.data as { raw: unknown }).raw)}`)).toBe(true);
    } finally {
      await close();
      await proxy.close();
      await server.close();
    }
  });
});
