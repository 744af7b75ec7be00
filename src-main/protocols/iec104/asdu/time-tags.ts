/**
 * Binary time types of IEC 60870-5-4 as used by IEC 101/104: CP56Time2a (seven octets),
 * CP24Time2a (three octets) and CP16Time2a (two octets of milliseconds).
 */
import type { Cp24Time, Cp56Time } from './types';

/** Size of CP56Time2a in octets. */
export const CP56_SIZE = 7;
/** Size of CP24Time2a in octets. */
export const CP24_SIZE = 3;

/** Reads CP56Time2a at `o`; the calendar fields are read as UTC. */
export function readCp56(b: Uint8Array, o: number): Cp56Time {
  const ms = (b[o] as number) | ((b[o + 1] as number) << 8); // octets 1-2: milliseconds 0..59999
  const min = b[o + 2] as number; // bits 1-6 minutes, bit 8 IV
  const hour = b[o + 3] as number; // bits 1-5 hours, bit 8 SU
  const day = b[o + 4] as number; // bits 1-5 day of month, bits 6-8 day of week
  const month = (b[o + 5] as number) & 0x0f;
  const year = (b[o + 6] as number) & 0x7f;
  return {
    kind: 'cp56',
    epochMs: Date.UTC(2000 + year, month - 1, day & 0x1f, hour & 0x1f, min & 0x3f) + ms,
    iv: (min & 0x80) !== 0,
    su: (hour & 0x80) !== 0,
    dayOfWeek: day >> 5,
  };
}

/** Writes CP56Time2a at `o` from the epoch time's UTC calendar fields. */
export function writeCp56(b: Uint8Array, o: number, t: Cp56Time): void {
  const d = new Date(t.epochMs);
  const ms = d.getUTCSeconds() * 1000 + d.getUTCMilliseconds();
  b[o] = ms & 0xff;
  b[o + 1] = ms >> 8;
  b[o + 2] = d.getUTCMinutes() | (t.iv ? 0x80 : 0);
  b[o + 3] = d.getUTCHours() | (t.su ? 0x80 : 0);
  b[o + 4] = d.getUTCDate() | ((t.dayOfWeek & 7) << 5);
  b[o + 5] = d.getUTCMonth() + 1;
  b[o + 6] = (d.getUTCFullYear() - 2000) & 0x7f;
}

/** A valid CP56Time2a for an epoch time, with the day of week (1 = Monday .. 7 = Sunday). */
export function cp56FromEpoch(epochMs: number, su = false): Cp56Time {
  const dow = new Date(epochMs).getUTCDay();
  return { kind: 'cp56', epochMs, iv: false, su, dayOfWeek: dow === 0 ? 7 : dow };
}

/** Reads CP24Time2a at `o`. */
export function readCp24(b: Uint8Array, o: number): Cp24Time {
  const ms = (b[o] as number) | ((b[o + 1] as number) << 8);
  const min = b[o + 2] as number;
  return { kind: 'cp24', msOfHour: (min & 0x3f) * 60_000 + ms, iv: (min & 0x80) !== 0 };
}

/** Writes CP24Time2a at `o`. */
export function writeCp24(b: Uint8Array, o: number, t: Cp24Time): void {
  const ms = t.msOfHour % 60_000;
  b[o] = ms & 0xff;
  b[o + 1] = ms >> 8;
  b[o + 2] = (Math.floor(t.msOfHour / 60_000) & 0x3f) | (t.iv ? 0x80 : 0);
}

/**
 * Places a CP24Time2a (time within the hour) on the wall clock: the instant with that
 * minute and millisecond nearest to `wallMs` (a device's event is at most half an hour old).
 */
export function resolveCp24(t: Cp24Time, wallMs: number): number {
  const hourStart = wallMs - (wallMs % 3_600_000);
  let at = hourStart + t.msOfHour;
  if (at - wallMs > 1_800_000) at -= 3_600_000;
  else if (wallMs - at > 1_800_000) at += 3_600_000;
  return at;
}

/** Reads CP16Time2a (milliseconds 0..59999) at `o`. */
export function readCp16(b: Uint8Array, o: number): number {
  return (b[o] as number) | ((b[o + 1] as number) << 8);
}

/** Writes CP16Time2a at `o`. */
export function writeCp16(b: Uint8Array, o: number, ms: number): void {
  b[o] = ms & 0xff;
  b[o + 1] = (ms >> 8) & 0xff;
}
