/** Formatting shared by the views: times, ages, values and errors, always as text. */
import type { ResultError } from '../../src-shared/ipc/result';

const pad = (n: number, width = 2): string => String(n).padStart(width, '0');

/** `HH:mm:ss.` of the seconds formatted lately, by second since the epoch (a table shows a few seconds over and over). */
const secondPrefixes = new Map<number, string>();
const SECOND_PREFIXES = 256;

/** `HH:mm:ss.` local time of a second since the epoch, from the cache when it was formatted lately. */
function secondPrefix(second: number): string {
  let prefix = secondPrefixes.get(second);
  if (prefix === undefined) {
    if (secondPrefixes.size >= SECOND_PREFIXES) secondPrefixes.clear();
    const d = new Date(second * 1000);
    prefix = `${pad(d.getHours())}:${pad(d.getMinutes())}:${pad(d.getSeconds())}.`;
    secondPrefixes.set(second, prefix);
  }
  return prefix;
}

/** `HH:mm:ss.SSS` local time, or an empty string for null (no Date built for a second formatted lately). */
export function timeOfDay(ms: number | null): string {
  if (ms === null) return '';
  const t = Math.trunc(ms); // as Date takes it
  const second = Math.floor(t / 1000);
  return secondPrefix(second) + pad(t - second * 1000, 3);
}

/** `YYYY-MM-DD HH:mm:ss.SSS` local time, or an empty string for null. */
export function dateTime(ms: number | null): string {
  if (ms === null) return '';
  const d = new Date(ms);
  return `${d.getFullYear()}-${pad(d.getMonth() + 1)}-${pad(d.getDate())} ${timeOfDay(ms)}`;
}

/**
 * A short age such as `0 s`, `12 s`, `5 min`, `3 h`: whole seconds at most, so the text
 * changes at most once a second (the received time beside it has the milliseconds).
 */
export function age(ms: number | null, now: number): string {
  if (ms === null) return '';
  const seconds = Math.max(0, (now - ms) / 1000);
  if (seconds < 120) return `${Math.floor(seconds)} s`;
  if (seconds < 7200) return `${Math.round(seconds / 60)} min`;
  return `${Math.round(seconds / 3600)} h`;
}

/** A number with up to `digits` decimals, trailing zeros dropped. */
export function number(value: number, digits = 3): string {
  if (!Number.isFinite(value)) return String(value);
  return Number(value.toFixed(digits)).toString();
}

const integerFormat = new Intl.NumberFormat(undefined, { maximumFractionDigits: 0 });

/** An integer with grouping (one shared formatter: `toLocaleString` per cell is slow). */
export function integer(value: number): string {
  return integerFormat.format(value);
}

/** `CODE: message` of a failed call. */
export function errorText(error: ResultError): string {
  return `${error.code}: ${error.message}`;
}

/** `Protocol` as people read it. */
export function protocolName(protocol: string): string {
  return protocol === 'dnp3' ? 'DNP3' : protocol === 'iec104' ? 'IEC 104' : protocol;
}

/** `HH:mm:ss` on the day of `now`, else `YYYY-MM-DD HH:mm`; empty for null. */
export function shortDateTime(ms: number | null, now: number): string {
  if (ms === null) return '';
  const full = dateTime(ms);
  return full.slice(0, 10) === dateTime(now).slice(0, 10) ? full.slice(11, 19) : full.slice(0, 16);
}

/** Two-digit upper-case hex of a byte. */
export function hexByte(byte: number): string {
  return byte.toString(16).toUpperCase().padStart(2, '0');
}
