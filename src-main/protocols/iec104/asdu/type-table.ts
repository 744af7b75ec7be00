/**
 * The type table: every supported type identification with its name, element size and
 * codec, assembled from the family files.
 */
import { CONTROL_TYPES } from './types-control';
import { COUNTER_PROTECTION_TYPES } from './types-counter-protection';
import { FILE_TYPES } from './types-file';
import { MEASURED_TYPES } from './types-measured';
import { STATUS_TYPES } from './types-status';
import { SYSTEM_TYPES } from './types-system';
import type { TypeSpec } from './types';

const ALL: readonly TypeSpec[] = [
  ...STATUS_TYPES,
  ...MEASURED_TYPES,
  ...COUNTER_PROTECTION_TYPES,
  ...CONTROL_TYPES,
  ...SYSTEM_TYPES,
  ...FILE_TYPES,
];

const BY_ID: ReadonlyArray<TypeSpec | undefined> = (() => {
  const table = new Array<TypeSpec | undefined>(256).fill(undefined);
  for (const t of ALL) table[t.id] = t;
  return table;
})();

const BY_NAME: ReadonlyMap<string, TypeSpec> = new Map(ALL.map((t) => [t.name, t]));

/** The row of a type id, or undefined for an unsupported type. */
export function typeSpec(id: number): TypeSpec | undefined {
  return BY_ID[id];
}

/** The row of a type name such as `C_SC_NA_1`. */
export function typeByName(name: string): TypeSpec | undefined {
  return BY_NAME.get(name);
}

/** The name of a type id, or `type<N>` when unsupported. */
export function typeName(id: number): string {
  return BY_ID[id]?.name ?? `type${id}`;
}

/** Every supported type, in type-id order. */
export function allTypes(): readonly TypeSpec[] {
  return [...ALL].sort((a, b) => a.id - b.id);
}
