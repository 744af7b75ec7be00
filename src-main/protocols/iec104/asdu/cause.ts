/**
 * Causes of transmission (IEC 60870-5-101 7.2.3) by number and short name, and the
 * groupings the master needs.
 */
import type { UnknownCauseResult } from '../../../../src-shared/command-results';

const NAMES: Readonly<Record<number, string>> = (() => {
  const names: Record<number, string> = {
    1: 'percyc',
    2: 'back',
    3: 'spont',
    4: 'init',
    5: 'req',
    6: 'act',
    7: 'actcon',
    8: 'deact',
    9: 'deactcon',
    10: 'actterm',
    11: 'retrem',
    12: 'retloc',
    13: 'file',
    20: 'inrogen',
    37: 'reqcogen',
    44: 'unknowntype',
    45: 'unknowncause',
    46: 'unknownca',
    47: 'unknownioa',
  };
  for (let g = 1; g <= 16; g++) names[20 + g] = `inro${g}`;
  for (let g = 1; g <= 4; g++) names[37 + g] = `reqco${g}`;
  return Object.freeze(names);
})();

/** Numeric causes used by the stacks. */
export const Cot = Object.freeze({
  PERIODIC: 1,
  BACKGROUND: 2,
  SPONTANEOUS: 3,
  INITIALIZED: 4,
  REQUEST: 5,
  ACTIVATION: 6,
  ACTIVATION_CON: 7,
  DEACTIVATION: 8,
  DEACTIVATION_CON: 9,
  ACTIVATION_TERM: 10,
  RETURN_REMOTE: 11,
  RETURN_LOCAL: 12,
  FILE: 13,
  INTERROGATED_STATION: 20,
  COUNTER_GENERAL: 37,
  UNKNOWN_TYPE: 44,
  UNKNOWN_CAUSE: 45,
  UNKNOWN_CA: 46,
  UNKNOWN_IOA: 47,
});

/** Short name of a cause (`spont`, `inrogen`, `retrem`...), or `cot<N>` for a reserved value. */
export function causeName(cause: number): string {
  return NAMES[cause] ?? `cot${cause}`;
}

/** True for a defined cause (1-13, 20-41, 44-47). */
export function isDefinedCause(cause: number): boolean {
  return NAMES[cause] !== undefined;
}

/** True for the causes of interrogated data (20 station, 21-36 groups). */
export function isInterrogationCause(cause: number): boolean {
  return cause >= 20 && cause <= 36;
}

/** True for the causes of counter interrogation data (37 general, 38-41 groups). */
export function isCounterCause(cause: number): boolean {
  return cause >= 37 && cause <= 41;
}

/** The failure code for the unknown-type/cause/CA/IOA causes 44-47, else undefined. */
export function unknownCauseCode(cause: number): UnknownCauseResult | undefined {
  switch (cause) {
    case Cot.UNKNOWN_TYPE:
      return 'UNKNOWN_TYPE';
    case Cot.UNKNOWN_CAUSE:
      return 'UNKNOWN_CAUSE';
    case Cot.UNKNOWN_CA:
      return 'UNKNOWN_CA';
    case Cot.UNKNOWN_IOA:
      return 'UNKNOWN_IOA';
    default:
      return undefined;
  }
}

const BY_NAME: ReadonlyMap<string, number> = new Map(Object.entries(NAMES).map(([n, name]) => [name, Number(n)]));

/** The cause of a short name (`act`, `spont`, `inro5`..., any case), or undefined. */
export function causeByName(name: string): number | undefined {
  return BY_NAME.get(name.trim().toLowerCase());
}
