/**
 * Point-by-point checkouts: a checklist made from a station's point list and command
 * policies; the engineer enters the expected values, verifies each point against its live
 * value and quality, and issues each command and watches its feedback point reach the
 * expected state within a set time. Every verdict records who and when.
 */
import { randomUUID } from 'node:crypto';
import type { Checkout, CheckoutExport, CheckoutItem, CheckoutItemUpdate, CheckoutSummary, Observation } from '../../../src-shared/ipc/schemas/commissioning';
import type { ControlAction } from '../../../src-shared/session';
import type { PointConfig } from '../../../src-shared/workspace/point-config';
import type { CommandPolicy, StationConfig } from '../../../src-shared/workspace/station';
import type { CheckoutStore } from './checkout-store';
import { evaluate } from './checkout-evaluate';
import { exportCheckout } from './checkout-report';
import { stationTarget } from '../../engine/stations/station-runtime';

/** What a checkout needs from the engine. */
export interface CheckoutDeps {
  store: CheckoutStore;
  /** Settles once the old checkout files are imported into the store (see legacy-checkouts.ts). */
  ready: Promise<unknown>;
  station(id: string): StationConfig | undefined;
  pointList(station: string): readonly PointConfig[];
  /** The live value of a point, or null before its first report. */
  live(station: string, address: string): Observation | null;
  /** Issues a command through the command service; resolves with its final result. */
  command(user: { name: string; role: string }, station: string, address: string, action: ControlAction): Promise<{ ok: boolean; result: string; detail: string | null }>;
  /** Device attributes (DNP3 g0) last reported for the station. */
  device(station: string): Promise<Record<string, string | number | boolean>>;
  now(): Date;
}

/** Why a checkout call failed. */
export interface CheckoutError {
  code: 'NOT_FOUND' | 'BAD_ITEM' | 'NOT_A_COMMAND' | 'NOT_SAVED';
  message: string;
}

/** Result of a checkout call. */
export type CheckoutResult<T> = { ok: true; value: T } | { ok: false; error: CheckoutError };

const FEEDBACK_POLL_MS = 100;
const DEFAULT_WITHIN_MS = 5000;

function defaultAction(policy: CommandPolicy): ControlAction {
  const name = policy.actions[0]!;
  if (name === 'setpoint') return { action: 'setpoint', value: policy.min ?? 0 };
  if (name === 'step') return { action: 'step', direction: 'up' };
  return { action: name };
}

function blank(address: string, name: string, kind: CheckoutItem['kind']): CheckoutItem {
  return { address, name, kind, expected: '', tolerance: 0, observed: null, result: 'pending', detail: '', by: null, at: null };
}

/** The checkout service of one engine. */
export class CheckoutService {
  constructor(private readonly deps: CheckoutDeps) {}

  /** Every checkout, newest first. */
  async list(): Promise<CheckoutSummary[]> {
    await this.deps.ready;
    return this.deps.store
      .list()
      .map((c) => ({
        id: c.id,
        station: c.station.id,
        createdBy: c.createdBy,
        createdAt: c.createdAt,
        updatedAt: c.updatedAt,
        passed: c.items.filter((i) => i.result === 'pass').length,
        failed: c.items.filter((i) => i.result === 'fail').length,
        pending: c.items.filter((i) => i.result === 'pending').length,
      }))
      .sort((a, b) => b.createdAt.localeCompare(a.createdAt));
  }

  /** One checkout. */
  async get(id: string): Promise<CheckoutResult<Checkout>> {
    await this.deps.ready;
    const c = this.deps.store.get(id);
    return c ? { ok: true, value: c } : { ok: false, error: { code: 'NOT_FOUND', message: `no checkout ${id}` } };
  }

  /** A new checklist from the station's point list and command policies. */
  async create(stationId: string, user: string): Promise<CheckoutResult<Checkout>> {
    await this.deps.ready;
    const station = this.deps.station(stationId);
    if (!station) return { ok: false, error: { code: 'NOT_FOUND', message: `no station ${stationId}` } };
    const names = new Map(this.deps.pointList(stationId).map((p) => [p.address, p.name]));
    const items: CheckoutItem[] = [...names].map(([address, name]) => blank(address, name, 'value'));
    for (const policy of station.commands) {
      const item = blank(policy.address, names.get(policy.address) ?? policy.address, 'command');
      items.push({ ...item, action: defaultAction(policy), feedback: policy.address, withinMs: DEFAULT_WITHIN_MS });
    }
    const now = this.deps.now().toISOString();
    const checkout: Checkout = {
      id: randomUUID(),
      station: { id: station.id, name: station.name, protocol: station.protocol, endpoint: stationTarget(station) },
      createdBy: user,
      createdAt: now,
      updatedAt: now,
      device: await this.deps.device(station.id),
      items,
    };
    return this.deps.store.add(checkout);
  }

