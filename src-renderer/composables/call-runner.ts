import { ref, type Ref } from 'vue';
import type { Result } from '../../src-shared/ipc/result';
import { errorText } from '../util/format';

/** The state of a panel that runs one contract call at a time and shows its latest outcome. */
export interface CallRunner<T> {
  /** The latest value a call returned (commands and tasks: their state). */
  current: Ref<T | null>;
  busy: Ref<boolean>;
  /** The latest call's error as text, or null. */
  error: Ref<string | null>;
  /** Awaits the call, keeping busy, error and current up to date; resolves with the value or null. */
  run(promise: Promise<Result<T>>): Promise<T | null>;
}

/** A runner for calls that return `T` (used inside setup stores). */
export function useCallRunner<T>(): CallRunner<T> {
  const current = ref(null) as Ref<T | null>;
  const busy = ref(false);
  const error = ref<string | null>(null);
  async function run(promise: Promise<Result<T>>): Promise<T | null> {
    busy.value = true;
    error.value = null;
    const result = await promise;
    busy.value = false;
    if (!result.ok) {
      error.value = errorText(result.error);
      return null;
    }
    current.value = result.value;
    return result.value;
  }
  return { current, busy, error, run };
}
