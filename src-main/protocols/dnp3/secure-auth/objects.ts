/**
 * The Secure Authentication objects of IEEE 1815-2012 clause A.45 (group 120), one field
 * table per variation that drives decoding, encoding and the analyzer's fields:
 *
 * | var | object | fields (little-endian) |
 * |-----|--------|------------------------|
 * | 1 | challenge | CSQ u32, USR u16, MAL u8, RSN u8, challenge data (rest) |
 * | 2 | reply | CSQ u32, USR u16, MAC (rest) |
 * | 3 | aggressive mode request | CSQ u32, USR u16 |
 * | 4 | session key status request | USR u16 |
 * | 5 | session key status | KSQ u32, USR u16, KWA u8, KST u8, MAL u8, CDL u16, challenge data (CDL), MAC (rest) |
 * | 6 | session key change | KSQ u32, USR u16, wrapped key data (rest) |
 * | 7 | error | CSQ u32, USR u16, AID u16, ERR u8, time of error (DNP3 time), error text (rest) |
 * | 9 | MAC | MAC (rest) |
 *
 * The variable-size variations travel with qualifier 0x5B (free format: count of 1 octet,
 * each object prefixed by its size in 2 octets); v3 and v4 are fixed size under 0x07.
 */
import type { SaErrorName } from '../../../../src-shared/command-results';
import { FIELD_SIZE, readField, writeField } from '../app/objects/data-codec';

/** The g120 variations this codec knows. */
export type AuthVariation = 1 | 2 | 3 | 4 | 5 | 6 | 7 | 9;

type FieldKind = 'u8' | 'u16' | 'u32' | 't48' | 'cdl-octets' | 'rest';

interface FieldSpec {
  key: string;
  /** Name as the standard abbreviates it (CSQ, USR, ...) and what it is. */
  name: string;
  kind: FieldKind;
  /** Names of the field's codes. */
  names?: Record<number, string>;
}

/** g120 MAL codes (IEEE 1815-2012): the SHA-1 ones are deprecated. */
const MAC_ALGORITHM_NAMES: Record<number, string> = {
  0: 'no MAC',
  1: 'HMAC-SHA-1/4 (serial)',
  2: 'HMAC-SHA-1/10 (networked)',
  3: 'HMAC-SHA-256/8 (serial)',
  4: 'HMAC-SHA-256/16 (networked)',
  5: 'HMAC-SHA-1/8 (serial)',
  6: 'AES-GMAC',
};

/** g120v5 KST key status codes. */
export const KEY_STATUS_NAMES: Record<number, string> = { 1: 'OK', 2: 'NOT_INIT', 3: 'COMM_FAIL', 4: 'AUTH_FAIL' };

/** g120v5 KWA codes. */
const KEY_WRAP_NAMES: Record<number, string> = { 1: 'AES-128 key wrap', 2: 'AES-256 key wrap' };

/** g120v7 ERR codes by name (11, "unknown user" in the standard, is a user without an update key here). */
export const AUTH_ERROR_NAMES: Record<number, SaErrorName> = {
  1: 'AUTHENTICATION_FAILED',
  2: 'UNEXPECTED_REPLY',
  3: 'NO_REPLY',
  4: 'AGGRESSIVE_MODE_NOT_PERMITTED',
  5: 'MAC_ALGORITHM_NOT_PERMITTED',
  6: 'KEY_WRAP_ALGORITHM_NOT_PERMITTED',
  7: 'AUTHORIZATION_FAILED',
  8: 'UPDATE_KEY_CHANGE_METHOD_NOT_PERMITTED',
  9: 'INVALID_SIGNATURE',
  10: 'INVALID_CERTIFICATION_DATA',
  11: 'UPDATE_KEY_NOT_KNOWN',
};

