/**
 * What the station form shares with its sections and fields: the draft, the errors by field
 * path, and the set of fields on screen (so an error whose field is hidden is shown at the
 * form instead of being lost). Also the ids that tie each label and error to its input.
 */
import { computed, inject, onBeforeUnmount, watch, type ComputedRef, type InjectionKey, type Ref } from 'vue';
import type { CallResponse } from '../../../src-shared/ipc/contract';
import type { FieldErrors, StationDraft } from './model';

/** The form's shared state, provided by StationForm. */
export interface StationFormContext {
  draft: StationDraft;
  isNew: boolean;
  errors: ComputedRef<FieldErrors>;
  /** Paths of the fields on screen, each with how many fields show it. */
  placed: Map<string, number>;
  /** An SA update key entered in this form (hex), sent once with the station; null when none. */
  enteredKey: Ref<string | null>;
  /** How the host keeps entered keys (app.info), null when not known. */
  secretStorage: ComputedRef<SecretStorage | null>;
}

/** How the host keeps secrets entered in the UI (app.info's `secretStorage`). */
export type SecretStorage = CallResponse<'app.info'>['secretStorage'];

/** The injection key of {@link StationFormContext}. */
export const STATION_FORM: InjectionKey<StationFormContext> = Symbol('station-form');

/** The form context; only inside a StationForm. */
export function useStationForm(): StationFormContext {
  const context = inject(STATION_FORM);
  if (!context) throw new Error('station form sections must be used inside StationForm');
  return context;
}

/** The input id of a field path (`transport.port` -> `station-transport-port`). */
function fieldId(path: string): string {
  return `station-${path.replace(/\./g, '-')}`;
}

/** The id of the element showing a field's error. */
function errorId(path: string): string {
  return `station-err-${path.replace(/\./g, '-')}`;
}

/** A field's ids and error; the field counts as on screen while the component lives. */
export function useField(path: () => string) {
  const form = useStationForm();
  const count = (key: string, by: number) => {
    const next = (form.placed.get(key) ?? 0) + by;
    if (next > 0) form.placed.set(key, next);
    else form.placed.delete(key);
  };
  watch(
    path,
    (now, before) => {
      if (before !== undefined) count(before, -1);
      count(now, 1);
    },
    { immediate: true },
  );
  onBeforeUnmount(() => count(path(), -1));
  return {
    id: computed(() => fieldId(path())),
    errorId: computed(() => errorId(path())),
    error: computed(() => form.errors.value[path()] ?? ''),
  };
}
