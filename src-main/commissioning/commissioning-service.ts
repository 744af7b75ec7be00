/**
 * Commissioning in the running engine: connectivity checks and port sweeps of workspace
 * stations or ad-hoc target URLs (kept in the check history of the data directory), and
 * point-by-point checkouts (kept in the workspace).
 */
import { randomUUID } from 'node:crypto';
import { dirname } from 'node:path';
import * as v from 'valibot';
import type { CheckRecord, CheckRequest, Observation, SweepRequest } from '../../src-shared/ipc/schemas/commissioning';
import type { FirewallRequest } from '../../src-shared/ipc/schemas/firewall';
import { SecurityReport, type SecurityRequest } from '../../src-shared/ipc/schemas/security';
import type { StationConfig } from '../../src-shared/workspace/station';
import type { Engine } from '../engine/index';
import { stateLabel } from '../engine/pipeline/point-view';
import type { Target } from './target/target';
import { describeTarget } from './target/target';
import { parseTargetUrl } from './target/target-url';
import { runCheck } from './check';
import { CheckHistory } from './check-history';
import { CheckoutService } from './checkout/checkout-service';
import { workspaceCheckouts } from './checkout/checkout-store';
import { importLegacyCheckouts } from './checkout/legacy-checkouts';
import { sweepPorts } from './connectivity';
import type { FirewallRules } from './firewall';
import { stationFirewallRules } from './firewall/station-firewall';
import { runSecurityCheck } from './security';

/** A failed commissioning call. */
export interface CommissioningError {
  code: string;
  message: string;
}

/** Result of a check or sweep: its history record. */
export type CheckOutcome = { ok: true; value: CheckRecord } | { ok: false; error: CommissioningError };

/** The engine's commissioning features. */
export interface Commissioning {
  /** Runs a connectivity check of a station or a target URL and records it in the history. */
  check(request: CheckRequest, user: string): Promise<CheckOutcome>;
  /** Sweeps the standard ports of a host (named, from a URL or a station's) and records it in the history. */
  sweep(request: SweepRequest, user: string): Promise<CheckOutcome>;
  /** Runs the security posture check of a station or a target URL and records it in the history. */
  security(request: v.InferOutput<typeof SecurityRequest>, user: string): Promise<CheckOutcome>;
  /** The check history, newest first. */
  history(): Promise<CheckRecord[]>;
  /** Allow-list firewall rules for a workspace station (text only; nothing is applied). */
  firewall(request: FirewallRequest): Resolved<FirewallRules>;
  readonly checkouts: CheckoutService;
}

/** A station's connect timeout; a serial station's answer timeout is its DNP3 response timeout. */
function connectTimeoutOf(s: StationConfig): number {
  return s.transport.kind === 'serial' ? s.dnp3.responseTimeoutMs : s.transport.connectTimeoutMs;
}

/** Connect and answer timeout of an ad-hoc check (as the CLI's `--timeout` default). */
const AD_HOC_TIMEOUT_MS = 5000;

/** The one-shot target of a workspace station, or why it cannot be checked. */
function stationTarget(s: StationConfig): Target | string {
  const t = s.transport;
  if (t.kind === 'tcp-listen') return 'the station listens for the outstation to connect: there is nothing to dial';
  if (t.kind === 'serial') {
    return { protocol: 'dnp3', transport: 'serial', host: t.serial.path, port: 0, serial: t.serial, masterAddress: s.dnp3.masterAddress, outstationAddress: s.dnp3.outstationAddress, commonAddress: 1 };
  }
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
  const label = stateLabel(p);
  return { value, ...(label !== null ? { label } : {}), quality: [...p.quality], time: p.deviceTime === null ? null : new Date(p.deviceTime).toISOString() };
}

type Resolved<T> = { ok: true; value: T } | { ok: false; error: CommissioningError };

