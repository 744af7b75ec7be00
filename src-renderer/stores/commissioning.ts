import { defineStore } from 'pinia';
import { ref } from 'vue';
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

/** Connectivity checks and port sweeps (of stations or target URLs) with their history, and point-by-point checkouts. */
export const useCommissioningStore = defineStore('commissioning', () => {
  const history = ref<CheckRecord[]>([]);
  const checkouts = ref<CheckoutSummary[]>([]);
  const current = ref<Checkout | null>(null);
  const error = ref<string | null>(null);
  const contract = () => useContract();

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

  /** Sets an item's expected value (and command settings). */
  const update = (index: number, edit: ItemEdit) => current.value && apply(contract().call('commissioning.checkoutUpdate', { id: current.value.id, index, ...edit }));
  /** Verifies a value item against its live value. */
  const verify = (index: number) => current.value && apply(contract().call('commissioning.checkoutVerify', { id: current.value.id, index }));
  /** Issues a command item and watches its feedback. */
  const command = (index: number) => current.value && apply(contract().call('commissioning.checkoutCommand', { id: current.value.id, index }));

  /** The current checkout as an HTML or CSV report, saved through the browser. */
  async function exportReport(format: 'html' | 'csv'): Promise<string | null> {
    if (!current.value) return null;
    const report = await run(contract().call('commissioning.checkoutExport', { id: current.value.id, format }));
    if (!report) return null;
    download(report.fileName, new Blob([report.text], { type: report.mimeType }));
    return report.sha256;
  }

  return { history, checkouts, current, error, load, check, sweep, create, open, update, verify, command, exportReport };
});
