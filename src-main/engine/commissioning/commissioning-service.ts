/**
 * Commissioning in the running engine: connectivity checks of workspace stations (kept
 * in a history) and point-by-point checkouts, stored beside the workspace file.
 */
import { randomUUID } from 'node:crypto';
import { dirname } from 'node:path';
import type { CheckRecord, Observation } from '../../../src-shared/ipc/schemas/commissioning';
import type { Role } from '../../../src-shared/roles';
import type { StationConfig } from '../../../src-shared/workspace/station';
import type { Engine } from '../index';
import type { Target } from '../target/target';
import { describeTarget } from '../target/target';
import { runCheck } from './check';
import { CheckoutService } from './checkout/checkout-service';
import { CommissioningStore } from './commissioning-store';

/** The engine's commissioning features. */
export interface Commissioning {
  /** Runs a connectivity check of a station and records it in the history. */
  check(station: string, user: string, probes?: number): Promise<{ ok: true; value: CheckRecord } | { ok: false; error: { code: string; message: string } }>;
  /** The check history, newest first. */
  history(): Promise<CheckRecord[]>;
  readonly checkouts: CheckoutService;
}

/** The one-shot target of a workspace station, or why it cannot be checked. */
export function stationTarget(s: StationConfig): Target | string {
  const t = s.transport;
  if (t.kind === 'tcp-listen') return 'the station listens for the outstation to connect: there is nothing to dial';
  return {
    protocol: s.protocol,
    transport: t.kind,
    host: t.host,
    port: t.port,
    masterAddress: s.dnp3.masterAddress,
    outstationAddress: s.dnp3.outstationAddress,
    commonAddress: s.iec104.commonAddresses[0] ?? 1,
    ...(t.kind === 'tls' && t.tls ? { tls: { caFile: t.tls.caFile, certFile: t.tls.certFile, keyFile: t.tls.keyFile, ...(t.tls.servername ? { servername: t.tls.servername } : {}) } } : {}),
  };
}

function observe(engine: Engine, station: string, address: string): Observation | null {
  const index = engine.points.find(station, address);
  if (index < 0) return null;
  const p = engine.points.get(index);
  if (p.raw === null) return null;
  const value = typeof p.raw === 'number' && p.value !== null ? p.value : p.raw;
  return { value, quality: [...p.quality], time: p.deviceTime === null ? null : new Date(p.deviceTime).toISOString() };
}

/** Creates the commissioning features of an engine. */
export function createCommissioning(engine: Engine, now: () => Date = () => new Date()): Commissioning {
  const store = new CommissioningStore(dirname(engine.workspace.path));
  const stationOf = (id: string): StationConfig | undefined => engine.workspace.workspace.stations.find((s) => s.id === id);
  const checkouts = new CheckoutService({
    store,
    station: stationOf,
    pointList: (id) => engine.workspace.workspace.points[id] ?? [],
    live: (station, address) => observe(engine, station, address),
    command: async (user, station, address, action) => {
      const state = await engine.commands.start({ name: user.name, role: user.role as Role }, { station, address, action }, false);
      return { ok: state.ok, result: state.result, detail: state.detail };
    },
    device: async (station) => {
      const latest = (await store.checks()).find((c) => c.station === station && typeof (c.report.protocol as { device?: unknown } | undefined)?.device === 'object');
      return ((latest?.report.protocol as { device?: Record<string, string | number | boolean> } | undefined)?.device) ?? {};
    },
    now,
  });
  return {
    checkouts,
    history: () => store.checks(),
    async check(stationId, user, probes) {
      const station = stationOf(stationId);
      if (!station) return { ok: false, error: { code: 'NOT_FOUND', message: `no station ${stationId}` } };
      const target = stationTarget(station);
      if (typeof target === 'string') return { ok: false, error: { code: 'NOT_CHECKABLE', message: target } };
      const report = await runCheck(target, { probes: probes ?? 5, timeoutMs: Math.min(station.transport.connectTimeoutMs, 10_000) });
      const record: CheckRecord = {
        id: randomUUID(),
        at: now().toISOString(),
        user,
        station: stationId,
        target: describeTarget(target),
        ok: report.failure === null,
        summary: report.summary,
        report: report as unknown as Record<string, unknown>,
      };
      await store.addCheck(record);
      engine.logEvent({ kind: 'system', station: stationId, user, message: `connectivity check of ${station.name}: ${report.summary}` });
      return { ok: true, value: record };
    },
  };
}
