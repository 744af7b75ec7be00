/**
 * DNP3 link-layer frame (IEEE 1815-2012 clause 9): 0x05 0x64, LENGTH, CONTROL,
 * DESTINATION (LE), SOURCE (LE), header CRC, then user data in blocks of up to 16 octets,
 * each followed by its CRC. LENGTH counts CONTROL, addresses and user data (5..255).
 */
import { copyIfCrcMatches, crcDnp, crcMatches } from './crc';

/** Most user-data octets one link frame carries. */
const MAX_LINK_USER_DATA = 250;
/** Octets of the link header including its CRC. */
export const LINK_HEADER_SIZE = 10;
/** Largest address a device may have: 0xFFF0-0xFFFF are reserved (0xFFFD-0xFFFF broadcast). */
export const MAX_DEVICE_ADDRESS = 0xffef;

/** Link function codes by name (primary when PRM = 1, secondary when PRM = 0). */
export const LinkFunction = {
  RESET_LINK_STATES: 0,
  TEST_LINK_STATES: 2,
  CONFIRMED_USER_DATA: 3,
  UNCONFIRMED_USER_DATA: 4,
  REQUEST_LINK_STATUS: 9,
  ACK: 0,
  NACK: 1,
  LINK_STATUS: 11,
  NOT_SUPPORTED: 15,
} as const;

const PRIMARY_NAMES: Record<number, string> = {
  0: 'RESET_LINK_STATES',
  2: 'TEST_LINK_STATES',
  3: 'CONFIRMED_USER_DATA',
  4: 'UNCONFIRMED_USER_DATA',
  9: 'REQUEST_LINK_STATUS',
};
const SECONDARY_NAMES: Record<number, string> = { 0: 'ACK', 1: 'NACK', 11: 'LINK_STATUS', 15: 'NOT_SUPPORTED' };

/** Name of a link function given the PRM bit; `UNKNOWN(n)` when undefined. */
export function linkFunctionName(prm: boolean, func: number): string {
  return (prm ? PRIMARY_NAMES : SECONDARY_NAMES)[func] ?? `UNKNOWN(${func})`;
}

/** One decoded link frame. */
export interface LinkFrame {
  /** DIR: true when sent by a master. */
  dir: boolean;
  /** PRM: true for a primary (initiating) frame. */
  prm: boolean;
  /** FCB (primary) frame count bit. */
  fcb: boolean;
  /** FCV (primary) or DFC (secondary) bit. */
  fcvDfc: boolean;
  /** Function code, 4 bits. */
  func: number;
  destination: number;
  source: number;
  /** User data with the block CRCs removed. */
  payload: Uint8Array;
}

/** Frame fields an encoder needs; FCB and FCV/DFC default to false. */
export type LinkFrameSpec = Omit<LinkFrame, 'fcb' | 'fcvDfc' | 'payload'> & {
  fcb?: boolean;
  fcvDfc?: boolean;
  payload?: Uint8Array;
};

/** Typed link decode error. */
export type LinkError =
  | { code: 'BAD_START'; message: string }
  | { code: 'BAD_LENGTH'; length: number; message: string }
  | { code: 'BAD_HEADER_CRC'; message: string }
  | { code: 'BAD_BLOCK_CRC'; block: number; message: string }
  | { code: 'TRUNCATED'; message: string };

/** Outcome of decoding one frame. */
export type LinkDecodeResult = { ok: true; frame: LinkFrame } | { ok: false; error: LinkError };

/** Total octets on the wire for a frame whose LENGTH octet is `length`. */
export function frameSizeForLength(length: number): number {
  const user = length - 5;
  return LINK_HEADER_SIZE + user + 2 * Math.ceil(user / 16);
}

