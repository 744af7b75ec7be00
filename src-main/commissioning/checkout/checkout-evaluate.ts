/**
 * Pure pass/fail of a checkout item: the observed value and quality against the expected
 * value or state the engineer entered.
 */
import type { Observation } from '../../../src-shared/ipc/schemas/commissioning';
import type { Protocol } from '../../../src-shared/session';
import { qualityProblems } from '../../../src-shared/quality';

const TRUE_WORDS = new Set(['true', 'on', '1', 'closed']);
const FALSE_WORDS = new Set(['false', 'off', '0', 'open']);

/** A verdict with its reason. */
export interface Verdict {
  pass: boolean;
  detail: string;
}

function asNumber(value: number | boolean | string): number | null {
  if (typeof value === 'boolean') return value ? 1 : 0;
  const n = typeof value === 'number' ? value : Number(value);
  return typeof value === 'string' && value.trim() === '' ? null : Number.isFinite(n) ? n : null;
}

/**
 * Compares an observation of a `protocol` point with `expected`: numbers within
 * `tolerance`; booleans with true/false/on/off/1/0; otherwise the state label (`labels`,
 * value -> text) or the text itself, ignoring case. Bad quality fails whatever the value.
 */
export function evaluate(protocol: Protocol, expected: string, tolerance: number, observed: Observation | null): Verdict {
  const want = expected.trim();
  if (want === '') return { pass: false, detail: 'no expected value entered' };
  if (!observed || observed.value === null) return { pass: false, detail: 'no value received' };
  const bad = qualityProblems(protocol, observed.quality);
  if (bad.length > 0) return { pass: false, detail: `bad quality: ${bad.join(' ')}` };
  const value = observed.value;
  const shown = observed.label ?? String(value);
  const lower = want.toLowerCase();
  if (typeof value === 'boolean' && (TRUE_WORDS.has(lower) || FALSE_WORDS.has(lower))) {
    const ok = value === TRUE_WORDS.has(lower);
    return { pass: ok, detail: ok ? `state ${shown} as expected` : `state ${shown}, expected ${want}` };
  }
  const wantNumber = asNumber(want);
  const gotNumber = asNumber(value);
  if (wantNumber !== null && gotNumber !== null) {
    const off = Number(Math.abs(gotNumber - wantNumber).toPrecision(6));
    const ok = off <= tolerance;
    return { pass: ok, detail: ok ? `${gotNumber} within ${tolerance} of ${wantNumber}` : `${gotNumber} is ${off} from ${wantNumber} (tolerance ${tolerance})` };
  }
  const ok = shown.toLowerCase() === lower || String(value).toLowerCase() === lower;
  return { pass: ok, detail: ok ? `state ${shown} as expected` : `state ${shown}, expected ${want}` };
}
