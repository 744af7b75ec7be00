import { defineStore } from 'pinia';
import { computed, ref } from 'vue';
import type { CallRequest, CallResponse } from '../../src-shared/ipc/contract';
import type { Result } from '../../src-shared/ipc/result';
import { useContract } from '../api';
import { errorText } from '../util/format';
import { download } from '../util/download';

/** One connectivity check of the history. */
export type CheckRecord = CallResponse<'commissioning.history'>[number];
/** A checkout with its items. */
export type Checkout = CallResponse<'commissioning.checkoutGet'>;
/** A checkout in the list. */
export type CheckoutSummary = CallResponse<'commissioning.checkoutList'>[number];
/** What the engineer enters for one checkout item. */
export type ItemEdit = Omit<CallRequest<'commissioning.checkoutUpdate'>, 'id' | 'index'>;
/** A checkout command as the engine reports it (select deadline, stages, result). */
export type CheckoutCommandState = CallResponse<'commissioning.checkoutSelect'>;

/**
 * Connectivity checks and port sweeps (of stations or target URLs) with their history, and
 * point-by-point checkouts: the current checkout, and the command of one of its items
 * (kept up to date by `commands.progress`). Checkout calls run one after another, so an
 * expected value saved as the field is left is in place before the Verify that followed.
 */
export const useCommissioningStore = defineStore('commissioning', () => {
  const history = ref<CheckRecord[]>([]);
  const checkouts = ref<CheckoutSummary[]>([]);
  const current = ref<Checkout | null>(null);
  const command = ref<CheckoutCommandState | null>(null);
  const error = ref<string | null>(null);
  /** Connectivity checks and port sweeps, newest first. */
  const connectivity = computed(() => history.value.filter((r) => r.kind !== 'security'));
  /** Security posture checks, newest first. */
  const securityHistory = computed(() => history.value.filter((r) => r.kind === 'security'));
  const contract = () => useContract();
  let last: Promise<unknown> = Promise.resolve();

  /** Runs checkout calls in the order they were asked for. */
  function serial<T>(work: () => Promise<T>): Promise<T> {
    const next = last.then(work, work);
    last = next.catch(() => undefined);
    return next;
  }

  /** Runs `call`; keeps the error text (or clears it) and returns the value or null. */
  async function run<T>(call: Promise<Result<T>>): Promise<T | null> {
    const result = await call;
    error.value = result.ok ? null : errorText(result.error);
    return result.ok ? result.value : null;
  }

  /** Loads the check history and the checkout list. */
  async function load(): Promise<void> {
    const [h, c] = await Promise.all([run(contract().call('commissioning.history', {})), run(contract().call('commissioning.checkoutList', {}))]);
    if (h) history.value = h;
    if (c) checkouts.value = c;
  }

  function remember(record: CheckRecord | null): CheckRecord | null {
    if (record) history.value = [record, ...history.value.filter((r) => r.id !== record.id)];
    return record;
  }

  /** Runs a connectivity check of a station or a target URL; the record heads the history. */
  async function check(request: CallRequest<'commissioning.check'>): Promise<CheckRecord | null> {
    return remember(await run(contract().call('commissioning.check', request)));
  }

  /** Runs the security posture check of a station or a target URL; the record heads the history. */
  async function security(request: CallRequest<'commissioning.security'>): Promise<CheckRecord | null> {
    return remember(await run(contract().call('commissioning.security', request)));
  }

  /** Sweeps the standard ports of a station's or a URL's host; the record heads the history. */
  async function sweep(request: CallRequest<'commissioning.sweep'>): Promise<CheckRecord | null> {
    return remember(await run(contract().call('commissioning.sweep', request)));
  }

  async function refreshList(): Promise<void> {
    const list = await run(contract().call('commissioning.checkoutList', {}));
    if (list) checkouts.value = list;
  }

  /** Starts a checkout of a station from its point list. */
  async function create(station: string): Promise<void> {
    const c = await run(contract().call('commissioning.checkoutCreate', { station }));
    if (c) {
      current.value = c;
      await refreshList();
    }
  }

  /** Opens a stored checkout. */
  async function open(id: string): Promise<void> {
    const c = await run(contract().call('commissioning.checkoutGet', { id }));
    if (c) current.value = c;
  }

  async function apply(call: Promise<Result<Checkout>>): Promise<void> {
    const c = await run(call);
    if (c) {
      current.value = c;
      await refreshList();
    }
  }

  /** Runs a call on the current checkout (in order with the others) and keeps the checkout it returns. */
  const onCurrent = (call: (id: string) => Promise<Result<Checkout>>) => serial(async () => (current.value ? apply(call(current.value.id)) : undefined));
  /** Sets an item's expected value (and command settings). */
  const update = (index: number, edit: ItemEdit) => onCurrent((id) => contract().call('commissioning.checkoutUpdate', { id, index, ...edit }));
  /** Verifies a value item against its live value. */
  const verify = (index: number) => onCurrent((id) => contract().call('commissioning.checkoutVerify', { id, index }));
  /** Executes a command item of a direct-operate point and watches its feedback. */
  const execute = (index: number) => onCurrent((id) => contract().call('commissioning.checkoutCommand', { id, index }));
  /** Step 2: operates the item's select and watches its feedback. */
  const operate = (index: number, commandId: string) => onCurrent((id) => contract().call('commissioning.checkoutOperate', { id, index, command: commandId }));

  /** Step 1 for a select-before-operate point: selects the item's command. */
  function select(index: number): Promise<void> {
    return serial(async () => {
      if (!current.value) return;
      const state = await run(contract().call('commissioning.checkoutSelect', { id: current.value.id, index }));
      if (state) command.value = state;
      if (state?.done) await open(current.value.id);
    });
  }

  /** Cancels the item's select. */
  async function cancelSelect(): Promise<void> {
    if (!command.value) return;
    const state = await run(contract().call('commands.cancel', { id: command.value.id }));
    if (state) command.value = state;
  }

  /** Follows the progress of the checkout's command once (boot calls it). */
  function start(): void {
    contract().on('commands.progress', (state) => {
      if (command.value?.id === state.id) command.value = state;
    });
  }

  /** The current checkout as an HTML or CSV report, saved through the browser. */
  async function exportReport(format: 'html' | 'csv'): Promise<string | null> {
    if (!current.value) return null;
    const report = await run(contract().call('commissioning.checkoutExport', { id: current.value.id, format }));
    if (!report) return null;
    download(report.fileName, new Blob([report.text], { type: report.mimeType }));
    return report.sha256;
  }

  return { history, connectivity, securityHistory, checkouts, current, command, error, load, check, sweep, security, create, open, update, verify, execute, select, operate, cancelSelect, start, exportReport };
});