/** Encodes one link frame; throws only for a programmer error (payload over 250 octets). */
export function encodeLinkFrame(spec: LinkFrameSpec): Uint8Array {
  const payload = spec.payload ?? new Uint8Array(0);
  if (payload.length > MAX_LINK_USER_DATA) throw new RangeError('link payload over 250 octets');
  const out = new Uint8Array(frameSizeForLength(payload.length + 5));
  out[0] = 0x05;
  out[1] = 0x64;
  out[2] = payload.length + 5;
  // CONTROL: bit7 DIR, bit6 PRM, bit5 FCB, bit4 FCV/DFC, bits0-3 function
  out[3] =
    (spec.dir ? 0x80 : 0) | (spec.prm ? 0x40 : 0) | (spec.fcb ? 0x20 : 0) | (spec.fcvDfc ? 0x10 : 0) | (spec.func & 0x0f);
  out[4] = spec.destination & 0xff;
  out[5] = (spec.destination >>> 8) & 0xff;
  out[6] = spec.source & 0xff;
  out[7] = (spec.source >>> 8) & 0xff;
  writeCrc(out, 0, 8);
  let w = LINK_HEADER_SIZE;
  for (let r = 0; r < payload.length; r += 16) {
    const n = Math.min(16, payload.length - r);
    out.set(payload.subarray(r, r + n), w);
    writeCrc(out, w, w + n);
    w += n + 2;
  }
  return out;
}

function writeCrc(out: Uint8Array, start: number, at: number): void {
  const crc = crcDnp(out, start, at);
  out[at] = crc & 0xff;
  out[at + 1] = crc >>> 8;
}

/**
 * Decodes exactly one whole frame held in `bytes` (as the framer yields it). Never throws.
 * The payload is copied into an array from `alloc` (the framer passes a ByteSlab's).
 */
export function decodeLinkFrame(bytes: Uint8Array, alloc: (length: number) => Uint8Array = (n) => new Uint8Array(n)): LinkDecodeResult {
  if (bytes.length < LINK_HEADER_SIZE) return fail({ code: 'TRUNCATED', message: 'shorter than a link header' });
  if (bytes[0] !== 0x05 || bytes[1] !== 0x64) return fail({ code: 'BAD_START', message: 'no 0x05 0x64 start' });
  const length = bytes[2]!;
  if (length < 5) return fail({ code: 'BAD_LENGTH', length, message: `LENGTH ${length} under 5` });
  if (!crcMatches(bytes, 0, 8)) return fail({ code: 'BAD_HEADER_CRC', message: 'header CRC mismatch' });
  const size = frameSizeForLength(length);
  if (bytes.length < size) return fail({ code: 'TRUNCATED', message: `needs ${size} octets, has ${bytes.length}` });
  const user = length - 5;
  const payload = alloc(user);
  let r = LINK_HEADER_SIZE;
  for (let w = 0, block = 0; w < user; block++) {
    const n = Math.min(16, user - w);
    if (!copyIfCrcMatches(bytes, r, r + n, payload, w)) {
      return fail({ code: 'BAD_BLOCK_CRC', block, message: `user data block ${block} CRC mismatch` });
    }
    w += n;
    r += n + 2;
  }
  return { ok: true, frame: linkHeaderOf(bytes, payload) };
}

/** The header fields of the (at least 8) octets of a frame, unchecked, with `payload`. */
export function linkHeaderOf(bytes: Uint8Array, payload: Uint8Array = new Uint8Array(0)): LinkFrame {
  const c = bytes[3]!;
  return {
    dir: (c & 0x80) !== 0,
    prm: (c & 0x40) !== 0,
    fcb: (c & 0x20) !== 0,
    fcvDfc: (c & 0x10) !== 0,
    func: c & 0x0f,
    destination: bytes[4]! | (bytes[5]! << 8),
    source: bytes[6]! | (bytes[7]! << 8),
    payload,
  };
}

function fail(error: LinkError): LinkDecodeResult {
  return { ok: false, error };
}

/** Offset in the raw frame of user-data octet `i` (skipping the block CRCs). */
export function rawOffsetOfUserOctet(i: number): number {
  return LINK_HEADER_SIZE + i + 2 * Math.floor(i / 16);
}
