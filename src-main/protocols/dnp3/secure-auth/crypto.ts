/**
 * The cryptography of DNP3 Secure Authentication v5 (IEEE 1815-2012 clause 7.6.1 and
 * 7.6.2.1): AES key wrap of the session keys with the update key (RFC 3394, default IV)
 * and HMAC MACs truncated to the lengths the standard allows. Pure functions on
 * node:crypto: keys, data and random octets are passed in, nothing is read from a clock
 * or a random source here, so the SA state machines stay sans-IO and deterministic.
 */
import { createCipheriv, createDecipheriv, createHmac, timingSafeEqual } from 'node:crypto';

/** RFC 3394 section 2.2.3.1: the default initial value A6A6A6A6A6A6A6A6. */
const KEY_WRAP_IV = Buffer.from('a6a6a6a6a6a6a6a6', 'hex');

/** Key wrap algorithms of the g120v5 KWA field: AES-128 (1) and AES-256 (2) key wrap. */
export const KeyWrapAlgorithm = { AES_128: 1, AES_256: 2 } as const;

/**
 * MAC algorithms of g120 MAL: code, name and the octets the HMAC-SHA-256 is truncated to.
 * 3 is the serial and 4 the networked HMAC-SHA-256. The SHA-1 MACs (codes 1, 2, 5) are
 * deprecated by IEEE 1815-2012 and AES-GMAC (6) is not implemented: a challenge naming
 * them is refused as MAC_ALGORITHM_NOT_PERMITTED.
 */
const MAC_ALGORITHMS = {
  3: { name: 'HMAC-SHA-256/8', octets: 8 },
  4: { name: 'HMAC-SHA-256/16', octets: 16 },
} as const;

/** A MAC algorithm code we implement (3 or 4). */
export type MacAlgorithm = keyof typeof MAC_ALGORITHMS;

/** True for the MAC algorithm codes we implement. */
export function isMacAlgorithm(code: number): code is MacAlgorithm {
  return code === 3 || code === 4;
}

/** A key wrap failure as a value. */
export type KeyWrapError =
  | { code: 'BAD_KEY_LENGTH'; message: string }
  | { code: 'BAD_DATA_LENGTH'; message: string }
  | { code: 'UNWRAP_FAILED'; message: string };

function cipherName(kek: Uint8Array): string | null {
  return kek.length === 32 ? 'id-aes256-wrap' : kek.length === 16 ? 'id-aes128-wrap' : null;
}

/**
 * AES key wrap (RFC 3394) of `data` (a multiple of 8 octets, at least 16) with the key
 * encryption key `kek` (16 octets: AES-128, 32 octets: AES-256) and the default IV.
 */
export function aesKeyWrap(kek: Uint8Array, data: Uint8Array): { ok: true; wrapped: Uint8Array } | { ok: false; error: KeyWrapError } {
  const name = cipherName(kek);
  if (!name) return { ok: false, error: { code: 'BAD_KEY_LENGTH', message: `a key wrap key has 16 or 32 octets, not ${kek.length}` } };
  if (data.length < 16 || data.length % 8 !== 0) return { ok: false, error: { code: 'BAD_DATA_LENGTH', message: `key wrap needs a multiple of 8 octets (at least 16), not ${data.length}` } };
  const c = createCipheriv(name, kek, KEY_WRAP_IV);
  return { ok: true, wrapped: new Uint8Array(Buffer.concat([c.update(data), c.final()])) };
}

/** Reverses aesKeyWrap; a wrong key or damaged data fails the RFC 3394 integrity check (`UNWRAP_FAILED`). */
export function aesKeyUnwrap(kek: Uint8Array, wrapped: Uint8Array): { ok: true; data: Uint8Array } | { ok: false; error: KeyWrapError } {
  const name = cipherName(kek);
  if (!name) return { ok: false, error: { code: 'BAD_KEY_LENGTH', message: `a key wrap key has 16 or 32 octets, not ${kek.length}` } };
  if (wrapped.length < 24 || wrapped.length % 8 !== 0) return { ok: false, error: { code: 'BAD_DATA_LENGTH', message: `wrapped data is a multiple of 8 octets (at least 24), not ${wrapped.length}` } };
  try {
    const d = createDecipheriv(name, kek, KEY_WRAP_IV);
    return { ok: true, data: new Uint8Array(Buffer.concat([d.update(wrapped), d.final()])) };
  } catch {
    return { ok: false, error: { code: 'UNWRAP_FAILED', message: 'key unwrap failed its integrity check: wrong update key or damaged data' } };
  }
}

/** HMAC-SHA-256 of the concatenated parts, the whole 32 octets. */
export function hmacSha256(key: Uint8Array, ...parts: Uint8Array[]): Uint8Array {
  const h = createHmac('sha256', key);
  for (const p of parts) h.update(p);
  return new Uint8Array(h.digest());
}

/** The MAC of the concatenated parts with a g120 MAC algorithm, truncated to its length. */
export function computeMac(algorithm: MacAlgorithm, key: Uint8Array, ...parts: Uint8Array[]): Uint8Array {
  const a = MAC_ALGORITHMS[algorithm];
  return hmacSha256(key, ...parts).slice(0, a.octets);
}

/** Compares a received MAC with the expected one in constant time (false when the lengths differ). */
export function macEquals(expected: Uint8Array, received: Uint8Array): boolean {
  return expected.length === received.length && timingSafeEqual(expected, received);
}
