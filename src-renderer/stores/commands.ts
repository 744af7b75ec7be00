import { defineStore } from 'pinia';
import { ref } from 'vue';
import type { CallRequest, CallResponse } from '../../src-shared/ipc/contract';
import type { Result } from '../../src-shared/ipc/result';
import { useContract } from '../api';
import { useCallRunner } from '../composables/call-runner';
import { toPage, usePagedQuery } from '../composables/paged-query';

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
  const runner = useCallRunner<CommandState>();
  const { current, busy, error } = runner;
  const auditLog = usePagedQuery<AuditFilter, AuditRecord>({
    pageSize: AUDIT_PAGE_SIZE,
    fetch: async (criteria, offset, limit) => toPage(await useContract().call('audit.query', { ...criteria, offset, limit }), (page) => page.records),
  });

  async function run(promise: Promise<Result<CommandState>>): Promise<CommandState | null> {
    const state = await runner.run(promise);
    if (state?.done) void auditLog.query();
    return state;
  }

  /** Step 1 of select-before-operate; resolves once the select is confirmed or failed. */
  const select = (station: string, address: string, action: ControlActionRequest, qualifier?: number) =>
    run(useContract().call('commands.select', { station, address, action, ...(qualifier !== undefined ? { qualifier } : {}) }));
  /** Step 2: operates the selected command. */
  const operate = (id: string) => run(useContract().call('commands.operate', { id }));
  /** Cancels a selected command. */
  const cancel = (id: string) => run(useContract().call('commands.cancel', { id }));
  /** Direct execution (the policy's mode). */
  /** A direct command; `direct-no-ack` (DNP3) sends it without a response. */
  const execute = (station: string, address: string, action: ControlActionRequest, qualifier?: number, mode?: 'direct' | 'direct-no-ack') =>
    run(useContract().call('commands.execute', { station, address, action, ...(qualifier !== undefined ? { qualifier } : {}), ...(mode ? { mode } : {}) }));

  /** Forgets the finished command (the console is ready for the next). */
  function clear(): void {
    current.value = null;
    error.value = null;
  }

  /** Follows the progress of the current command once (boot calls it); its end (e.g. a lapsed select) reloads the audit log. */
  function start(): void {
    useContract().on('commands.progress', (state) => {
      if (current.value?.id !== state.id) return;
      const ended = state.done && !current.value.done;
      current.value = state;
      if (ended) void auditLog.query();
    });
  }

  return {
    target,
    current,
    busy,
    error,
    audit: auditLog.rows,
    auditTotal: auditLog.total,
    auditFilter: auditLog.filter,
    auditPage: auditLog.page,
    auditError: auditLog.error,
    select,
    operate,
    cancel,
    execute,
    clear,
    /** Loads a page of the audit log for the current filter. */
    queryAudit: auditLog.query,
    /** Applies an audit filter from the first page. */
    searchAudit: auditLog.search,
    /** Moves to another audit page. */
    auditGoTo: auditLog.goTo,
    start,
  };
});
