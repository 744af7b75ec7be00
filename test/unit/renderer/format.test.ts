import { describe, expect, it } from 'vitest';
import { age, dateTime, timeOfDay } from '../../../src-renderer/util/format';

/** `HH:mm:ss.SSS` straight from a Date, the reference the cached formatter must match. */
function reference(ms: number): string {
  const d = new Date(ms);
  const pad = (n: number, width = 2) => String(n).padStart(width, '0');
  return `${pad(d.getHours())}:${pad(d.getMinutes())}:${pad(d.getSeconds())}.${pad(d.getMilliseconds(), 3)}`;
}

describe('timeOfDay', () => {
  it('formats local time to the millisecond as a Date does, across seconds, minutes and days, cached or not', () => {
    const base = new Date(2026, 2, 29, 23, 59, 58, 0).getTime();
    const times = [0, 1, 999, 1000, 1001, 1999.7, 2000, 2500, 86_400_000 + 7].map((d) => base + d);
    for (const ms of [...times, ...times]) expect(timeOfDay(ms)).toBe(reference(ms));
    expect(timeOfDay(-1500)).toBe(reference(-1500));
    expect(timeOfDay(null)).toBe('');
  });

  it('stays right after formatting more seconds than it caches', () => {
    const base = Date.UTC(2026, 0, 1);
    for (let s = 0; s < 600; s++) timeOfDay(base + s * 1000);
    expect(timeOfDay(base + 123_456)).toBe(reference(base + 123_456));
    const d = new Date(base);
    expect(dateTime(base + 1)).toBe(`${d.getFullYear()}-${String(d.getMonth() + 1).padStart(2, '0')}-${String(d.getDate()).padStart(2, '0')} ${reference(base + 1)}`);
  });
});

describe('age', () => {
  it('counts whole seconds (its text changes at most once a second), then minutes and hours', () => {
    const now = 1_000_000;
    expect(age(null, now)).toBe('');
    expect(age(now, now)).toBe('0 s');
    expect(age(now - 999, now)).toBe('0 s');
    expect(age(now - 1000, now)).toBe('1 s');
    expect(age(now - 9_999, now)).toBe('9 s');
    expect(age(now - 119_999, now)).toBe('119 s');
    expect(age(now - 120_000, now)).toBe('2 min');
    expect(age(now - 7_200_000, now)).toBe('2 h');
    expect(age(now + 5000, now)).toBe('0 s'); // a clock ahead of ours: not a negative age
  });
});
