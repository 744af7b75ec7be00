import { describe, expect, it } from 'vitest';
import { describeLinkFrame } from '../../../../../src-main/protocols/dnp3/analyzer/describe';
import { parseFragment } from '../../../../../src-main/protocols/dnp3/app/fragment';
import { LinkFramer } from '../../../../../src-main/protocols/dnp3/link/framer';
import { authObjectOctets, decodeAuthFields, decodeAuthObject, encodeAuthObject } from '../../../../../src-main/protocols/dnp3/secure-auth/objects';
import type { FrameField } from '../../../../../src-shared/session';
import { hex, unhex } from '../harness';
import { framesFromOutstation } from '../scripted';

const challenge = { csq: 0x01020304, user: 1, mal: 4, reason: 1, challengeData: unhex('00112233445566778899aabbccddeeff') };

describe('g120 Secure Authentication objects', () => {
  it('encodes a challenge field by field, little-endian, as clause A.45.1 lays it out', () => {
    expect(hex(encodeAuthObject(1, challenge))).toBe('04030201' + '0100' + '04' + '01' + '00112233445566778899aabbccddeeff');
  });

  it('frames variable-size objects with qualifier 0x5B and a 2-octet size, v3 and v4 with 0x07', () => {
    expect(hex(authObjectOctets(2, { csq: 1, user: 1, mac: unhex('aabb') }))).toBe('7802' + '5b' + '01' + '0800' + '01000000' + '0100' + 'aabb');
    expect(hex(authObjectOctets(3, { csq: 2, user: 1 }))).toBe('7803' + '07' + '01' + '02000000' + '0100');
    expect(hex(authObjectOctets(4, { user: 3 }))).toBe('7804' + '07' + '01' + '0300');
  });

  it('decodes each variation back to what was encoded', () => {
    const cases: Array<[1 | 2 | 3 | 4 | 5 | 6 | 7 | 9, Record<string, number | Uint8Array>]> = [
      [1, challenge],
      [2, { csq: 9, user: 1, mac: unhex('0102030405060708') }],
      [3, { csq: 9, user: 2 }],
      [4, { user: 2 }],
      [5, { ksq: 3, user: 1, kwa: 2, status: 1, mal: 4, cdl: 4, challengeData: unhex('deadbeef'), mac: unhex('00112233445566778899aabbccddeeff') }],
      [6, { ksq: 3, user: 1, wrappedKeyData: unhex('28c9f404c4b810f4cbccb35cfb87f826') }],
      [7, { csq: 9, user: 1, aid: 0, error: 11, time: 1700000000123, text: new TextEncoder().encode('no key') }],
      [9, { mac: unhex('0102030405060708') }],
    ];
    for (const [v, values] of cases) {
      const r = decodeAuthObject(v, encodeAuthObject(v, values));
      expect(r, `g120v${v}`).toEqual({ ok: true, values });
    }
  });

  it('names a truncated object instead of throwing: a key status whose CDL runs past its end', () => {
    const octets = encodeAuthObject(5, { ksq: 1, user: 1, kwa: 2, status: 2, mal: 4, challengeData: unhex('01020304') });
    expect(decodeAuthFields(5, octets.slice(0, octets.length - 1))).toEqual({ ok: false, error: expect.objectContaining({ code: 'AUTH_OBJECT_TRUNCATED' }) });
    expect(decodeAuthFields(1, octets.slice(0, 5))).toEqual({ ok: false, error: expect.objectContaining({ code: 'AUTH_OBJECT_TRUNCATED' }) });
  });

  it('the fragment parser refuses a variable-size g120 object without its size prefix', () => {
    const body = encodeAuthObject(1, challenge);
    const fragment = new Uint8Array([0xc1, 0x83, 0, 0, 120, 1, 0x07, 1, ...body]);
    const r = parseFragment(fragment);
    expect(r.ok && r.fragment.error).toEqual(expect.objectContaining({ code: 'BAD_QUALIFIER' }));
  });

  it('the fragment parser refuses a g120 object whose size prefix is shorter than its fixed fields', () => {
    const fragment = new Uint8Array([0xc1, 0x20, 120, 2, 0x5b, 1, 3, 0, 1, 0, 0]);
    const r = parseFragment(fragment);
    expect(r.ok && r.fragment.error).toEqual(expect.objectContaining({ code: 'TRUNCATED_OBJECTS' }));
  });
});

describe('the analyzer describes g120 objects field by field', () => {
  const leaves = (f: FrameField): FrameField[] => [f, ...(f.children ?? []).flatMap(leaves)];

  it('gives each field of a challenge its name, value (with the code names) and span in the link frame', () => {
    const fragment = new Uint8Array([0xc1, 0x83, 0, 0, ...authObjectOctets(1, challenge)]);
    const framer = new LinkFramer();
    const items = framesFromOutstation(fragment).flatMap((raw) => framer.push(raw));
    expect(items).toHaveLength(1);
    const item = items[0]!;
    if (!item.ok) throw new Error('bad frame');
    const frame = describeLinkFrame('rx', item.frame, item.raw, fragment, 'full');
    expect(frame.summary).toContain('AUTHENTICATE_RESP');
    const all = leaves({ name: 'root', value: '', offset: 0, length: 0, children: frame.fields });
    const byName = (n: string): FrameField => all.find((f) => f.name === n)!;
    expect(byName('CSQ challenge sequence number').value).toBe(String(0x01020304));
    expect(byName('USR user number').value).toBe('1');
    expect(byName('MAL MAC algorithm').value).toBe('4 HMAC-SHA-256/16 (networked)');
    expect(byName('RSN reason for challenge').value).toBe('1 CRITICAL');
    const data = byName('challenge data');
    expect(data.value).toBe('00112233445566778899aabbccddeeff');
    // CSQ is fragment octet 10 (control, function, IIN, then 120 1 5B 01 and the size):
    // in the first data block, after the 10-octet link header and the transport octet
    expect(byName('CSQ challenge sequence number').offset).toBe(10 + 1 + 10);
    expect(item.raw[byName('USR user number').offset]).toBe(1);
    // 16 octets of challenge data, and the block CRC inside the span where it crosses a block
    expect(data.length).toBe(18);
  });
});
