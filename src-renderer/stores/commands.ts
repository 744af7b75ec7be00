import { defineStore } from 'pinia';
import { ref, shallowRef } from 'vue';
import type { CallRequest, CallResponse } from '../../src-shared/ipc/contract';
import type { Result } from '../../src-shared/ipc/result';
import { useContract } from '../api';
import { errorText } from '../util/format';

/** A command's state as the engine reports it. */
export type CommandState = CallResponse<'commands.select'>;
/** A control action request. */
export type ControlActionRequest = CallRequest<'commands.select'>['action'];
/** One audited command attempt. */
export type AuditRecord = CallResponse<'audit.query'>['records'][number];
/** The audit log filter. */
export type AuditFilter = Omit<CallRequest<'audit.query'>, 'offset' | 'limit'>;

/** Audit records per page. */
export const AUDIT_PAGE_SIZE = 50;

/**
 * The command console's current command (select -> operate, or direct execute), kept up
 * to date by `commands.progress`, and the audit log of command attempts.
 */
export const useCommandsStore = defineStore('commands', () => {
  /** The point the console is set to (from the console's pickers or the point table). */
  const target = ref<{ station: string; address: string } | null>(null);
  const current = ref<CommandState | null>(null);
  const busy = ref(false);
  const error = ref<string | null>(null);
  const audit = shallowRef<AuditRecord[]>([]);
  const auditTotal = ref(0);
  const auditFilter = ref<AuditFilter>({});
  const auditPage = ref(0);
  const auditError = ref<string | null>(null);

  async function run(promise: Promise<Result<CommandState>>): Promise<CommandState | null> {
    busy.value = true;
    error.value = null;
    const result = await promise;
    busy.value = false;
    if (!result.ok) {
      error.value = errorText(result.error);
      return null;
    }
    current.value = result.value;
    if (result.value.done) void queryAudit();
    return result.value;
  }

  /** Step 1 of select-before-operate; resolves once the select is confirmed or failed. */
  const select = (station: string, address: string, action: ControlActionRequest) => run(useContract().call('commands.select', { station, address, action }));
  /** Step 2: operates the selected command. */
  const operate = (id: string) => run(useContract().call('commands.operate', { id }));
  /** Cancels a selected command. */
  const cancel = (id: string) => run(useContract().call('commands.cancel', { id }));
  /** Direct execution (the policy's mode). */
  const execute = (station: string, address: string, action: ControlActionRequest) => run(useContract().call('commands.execute', { station, address, action }));

  /** Forgets the finished command (the console is ready for the next). */
  function clear(): void {
    current.value = null;
    error.value = null;
  }

  /** Loads a page of the audit log for the current filter. */
  async function queryAudit(): Promise<void> {
    const result = await useContract().call('audit.query', { ...auditFilter.value, offset: auditPage.value * AUDIT_PAGE_SIZE, limit: AUDIT_PAGE_SIZE });
    if (!result.ok) {
      auditError.value = errorText(result.error);
      return;
    }
    audit.value = result.value.records;
    auditTotal.value = result.value.total;
    auditError.value = null;
  }

  /** Applies an audit filter from the first page. */
  async function searchAudit(filter: AuditFilter): Promise<void> {
    auditFilter.value = filter;
    auditPage.value = 0;
    await queryAudit();
  }

  /** Moves to another audit page. */
  async function auditGoTo(index: number): Promise<void> {
    auditPage.value = Math.max(0, index);
    await queryAudit();
  }

  /** Follows the progress of the current command once (boot calls it). */
  function start(): void {
    useContract().on('commands.progress', (state) => {
      if (current.value?.id === state.id) current.value = state;
    });
  }

  return { target, current, busy, error, audit, auditTotal, auditFilter, auditPage, auditError, select, operate, cancel, execute, clear, queryAudit, searchAudit, auditGoTo, start };
});
