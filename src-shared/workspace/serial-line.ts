/**
 * A serial line's settings as the workspace stores them (DNP3 over RS-232/RS-485), and
 * the rule that stations sharing a port agree on them: one port is one channel, and its
 * baud rate and character format belong to the line, not to a station.
 */
import * as v from 'valibot';

/** The settings of one serial port (shared by every station on it). */
export const SerialSettings = v.object({
  /** OS path of the port (`/dev/ttyUSB0`, `COM3`). */
  path: v.pipe(v.string(), v.minLength(1), v.maxLength(260)),
  baudRate: v.optional(v.pipe(v.number(), v.integer(), v.minValue(50), v.maxValue(4_000_000)), 9600),
  dataBits: v.optional(v.picklist([7, 8]), 8),
  parity: v.optional(v.picklist(['none', 'even', 'odd']), 'none'),
  stopBits: v.optional(v.picklist([1, 2]), 1),
  /** RS-485 two-wire: RTS drives the transceiver's direction while we transmit. */
  rs485: v.optional(v.boolean(), false),
  /** Minimum silence on the line before we transmit (inter-frame gap), ms. */
  interFrameGapMs: v.optional(v.pipe(v.number(), v.integer(), v.minValue(0), v.maxValue(10_000)), 0),
});

/** A serial line's settings after defaults. */
export type SerialLineSettings = v.InferOutput<typeof SerialSettings>;

const LINE_KEYS = ['baudRate', 'dataBits', 'parity', 'stopBits', 'rs485', 'interFrameGapMs'] as const;

/**
 * The first setting in which two users of one port disagree, as `baudRate 9600 vs 19200`;
 * null when they agree.
 */
export function lineDifference(a: SerialLineSettings, b: SerialLineSettings): string | null {
  for (const key of LINE_KEYS) {
    if (a[key] !== b[key]) return `${key} ${String(a[key])} vs ${String(b[key])}`;
  }
  return null;
}

/** What the port rule needs of a station. */
interface SerialStation {
  id: string;
  transport: { kind: string; serial?: SerialLineSettings };
  dnp3: { outstationAddress: number };
}

/**
 * Why the stations' serial ports do not fit together, or null: stations on one port must
 * agree on its settings and have different outstation addresses (frames are routed by it).
 */
export function serialPortConflict(stations: readonly SerialStation[]): string | null {
  const first = new Map<string, SerialStation>();
  for (const station of stations) {
    const line = station.transport.kind === 'serial' ? station.transport.serial : undefined;
    if (!line) continue;
    const other = first.get(line.path);
    if (!other) {
      first.set(line.path, station);
      continue;
    }
    const difference = lineDifference(other.transport.serial!, line);
    if (difference !== null) return `stations ${other.id} and ${station.id} share serial port ${line.path} but differ in ${difference}; the settings of one port must agree`;
    if (other.dnp3.outstationAddress === station.dnp3.outstationAddress) {
      return `stations ${other.id} and ${station.id} share serial port ${line.path} with the same outstation address ${station.dnp3.outstationAddress}; each station on a line needs its own`;
    }
  }
  return null;
}
