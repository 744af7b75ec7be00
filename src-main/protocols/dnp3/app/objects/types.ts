/** Shapes of the object codec table: point objects and data objects, keyed by group/variation. */
import type { PointFamily } from '../quality';

/** Values a point object carries, as read from or written to the wire. */
export interface PointData {
  /** Flag octet (or status octet for command events); 0x01 (ONLINE) for variations without flags. */
  flags: number;
  /** Numeric value, boolean state, double-bit state 0-3, or hex for octet strings. */
  value: number | boolean | string;
  /** Absolute time in ms since the epoch (UTC), or null. */
  time: number | null;
}

/** Scratch a point codec reads into; `cto` is the common time of occurrence in effect. */
export interface PointScratch extends PointData {
  cto: number | null;
}

/** A point object variation (static value, event, or command event). */
export interface PointCodec {
  kind: 'point';
  group: number;
  variation: number;
  /** `g30v1`. */
  type: string;
  family: PointFamily;
  /** True for event (change) objects. */
  event: boolean;
  /** Octets per object; 0 for packed bits. */
  size: number;
  /** Bits per object when packed (1 or 2); 0 otherwise. */
  bits: number;
  /** Reads one object at `off` (packed: `off` is the already extracted bits). */
  read(dv: DataView, off: number, s: PointScratch): void;
  /** Writes one object at `off` (packed codecs are written by the fragment writer). */
  write(dv: DataView, off: number, p: PointData): void;
}

/** Plain values of a data object. */
export type DataValue = Record<string, number | string | boolean | null>;

/** A non-point object variation (controls, time, delay, attributes). */
export interface DataCodec {
  kind: 'data';
  group: number;
  variation: number;
  type: string;
  /** Octets per object, or -1 when the object says its own length (g0 attributes). */
  size: number;
  /** Octets the object at `off` takes (for self-sized objects), or -1 when truncated. */
  sizeAt(dv: DataView, off: number): number;
  /** Reads the object at `off`; `size` is the octets it takes (from its size prefix, when it has one). */
  read(dv: DataView, off: number, size: number): DataValue;
  /** Writes the object; returns the octets written. */
  write(dv: DataView, off: number, v: DataValue): number;
  /** Octets `v` needs when written. */
  lengthOf(v: DataValue): number;
  /** Set when an object of variable size must come with a size prefix (qualifier 0x5B), as g120 objects do. */
  sizePrefixed?: true;
}

/** Either kind of codec. */
export type ObjectCodec = PointCodec | DataCodec;
