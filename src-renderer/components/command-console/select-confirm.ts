/**
 * The confirmation half of select-before-operate, shared by the command console and the
 * checkout: a countdown to the select deadline, and an operate question bound to the one
 * command that was selected when it was asked. When that select lapses while the question
 * is open, the question ends with the reason; it never turns into another command.
 */
import { computed, onBeforeUnmount, ref, watch, type Ref } from 'vue';
import { secondsLeft, selectLapse, type SelectedState } from './command-form';

/** A command as far as select-before-operate needs it. */
export type SelectableState = NonNullable<SelectedState> & { selectDeadline: number | null };

/** What the open question asks: to operate one selected command, or to execute directly. */
export type Asked = { kind: 'operate'; id: string } | { kind: 'execute' };

/** Select countdown and operate confirmation for the command in `state`. */
export function useSelectConfirm(state: Readonly<Ref<SelectableState | null>>) {
  const now = ref(Date.now());
  const timer = setInterval(() => (now.value = Date.now()), 250);
  onBeforeUnmount(() => clearInterval(timer));

  const selected = computed(() => state.value !== null && !state.value.done && state.value.stage === 'selected');
  const left = computed(() => secondsLeft(state.value?.selectDeadline ?? null, now.value));
  /** The open question, or null. */
  const asking = ref<Asked | null>(null);
  /** Why the last operate question ended without operating. */
  const lapse = ref<string | null>(null);

  watch([state, left], () => {
    const open = asking.value;
    if (open?.kind !== 'operate') return;
    const reason = selectLapse(state.value, open.id, left.value);
    if (reason === null) return;
    asking.value = null;
    lapse.value = reason;
  });

  /** Asks to operate the command that is selected now (that one only). */
  function askOperate(): void {
    if (!selected.value || !state.value || left.value === 0) return;
    asking.value = { kind: 'operate', id: state.value.id };
  }

  /** Asks to execute a direct command. */
  function askExecute(): void {
    lapse.value = null;
    asking.value = { kind: 'execute' };
  }

  /**
   * Closes the question on its confirmation and returns what may still be done: the
   * operate of that selected command, or the execute; null when the select lapsed (with
   * `lapse` saying so) or nothing was asked.
   */
  function confirm(): Asked | null {
    const asked = asking.value;
    asking.value = null;
    if (asked?.kind !== 'operate') return asked;
    lapse.value = selectLapse(state.value, asked.id, left.value);
    return lapse.value === null ? asked : null;
  }

  return { selected, left, asking, lapse, askOperate, askExecute, confirm };
}