/** g120v7 ERR codes as constants. */
export const AuthErrorCode = {
  AUTHENTICATION_FAILED: 1,
  UNEXPECTED_REPLY: 2,
  NO_REPLY: 3,
  AGGRESSIVE_MODE_NOT_PERMITTED: 4,
  MAC_ALGORITHM_NOT_PERMITTED: 5,
  KEY_WRAP_ALGORITHM_NOT_PERMITTED: 6,
  AUTHORIZATION_FAILED: 7,
  UPDATE_KEY_NOT_KNOWN: 11,
} as const;

const CSQ: FieldSpec = { key: 'csq', name: 'CSQ challenge sequence number', kind: 'u32' };
const KSQ: FieldSpec = { key: 'ksq', name: 'KSQ key change sequence number', kind: 'u32' };
const USR: FieldSpec = { key: 'user', name: 'USR user number', kind: 'u16' };
const MAL: FieldSpec = { key: 'mal', name: 'MAL MAC algorithm', kind: 'u8', names: MAC_ALGORITHM_NAMES };
const MAC: FieldSpec = { key: 'mac', name: 'MAC value', kind: 'rest' };

const LAYOUTS: Record<AuthVariation, FieldSpec[]> = {
  1: [CSQ, USR, MAL, { key: 'reason', name: 'RSN reason for challenge', kind: 'u8', names: { 1: 'CRITICAL' } }, { key: 'challengeData', name: 'challenge data', kind: 'rest' }],
  2: [CSQ, USR, MAC],
  3: [CSQ, USR],
  4: [USR],
  5: [
    KSQ,
    USR,
    { key: 'kwa', name: 'KWA key wrap algorithm', kind: 'u8', names: KEY_WRAP_NAMES },
    { key: 'status', name: 'KST key status', kind: 'u8', names: KEY_STATUS_NAMES },
    MAL,
    { key: 'cdl', name: 'CDL challenge data length', kind: 'u16' },
    { key: 'challengeData', name: 'challenge data', kind: 'cdl-octets' },
    MAC,
  ],
  6: [KSQ, USR, { key: 'wrappedKeyData', name: 'wrapped key data', kind: 'rest' }],
  7: [
    CSQ,
    USR,
    { key: 'aid', name: 'AID association ID', kind: 'u16' },
    { key: 'error', name: 'ERR error code', kind: 'u8', names: AUTH_ERROR_NAMES },
    { key: 'time', name: 'time of error', kind: 't48' },
    { key: 'text', name: 'error text', kind: 'rest' },
  ],
  9: [MAC],
};

const FIXED = FIELD_SIZE;

/** True for a g120 variation this codec knows. */
export function isAuthVariation(v: number): v is AuthVariation {
  return v in LAYOUTS;
}

/** True for v3 and v4, which have a fixed size and no size prefix (qualifier 0x07). */
export function isFixedSizeAuthVariation(v: AuthVariation): boolean {
  return v === 3 || v === 4;
}

/** Octets of the fixed fields of a variation (the least an object of it takes). */
export function authFixedLength(v: AuthVariation): number {
  return LAYOUTS[v].reduce((n, f) => n + (f.kind === 'rest' || f.kind === 'cdl-octets' ? 0 : FIXED[f.kind]), 0);
}

/** One decoded field with its place in the object. */
export interface AuthField {
  key: string;
  name: string;
  value: number | Uint8Array;
  /** The value as the analyzer shows it: a number with its code's name, or hex octets. */
  text: string;
  offset: number;
  length: number;
}

/** A g120 object that does not decode. */
export interface AuthObjectError {
  code: 'AUTH_OBJECT_TRUNCATED';
  message: string;
}

/** Octets as lowercase hex. */
export function octetsHex(b: Uint8Array): string {
  return Array.from(b, (x) => x.toString(16).padStart(2, '0')).join('');
}

