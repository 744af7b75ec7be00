/**
 * Point-by-point checkouts: a checklist made from a station's point list and command
 * policies; the engineer enters the expected values, verifies each point against its live
 * value and quality, and issues each command and watches its feedback point reach the
 * expected state within a set time. A command needs its expected result first, and a
 * select-before-operate point takes the console's two steps (select, then operate that
 * select); a direct one is executed. Every verdict records who and when.
 */
import { randomUUID } from 'node:crypto';
import type { Checkout, CheckoutExport, CheckoutItem, CheckoutItemUpdate, CheckoutSummary, Observation } from '../../../src-shared/ipc/schemas/commissioning';
import type { PointConfig } from '../../../src-shared/workspace/point-config';
import type { Role } from '../../../src-shared/roles';
import type { CommandPolicy, StationConfig } from '../../../src-shared/workspace/station';
import type { CommandAsk } from '../../engine/commands/command-policy';
import type { CommandState } from '../../engine/commands/command-service';
import type { CheckoutStore } from './checkout-store';
import { evaluate } from './checkout-evaluate';
import { exportCheckout, type CheckoutSecurity } from './checkout-report';
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
  /** The command service: a command in one go, or its select (`twoStep`) and then its operate. */
  commands: {
    start(user: CheckoutUser, ask: CommandAsk, twoStep: boolean): Promise<CommandState>;
    operate(user: CheckoutUser, id: string): Promise<CommandState | { refused: string }>;
  };
  /** Device attributes (DNP3 g0) last reported for the station. */
  device(station: string): Promise<Record<string, string | number | boolean>>;
  /** The station's latest security posture check, or null when none was run. */
  security(station: string): Promise<CheckoutSecurity | null>;
  now(): Date;
}

/** Who runs a checkout step. */
export interface CheckoutUser {
  name: string;
  role: Role;
}

/** Why a checkout call failed. */
export interface CheckoutError {
  code: 'NOT_FOUND' | 'BAD_ITEM' | 'NOT_A_COMMAND' | 'NOT_SAVED' | 'NO_EXPECTED' | 'SELECT_FIRST' | 'NOT_SBO' | 'NOT_SELECTED' | 'SELECT_TIMEOUT';
  message: string;
}

/** Result of a checkout call. */
export type CheckoutResult<T> = { ok: true; value: T } | { ok: false; error: CheckoutError };

const FEEDBACK_POLL_MS = 100;
const DEFAULT_WITHIN_MS = 5000;

function defaultAction(policy: CommandPolicy): CommandAsk['action'] {
  const name = policy.actions[0]!;
  if (name === 'setpoint') return { action: 'setpoint', value: policy.min ?? 0 };
  if (name === 'step') return { action: 'step', direction: 'up' };
  return { action: name };
}

function blank(address: string, name: string, kind: CheckoutItem['kind']): CheckoutItem {
  return { address, name, kind, expected: '', tolerance: 0, observed: null, result: 'pending', detail: '', by: null, at: null };
}

/** A command item being commanded. */
interface CommandItem {
  checkout: Checkout;
  index: number;
  item: CheckoutItem;
  action: CommandAsk['action'];
}

function fail(code: CheckoutError['code'], message: string): { ok: false; error: CheckoutError } {
  return { ok: false, error: { code, message } };
}

/** The checkout service of one engine. */
export class CheckoutService {
  /** Selects made for checkout items and not yet operated: command id -> checkout and item. */
  private readonly selects = new Map<string, { checkout: string; index: number }>();

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
   * Executes the command of an item of a direct-operate point, then waits up to its
   * `withinMs` for the feedback point to reach the expected state. Refused without an
   * expected result, and for a select-before-operate point (see `select`).
   */
  async command(id: string, index: number, user: CheckoutUser): Promise<CheckoutResult<Checkout>> {
    const found = await this.commandItem(id, index, 'direct');
    if (!found.ok) return found;
    const outcome = await this.deps.commands.start(user, this.ask(found.value), false);
    return this.conclude(found.value, outcome, user);
  }

  /**
   * Step 1 for a select-before-operate point: selects the item's command and returns the
   * command (with its select deadline) for the engineer to operate or let lapse. A select
   * the device or session fails is the item's verdict; one the engine refused is not.
   */
  async select(id: string, index: number, user: CheckoutUser): Promise<CheckoutResult<CommandState>> {
    const found = await this.commandItem(id, index, 'sbo');
    if (!found.ok) return found;
    const state = await this.deps.commands.start(user, this.ask(found.value), true);
    if (!state.done) this.selects.set(state.id, { checkout: id, index });
    else if (state.stage !== 'refused') await this.conclude(found.value, state, user);
    return { ok: true, value: state };
  }