/** Creates the commissioning features of an engine; starts the one-time import of old checkout files. */
export function createCommissioning(engine: Engine, now: () => Date = () => new Date()): Commissioning {
  const dataDir = dirname(engine.workspace.path);
  const history = new CheckHistory(dataDir);
  const stationOf = (id: string): StationConfig | undefined => engine.workspace.workspace.stations.find((s) => s.id === id);
  const ready = importLegacyCheckouts(dataDir, engine.workspace).then(
    (done) => {
      if (!done) return;
      const invalid = done.invalid.length ? `; not valid checkouts, left there: ${done.invalid.join('; ')}` : '';
      engine.logEvent({ kind: 'config', message: `imported ${done.imported} checkout(s) from the old data-directory files into the workspace; the files moved to ${done.movedTo}${invalid}` });
    },
    (error: unknown) => engine.logEvent({ kind: 'config', message: `old checkout files not imported (left as they are): ${(error as Error).message}` }),
  );
  const checkouts = new CheckoutService({
    store: workspaceCheckouts(engine.workspace),
    ready,
    station: stationOf,
    pointList: (id) => engine.workspace.workspace.points[id] ?? [],
    live: (station, address) => observe(engine, station, address),
    commands: engine.commands,
    device: async (station) => {
      const latest = (await history.list()).find((c) => c.station === station && typeof (c.report.protocol as { device?: unknown } | undefined)?.device === 'object');
      return ((latest?.report.protocol as { device?: Record<string, string | number | boolean> } | undefined)?.device) ?? {};
    },
    security: async (station) => {
      const latest = (await history.list()).find((c) => c.station === station && c.kind === 'security');
      const report = latest && v.safeParse(SecurityReport, latest.report);
      return latest && report?.success ? { at: latest.at, by: latest.user, summary: report.output.summary, findings: report.output.findings } : null;
    },
    now,
  });

  const stationOrError = (id: string): Resolved<StationConfig> => {
    const station = stationOf(id);
    return station ? { ok: true, value: station } : { ok: false, error: { code: 'NOT_FOUND', message: `no station ${id}` } };
  };
  const checkTarget = (request: CheckRequest): Resolved<{ target: Target; station: StationConfig | null; timeoutMs: number }> => {
    if ('url' in request) {
      const parsed = parseTargetUrl(request.url);
      return parsed.ok ? { ok: true, value: { target: parsed.value, station: null, timeoutMs: request.timeoutMs ?? AD_HOC_TIMEOUT_MS } } : parsed;
    }
    const station = stationOrError(request.station);
    if (!station.ok) return station;
    const target = stationTarget(station.value);
    if (typeof target === 'string') return { ok: false, error: { code: 'NOT_CHECKABLE', message: target } };
    return { ok: true, value: { target, station: station.value, timeoutMs: Math.min(connectTimeoutOf(station.value), 10_000) } };
  };
  const sweepHost = (request: SweepRequest): Resolved<{ host: string; station: StationConfig | null }> => {
    if ('host' in request) {
      if (request.host.includes('://')) return { ok: false, error: { code: 'BAD_HOST', message: 'a sweep takes a host name or address, not a URL' } };
      return { ok: true, value: { host: request.host, station: null } };
    }
    if ('url' in request) {
      const parsed = parseTargetUrl(request.url);
      return parsed.ok ? { ok: true, value: { host: parsed.value.host, station: null } } : parsed;
    }
    const station = stationOrError(request.station);
    if (!station.ok) return station;
    const t = station.value.transport;
    if (t.kind === 'serial') return { ok: false, error: { code: 'NOT_CHECKABLE', message: 'a serial station has no host to sweep: run its connectivity check' } };
    return { ok: true, value: { host: t.host, station: station.value } };
  };
  const record = async (fields: Omit<CheckRecord, 'id' | 'at'>, station: StationConfig | null): Promise<CheckOutcome> => {
    const value: CheckRecord = { id: randomUUID(), at: now().toISOString(), ...fields };
    await history.add(value);
    const what = { check: 'connectivity check', sweep: 'port sweep', security: 'security posture check' }[value.kind];
    engine.logEvent({ kind: 'system', station: station?.id ?? null, user: value.user, message: `${what} of ${station?.name ?? value.target}: ${value.summary}` });
    return { ok: true, value };
  };

  return {
    checkouts,
    history: () => history.list(),
    firewall(request) {
      const station = stationOrError(request.station);
      return station.ok ? stationFirewallRules(station.value, request) : station;
    },
    async check(request, user) {
      const resolved = checkTarget(request);
      if (!resolved.ok) return resolved;
      const { target, station, timeoutMs } = resolved.value;
      const report = await runCheck(target, { probes: request.probes ?? 5, timeoutMs });
      const fields = { kind: 'check' as const, user, station: station?.id ?? null, target: describeTarget(target), ok: report.failure === null, summary: report.summary };
      return record({ ...fields, report: report as unknown as Record<string, unknown> }, station);
    },
    async security(request, user) {
      const { expiryDays, maxMasters, plainPort, tlsPort, ...which } = request;
      const resolved = checkTarget(which);
      if (!resolved.ok) return resolved;
      const { target, station, timeoutMs } = resolved.value;
      const given = Object.entries({ expiryDays, maxMasters, plainPort, tlsPort }).filter(([, n]) => n !== undefined);
      const ran = await runSecurityCheck(target, { timeoutMs, ...Object.fromEntries(given) });
      if (!ran.ok) return ran;
      const report = ran.value;
      const fields = { kind: 'security' as const, user, station: station?.id ?? null, target: describeTarget(target), ok: report.reached && report.counts.high === 0, summary: report.summary };
      return record({ ...fields, report: report as unknown as Record<string, unknown> }, station);
    },
    async sweep(request, user) {
      const resolved = sweepHost(request);
      if (!resolved.ok) return resolved;
      const { host, station } = resolved.value;
      const report = await sweepPorts(host);
      // A sweep "answers" when the name resolved and at least one standard port is open.
      const ok = !report.dnsFailure && report.ports.some((p) => p.state === 'open');
      const fields = { kind: 'sweep' as const, user, station: station?.id ?? null, target: host, ok, summary: report.summary };
      return record({ ...fields, report: report as unknown as Record<string, unknown> }, station);
    },
  };
}
