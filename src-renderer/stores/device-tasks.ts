import { defineStore } from 'pinia';
import type { CallRequest, CallResponse } from '../../src-shared/ipc/contract';
import { useContract } from '../api';
import { useCallRunner } from '../composables/call-runner';

/** A device task's state as the engine reports it. */
export type DeviceTaskState = CallResponse<'device.request'>;
/** A device task as the contract takes it. */
export type DeviceTaskRequest = CallRequest<'device.request'>['task'];

/**
 * What the Device and Raw request panels share: their current task, kept up to date by
 * `device.progress` (an armed task that expires shows CONFIRM_TIMEOUT without a click),
 * and the second step (confirm) or cancel of an armed one.
 */
function taskPanelState() {
  const { current, busy, error, run } = useCallRunner<DeviceTaskState>();
  /** Step 2: runs an armed task. */
  const confirm = (id: string) => run(useContract().call('device.confirm', { id }));
  /** Cancels an armed task. */
  const cancel = (id: string) => run(useContract().call('device.cancel', { id }));

  /** Forgets the shown task. */
  function clear(): void {
    current.value = null;
    error.value = null;
  }

  /** Follows the progress of the current task once (boot calls it). */
  function start(): void {
    useContract().on('device.progress', (state) => {
      if (current.value?.id === state.id) current.value = state;
    });
  }

  return { current, busy, error, run, confirm, cancel, clear, start };
}

/** The Device panel's current task: requested (and run at once, or armed until confirmed), confirmed or cancelled. */
export const useDeviceTasksStore = defineStore('deviceTasks', () => {
  const state = taskPanelState();
  /** Step 1: runs the task, or arms it when it changes the device. */
  const request = (station: string, task: DeviceTaskRequest) => state.run(useContract().call('device.request', { station, task }));
  return { ...state, request };
});

/** The Raw request panel's current request: sent (and answered at once, or armed until confirmed), confirmed or cancelled. */
export const useRawRequestsStore = defineStore('rawRequests', () => {
  const state = taskPanelState();
  /** Step 1: sends the request, or arms it when it can change the device. */
  const send = (station: string, request: Record<string, unknown>, fn?: string) =>
    state.run(useContract().call('device.raw', { station, request, ...(fn ? { function: fn } : {}) }));
  return { ...state, send };
});