function fieldText(spec: FieldSpec, value: number | Uint8Array): string {
  if (value instanceof Uint8Array) return spec.key === 'text' ? new TextDecoder().decode(value) : value.length === 0 ? '(none)' : octetsHex(value);
  if (spec.kind === 't48') return new Date(value).toISOString();
  const name = spec.names?.[value];
  return name ? `${value} ${name}` : String(value);
}

/** Decodes the fields of one g120 object (its octets without the size prefix). Never throws. */
export function decodeAuthFields(v: AuthVariation, b: Uint8Array): { ok: true; fields: AuthField[] } | { ok: false; error: AuthObjectError } {
  const dv = new DataView(b.buffer, b.byteOffset, b.byteLength);
  const fields: AuthField[] = [];
  let p = 0;
  let cdl = 0;
  for (const spec of LAYOUTS[v]) {
    const n = spec.kind === 'rest' ? b.length - p : spec.kind === 'cdl-octets' ? cdl : FIXED[spec.kind];
    if (p + n > b.length) return { ok: false, error: { code: 'AUTH_OBJECT_TRUNCATED', message: `g120v${v} ${spec.name} truncated at octet ${p}` } };
    const value = spec.kind === 'rest' || spec.kind === 'cdl-octets' ? b.slice(p, p + n) : readField(dv, p, spec.kind);
    if (spec.key === 'cdl') cdl = value as number;
    fields.push({ key: spec.key, name: spec.name, value, text: fieldText(spec, value), offset: p, length: n });
    p += n;
  }
  return { ok: true, fields };
}

/** The values of one g120 object by field key (numbers and octets). */
export type AuthValues = Record<string, number | Uint8Array>;

/** Decodes one g120 object to its values by field key. */
export function decodeAuthObject(v: AuthVariation, b: Uint8Array): { ok: true; values: AuthValues } | { ok: false; error: AuthObjectError } {
  const r = decodeAuthFields(v, b);
  if (!r.ok) return r;
  const values: AuthValues = {};
  for (const f of r.fields) values[f.key] = f.value;
  return { ok: true, values };
}

/**
 * Encodes one g120 object (without header or size prefix). Missing numbers are 0, missing
 * octets empty; v5's CDL is the length of its challenge data whatever is passed.
 */
export function encodeAuthObject(v: AuthVariation, values: AuthValues): Uint8Array {
  const octets = (k: string): Uint8Array => (values[k] instanceof Uint8Array ? (values[k] as Uint8Array) : new Uint8Array(0));
  const num = (k: string): number => (typeof values[k] === 'number' ? (values[k] as number) : 0);
  const layout = LAYOUTS[v];
  const size = layout.reduce((n, f) => n + (f.kind === 'rest' || f.kind === 'cdl-octets' ? octets(f.key).length : FIXED[f.kind]), 0);
  const out = new Uint8Array(size);
  const dv = new DataView(out.buffer);
  let p = 0;
  for (const f of layout) {
    if (f.kind === 'rest' || f.kind === 'cdl-octets') {
      out.set(octets(f.key), p);
      p += octets(f.key).length;
      continue;
    }
    const x = f.key === 'cdl' ? octets('challengeData').length : num(f.key);
    writeField(dv, p, f.kind, f.kind === 'u32' ? x >>> 0 : x);
    p += FIXED[f.kind];
  }
  return out;
}

/**
 * The octets of one g120 object header with its object, as the standard sends it:
 * 0x5B (count 1, 2-octet size prefix) for the variable-size variations, 0x07 (count 1)
 * for v3 and v4.
 */
export function authObjectOctets(v: AuthVariation, values: AuthValues): Uint8Array {
  const body = encodeAuthObject(v, values);
  const fixed = isFixedSizeAuthVariation(v);
  const head = fixed ? [120, v, 0x07, 1] : [120, v, 0x5b, 1, body.length & 0xff, body.length >> 8];
  const out = new Uint8Array(head.length + body.length);
  out.set(head, 0);
  out.set(body, head.length);
  return out;
}

