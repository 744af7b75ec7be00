/**
 * Messages that carry typed arrays (the `points.batch` columns) over the headless host's
 * WebSocket as one binary frame, so that neither end turns a column into thousands of
 * JSON numbers and back. Layout (all offsets from the frame's start):
 *
 *   u32 little-endian   header length H
 *   H octets            header: the message as JSON (UTF-8), each typed array replaced
 *                       by `{ "$typed": "<constructor name>", "at": <offset>, "n": <length> }`
 *   zero padding        to a multiple of 8: the data section starts here
 *   the arrays' octets  each at a multiple of 8 from the data section's start (`at`), so
 *                       the receiver reads it in place (a view on the frame, no copy)
 *
 * Arrays are in the machine's byte order: the host and the page run on one machine (the
 * host listens on loopback only). Messages without typed arrays stay JSON text frames.
 */
import type { EventName } from './contract';
import { fail, ok, type Result } from './result';

/** The pushed events whose payloads carry typed arrays, sent as binary frames. */
export const TYPED_EVENTS: ReadonlySet<EventName> = new Set<EventName>(['points.batch']);

const TYPED = {
  Float64Array,
  Float32Array,
  Uint32Array,
  Int32Array,
  Uint16Array,
  Int16Array,
  Uint8Array,
  Int8Array,
} as const;

type TypedName = keyof typeof TYPED;
type Typed = InstanceType<(typeof TYPED)[TypedName]>;

/** A typed array's place in the frame. */
interface TypedRef {
  $typed: TypedName;
  at: number;
  n: number;
}

const align8 = (n: number): number => (n + 7) & ~7;

function typedName(value: unknown): TypedName | null {
  if (!ArrayBuffer.isView(value) || value instanceof DataView) return null;
  const name = value.constructor.name;
  return Object.hasOwn(TYPED, name) ? (name as TypedName) : null;
}

/** Encodes a message as one binary frame (see the file comment). */
export function encodeBinaryFrame(message: unknown): Uint8Array {
  const arrays: Typed[] = [];
  const starts: number[] = [];
  let offset = 0;
  const header = JSON.stringify(message, (_key, value: unknown) => {
    const name = typedName(value);
    if (name === null) return value;
    const array = value as Typed;
    const ref: TypedRef = { $typed: name, at: offset, n: array.length };
    arrays.push(array);
    starts.push(offset);
    offset = align8(offset + array.byteLength);
    return ref;
  });
  const text = new TextEncoder().encode(header);
  const base = align8(4 + text.length);
  const frame = new Uint8Array(base + offset);
  new DataView(frame.buffer).setUint32(0, text.length, true);
  frame.set(text, 4);
  for (let k = 0; k < arrays.length; k++) {
    const array = arrays[k]!;
    frame.set(new Uint8Array(array.buffer, array.byteOffset, array.byteLength), base + starts[k]!);
  }
  return frame;
}

function isTypedRef(value: object): value is TypedRef {
  return '$typed' in value && 'at' in value && 'n' in value;
}

/** One decoder for every frame (building one per frame costs more than decoding a header). */
const utf8 = new TextDecoder();

/**
 * Replaces, in place, the array references in a parsed header by views on the frame; the
 * error text of the first bad one, else null. (A walk after parsing: a JSON.parse reviver
 * would be called for every value, and costs more.)
 */
function placeArrays(value: Record<string, unknown> | unknown[], frame: ArrayBuffer, base: number): string | null {
  const keys = Array.isArray(value) ? value.keys() : Object.keys(value);
  for (const key of keys) {
    const entry = (value as Record<string | number, unknown>)[key];
    if (typeof entry !== 'object' || entry === null) continue;
    if (!isTypedRef(entry)) {
      const bad = placeArrays(entry as Record<string, unknown>, frame, base);
      if (bad !== null) return bad;
      continue;
    }
    const type = Object.hasOwn(TYPED, entry.$typed) ? TYPED[entry.$typed] : undefined;
    const end = type ? base + entry.at + entry.n * type.BYTES_PER_ELEMENT : Infinity;
    if (!type || !Number.isSafeInteger(entry.at) || !Number.isSafeInteger(entry.n) || entry.at % 8 !== 0 || entry.n < 0 || end > frame.byteLength) {
      return `a typed array reference outside the frame or of an unknown type (${String(entry.$typed)})`;
    }
    (value as Record<string | number, unknown>)[key] = new type(frame, base + entry.at, entry.n);
  }
  return null;
}

/**
 * Decodes a binary frame: the header's message with views on the frame in place of its
 * array references. `BAD_FRAME` when the frame is cut short or its references point
 * outside it.
 */
export function decodeBinaryFrame(frame: ArrayBuffer): Result<unknown> {
  if (frame.byteLength < 4) return fail('BAD_FRAME', 'a binary frame shorter than its header length');
  const length = new DataView(frame).getUint32(0, true);
  if (4 + length > frame.byteLength) return fail('BAD_FRAME', 'a binary frame shorter than its header');
  let message: unknown;
  try {
    message = JSON.parse(utf8.decode(new Uint8Array(frame, 4, length)));
  } catch {
    return fail('BAD_FRAME', 'a binary frame whose header is not JSON');
  }
  if (typeof message !== 'object' || message === null) return ok(message);
  const bad = placeArrays(message as Record<string, unknown>, frame, align8(4 + length));
  return bad === null ? ok(message) : fail('BAD_FRAME', bad);
}
