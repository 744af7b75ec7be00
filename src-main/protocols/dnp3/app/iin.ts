/**
 * Internal indications (IEEE 1815-2012 clause 4.2.2.7). As a 16-bit number IIN1 is the
 * low octet and IIN2 the high octet (so DEVICE_RESTART is 0x0080, NO_FUNC_CODE_SUPPORT 0x0100).
 */
import type { IinRequestError } from '../../../../src-shared/command-results';

/** IIN bits by name (IIN1 low octet, IIN2 high octet). */
export const Iin = {
  BROADCAST: 0x0001,
  CLASS_1_EVENTS: 0x0002,
  CLASS_2_EVENTS: 0x0004,
  CLASS_3_EVENTS: 0x0008,
  NEED_TIME: 0x0010,
  LOCAL_CONTROL: 0x0020,
  DEVICE_TROUBLE: 0x0040,
  DEVICE_RESTART: 0x0080,
  NO_FUNC_CODE_SUPPORT: 0x0100,
  OBJECT_UNKNOWN: 0x0200,
  PARAMETER_ERROR: 0x0400,
  EVENT_BUFFER_OVERFLOW: 0x0800,
  ALREADY_EXECUTING: 0x1000,
  CONFIG_CORRUPT: 0x2000,
  RESERVED_2: 0x4000,
  RESERVED_1: 0x8000,
} as const;

const ENTRIES = Object.entries(Iin);

/** Names of the set bits, IIN1 bit 0 first. */
export function iinWords(iin: number): string[] {
  const out: string[] = [];
  for (const [name, bit] of ENTRIES) if (iin & bit) out.push(name);
  return out;
}

/** The first request-error IIN name (NO_FUNC_CODE_SUPPORT, OBJECT_UNKNOWN, PARAMETER_ERROR) or null. */
export function iinRequestError(iin: number): IinRequestError | null {
  if (iin & Iin.NO_FUNC_CODE_SUPPORT) return 'NO_FUNC_CODE_SUPPORT';
  if (iin & Iin.OBJECT_UNKNOWN) return 'OBJECT_UNKNOWN';
  if (iin & Iin.PARAMETER_ERROR) return 'PARAMETER_ERROR';
  return null;
}

/** IIN bits that explain a refused request: request errors, local control and device state. */
const REQUEST_CONTEXT = Iin.NO_FUNC_CODE_SUPPORT | Iin.OBJECT_UNKNOWN | Iin.PARAMETER_ERROR | Iin.ALREADY_EXECUTING | Iin.LOCAL_CONTROL | Iin.DEVICE_TROUBLE | Iin.CONFIG_CORRUPT;

/** Names of the IIN bits that give a refused request its context (e.g. PARAMETER_ERROR, LOCAL_CONTROL). */
export function iinRequestContext(iin: number): string[] {
  return iinWords(iin & REQUEST_CONTEXT);
}