  /** Sets what the engineer expects of an item (and, for commands, the action and feedback). */
  update(u: CheckoutItemUpdate): Promise<CheckoutResult<Checkout>> {
    return this.edit(u.id, u.index, (item) => {
      const next: CheckoutItem = { ...item, result: 'pending', detail: '', observed: null, by: null, at: null };
      if (u.expected !== undefined) next.expected = u.expected;
      if (u.tolerance !== undefined) next.tolerance = u.tolerance;
      if (item.kind === 'command') {
        if (u.action !== undefined) next.action = u.action;
        if (u.feedback !== undefined) next.feedback = u.feedback;
        if (u.withinMs !== undefined) next.withinMs = u.withinMs;
      }
      return next;
    });
  }

  /** Compares a value item's live value with its expected value; records who and when. */
  verify(id: string, index: number, user: string): Promise<CheckoutResult<Checkout>> {
    return this.edit(id, index, (item, checkout) => {
      const observed = this.deps.live(checkout.station.id, item.address);
      const verdict = evaluate(checkout.station.protocol, item.expected, item.tolerance, observed);
      return { ...item, observed, result: verdict.pass ? 'pass' : 'fail', detail: verdict.detail, by: user, at: this.deps.now().toISOString() };
    });
  }

  /**
   * Issues a command item's command, then waits up to its `withinMs` for the feedback
   * point to reach the expected state. Fails on a refused or failed command, or when the
   * feedback does not arrive in time.
   */
  async command(id: string, index: number, user: { name: string; role: string }): Promise<CheckoutResult<Checkout>> {
    const found = await this.get(id);
    if (!found.ok) return found;
    const item = found.value.items[index];
    if (!item) return { ok: false, error: { code: 'BAD_ITEM', message: `checkout ${id} has no item ${index}` } };
    if (item.kind !== 'command' || !item.action) return { ok: false, error: { code: 'NOT_A_COMMAND', message: `${item.address} is not a command item` } };
    const station = found.value.station.id;
    const feedback = item.feedback ?? item.address;
    const outcome = await this.deps.command(user, station, item.address, item.action);
    let verdict: { pass: boolean; detail: string };
    let observed: Observation | null = this.deps.live(station, feedback);
    if (!outcome.ok) {
      verdict = { pass: false, detail: `command ${outcome.result}${outcome.detail ? `: ${outcome.detail}` : ''}` };
    } else {
      const deadline = performance.now() + (item.withinMs ?? DEFAULT_WITHIN_MS);
      verdict = evaluate(found.value.station.protocol, item.expected, item.tolerance, observed);
      while (!verdict.pass && performance.now() < deadline) {
        await new Promise((resolve) => setTimeout(resolve, FEEDBACK_POLL_MS));
        observed = this.deps.live(station, feedback);
        verdict = evaluate(found.value.station.protocol, item.expected, item.tolerance, observed);
      }
      verdict = verdict.pass
        ? { pass: true, detail: `command ${outcome.result}; ${feedback}: ${verdict.detail}` }
        : { pass: false, detail: `command ${outcome.result}, but ${feedback} did not reach ${item.expected} within ${item.withinMs ?? DEFAULT_WITHIN_MS} ms (${verdict.detail})` };
    }
    return this.edit(id, index, (current) => ({ ...current, observed, result: verdict.pass ? 'pass' : 'fail', detail: verdict.detail, by: user.name, at: this.deps.now().toISOString() }));
  }

  /** The checkout as an HTML or CSV report. */
  async export(id: string, format: 'html' | 'csv', user: string): Promise<CheckoutResult<CheckoutExport>> {
    const found = await this.get(id);
    if (!found.ok) return found;
    return { ok: true, value: exportCheckout(found.value, format, user, this.deps.now()) };
  }

  private async edit(id: string, index: number, change: (item: CheckoutItem, checkout: Checkout) => CheckoutItem): Promise<CheckoutResult<Checkout>> {
    const found = await this.get(id);
    if (!found.ok) return found;
    if (!found.value.items[index]) return { ok: false, error: { code: 'BAD_ITEM', message: `checkout ${id} has no item ${index}` } };
    return this.deps.store.change(id, (stored) => {
      const items = stored.items.slice();
      items[index] = change(items[index]!, stored);
      return { ...stored, items, updatedAt: this.deps.now().toISOString() };
    });
  }
}