  /**
   * Step 2: operates the item's select `command`, then watches the feedback point as
   * `command` does. A select that lapsed operates nothing and leaves the item as it was.
   */
  async operate(id: string, index: number, command: string, user: CheckoutUser): Promise<CheckoutResult<Checkout>> {
    const found = await this.commandItem(id, index, 'sbo');
    if (!found.ok) return found;
    const held = this.selects.get(command);
    if (held?.checkout !== id || held.index !== index) return fail('NOT_SELECTED', `command ${command} is not a select of this item: select it first`);
    this.selects.delete(command);
    const outcome = await this.deps.commands.operate(user, command);
    if ('refused' in outcome) return fail('NOT_SELECTED', outcome.refused);
    if (outcome.result === 'SELECT_TIMEOUT') return fail('SELECT_TIMEOUT', 'the select expired before it was operated: nothing was operated; select again');
    return this.conclude(found.value, outcome, user);
  }

  /** A command item ready to be commanded in `mode`, or why not. */
  private async commandItem(id: string, index: number, mode: 'sbo' | 'direct'): Promise<CheckoutResult<CommandItem>> {
    const found = await this.get(id);
    if (!found.ok) return found;
    const item = found.value.items[index];
    if (!item) return fail('BAD_ITEM', `checkout ${id} has no item ${index}`);
    if (item.kind !== 'command' || !item.action) return fail('NOT_A_COMMAND', `${item.address} is not a command item`);
    if (item.expected.trim() === '') return fail('NO_EXPECTED', `enter the expected result of ${item.address} before commanding it`);
    const policy = this.deps.station(found.value.station.id)?.commands.find((p) => p.address === item.address);
    const actual = policy?.mode ?? 'sbo';
    if (actual !== mode) {
      return mode === 'direct'
        ? fail('SELECT_FIRST', `${item.address} is operated with select-before-operate: select it, then operate the select`)
        : fail('NOT_SBO', `${item.address} is a direct-operate point: execute it`);
    }
    return { ok: true, value: { checkout: found.value, index, item, action: item.action } };
  }

  private ask(c: CommandItem): CommandAsk {
    return { station: c.checkout.station.id, address: c.item.address, action: c.action };
  }

  /** Records the verdict of a finished command: its failure, or whether the feedback point reached the expected state in time. */
  private async conclude(c: CommandItem, outcome: CommandState, user: CheckoutUser): Promise<CheckoutResult<Checkout>> {
    const station = c.checkout.station.id;
    const feedback = c.item.feedback ?? c.item.address;
    const withinMs = c.item.withinMs ?? DEFAULT_WITHIN_MS;
    const judge = () => evaluate(c.checkout.station.protocol, c.item.expected, c.item.tolerance, this.deps.live(station, feedback));
    let verdict: { pass: boolean; detail: string };
    if (!outcome.ok) {
      verdict = { pass: false, detail: `command ${outcome.result}${outcome.detail ? `: ${outcome.detail}` : ''}` };
    } else {
      const deadline = performance.now() + withinMs;
      verdict = judge();
      while (!verdict.pass && performance.now() < deadline) {
        await new Promise((resolve) => setTimeout(resolve, FEEDBACK_POLL_MS));
        verdict = judge();
      }
      verdict = verdict.pass
        ? { pass: true, detail: `command ${outcome.result}; ${feedback}: ${verdict.detail}` }
        : { pass: false, detail: `command ${outcome.result}, but ${feedback} did not reach ${c.item.expected} within ${withinMs} ms (${verdict.detail})` };
    }
    const observed = this.deps.live(station, feedback);
    return this.edit(c.checkout.id, c.index, (current) => ({ ...current, observed, result: verdict.pass ? 'pass' : 'fail', detail: verdict.detail, by: user.name, at: this.deps.now().toISOString() }));
  }

  /** The checkout as an HTML or CSV report. */
  async export(id: string, format: 'html' | 'csv', user: string): Promise<CheckoutResult<CheckoutExport>> {
    const found = await this.get(id);
    if (!found.ok) return found;
    const security = await this.deps.security(found.value.station.id);
    return { ok: true, value: exportCheckout(found.value, format, user, this.deps.now(), security) };
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
