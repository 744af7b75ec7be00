import { describe, expect, it } from 'vitest';
import { aesKeyUnwrap, aesKeyWrap, computeMac, hmacSha256, macEquals } from '../../../../../src-main/protocols/dnp3/secure-auth/crypto';

const hex = (s: string): Uint8Array => new Uint8Array(Buffer.from(s.replace(/\s+/g, ''), 'hex'));
const ascii = (s: string): Uint8Array => new Uint8Array(Buffer.from(s, 'ascii'));
const toHex = (b: Uint8Array): string => Buffer.from(b).toString('hex');
const fill = (octet: number, n: number): Uint8Array => new Uint8Array(n).fill(octet);

describe('AES key wrap (RFC 3394)', () => {
  // RFC 3394 section 4.6: Wrap 256 bits of Key Data with a 256-bit KEK
  const kek = hex('000102030405060708090A0B0C0D0E0F101112131415161718191A1B1C1D1E1F');
  const keyData = hex('00112233445566778899AABBCCDDEEFF000102030405060708090A0B0C0D0E0F');
  const ciphertext = '28C9F404C4B810F4CBCCB35CFB87F8263F5786E2D80ED326CBC7F0E71A99F43BFB988B9B7A02DD21';

  it('wraps 256 bits of key data with a 256-bit KEK as section 4.6 gives', () => {
    const r = aesKeyWrap(kek, keyData);
    expect(r.ok && toHex(r.wrapped)).toBe(ciphertext.toLowerCase());
  });

  it('unwraps section 4.6 back to the key data', () => {
    const r = aesKeyUnwrap(kek, hex(ciphertext));
    expect(r.ok && toHex(r.data)).toBe(toHex(keyData));
  });

  it('refuses to unwrap with another key or damaged data (integrity check), as values', () => {
    const other = kek.slice();
    other[0] = 0xff;
    expect(aesKeyUnwrap(other, hex(ciphertext))).toEqual({ ok: false, error: expect.objectContaining({ code: 'UNWRAP_FAILED' }) });
    const damaged = hex(ciphertext);
    damaged[10]! ^= 1;
    expect(aesKeyUnwrap(kek, damaged)).toEqual({ ok: false, error: expect.objectContaining({ code: 'UNWRAP_FAILED' }) });
  });

  it('names wrong lengths instead of throwing', () => {
    expect(aesKeyWrap(kek.slice(0, 20), keyData)).toEqual({ ok: false, error: expect.objectContaining({ code: 'BAD_KEY_LENGTH' }) });
    expect(aesKeyWrap(kek, keyData.slice(0, 20))).toEqual({ ok: false, error: expect.objectContaining({ code: 'BAD_DATA_LENGTH' }) });
    expect(aesKeyUnwrap(kek, hex(ciphertext).slice(0, 16))).toEqual({ ok: false, error: expect.objectContaining({ code: 'BAD_DATA_LENGTH' }) });
  });
});

describe('HMAC-SHA-256 (RFC 4231)', () => {
  const cases: Array<{ name: string; key: Uint8Array; data: Uint8Array; mac: string }> = [
    { name: 'test case 1', key: fill(0x0b, 20), data: ascii('Hi There'), mac: 'b0344c61d8db38535ca8afceaf0bf12b881dc200c9833da726e9376c2e32cff7' },
    { name: 'test case 2', key: ascii('Jefe'), data: ascii('what do ya want for nothing?'), mac: '5bdcc146bf60754e6a042426089575c75a003f089d2739839dec58b964ec3843' },
    { name: 'test case 3', key: fill(0xaa, 20), data: fill(0xdd, 50), mac: '773ea91e36800e46854db8ebd09181a72959098b3ef8c122d9635514ced565fe' },
    {
      name: 'test case 4',
      key: hex('0102030405060708090a0b0c0d0e0f10111213141516171819'),
      data: fill(0xcd, 50),
      mac: '82558a389a443c0ea4cc819899f2083a85f0faa3e578f8077a2e3ff46729665b',
    },
    { name: 'test case 6', key: fill(0xaa, 131), data: ascii('Test Using Larger Than Block-Size Key - Hash Key First'), mac: '60e431591ee0b67f0d8a26aacbf5b77f8e0bc6213728c5140546040f0ee37f54' },
    {
      name: 'test case 7',
      key: fill(0xaa, 131),
      data: ascii('This is a test using a larger than block-size key and a larger than block-size data. The key needs to be hashed before being used by the HMAC algorithm.'),
      mac: '9b09ffa71b942fcb27635fbcd5b0e944bfdc63644f0713938a7f51535c3a35e2',
    },
  ];
  for (const c of cases) {
    it(`reproduces ${c.name}`, () => {
      expect(toHex(hmacSha256(c.key, c.data))).toBe(c.mac);
    });
  }

  it('gives the same MAC for data passed in parts as in one piece', () => {
    const c = cases.find((x) => x.name === 'test case 7')!;
    expect(toHex(hmacSha256(c.key, c.data.slice(0, 7), c.data.slice(7)))).toBe(c.mac);
  });

  it('truncates to 16 octets for MAC algorithm 4 as RFC 4231 test case 5 (truncation to 128 bits) gives', () => {
    expect(toHex(computeMac(4, fill(0x0c, 20), ascii('Test With Truncation')))).toBe('a3b6167473100ee06e0c796c2955552b');
  });

  it('truncates to 8 octets for MAC algorithm 3 (serial)', () => {
    expect(toHex(computeMac(3, fill(0x0b, 20), ascii('Hi There')))).toBe('b0344c61d8db3853');
  });

  it('compares MACs: equal, one octet off, and another length', () => {
    const mac = computeMac(4, fill(1, 32), ascii('x'));
    const off = mac.slice();
    off[15]! ^= 0x80;
    expect([macEquals(mac, mac.slice()), macEquals(mac, off), macEquals(mac, mac.slice(0, 8))]).toEqual([true, false, false]);
  });
});
