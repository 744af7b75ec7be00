/**
 * The object codec table keyed by group/variation (`group << 8 | variation`). g60 class
 * objects and variation 0 ("any") carry no object data and have no entry.
 */
import { ANALOG_CODECS } from './analog';
import { attributeCodec } from './attributes';
import { BINARY_CODECS } from './binary';
import { CONTROL_CODECS } from './control';
import { COUNTER_CODECS } from './counter';
import { FILE_CODECS } from './file-objects';
import { octetStringCodec } from './octet-string';
import { packedCodec } from './point-codec';
import { TIME_CODECS } from './time';
import { SECURE_AUTH_CODECS } from '../../secure-auth/auth-codecs';
import type { ObjectCodec } from './types';

const TABLE = new Map<number, ObjectCodec>();

for (const c of [...BINARY_CODECS, ...COUNTER_CODECS, ...ANALOG_CODECS, ...CONTROL_CODECS, ...TIME_CODECS, ...SECURE_AUTH_CODECS, ...FILE_CODECS]) {
  TABLE.set((c.group << 8) | c.variation, c);
}
// g80v1 internal indications, packed bits indexed by IIN bit number
TABLE.set((80 << 8) | 1, packedCodec(80, 1, 'iin', 1));
for (let v = 1; v <= 255; v++) {
  TABLE.set(v, attributeCodec(v));
  TABLE.set((110 << 8) | v, octetStringCodec(110, v));
  TABLE.set((111 << 8) | v, octetStringCodec(111, v));
}

/** The codec of group/variation, or undefined when unknown or data-less. */
export function codecFor(group: number, variation: number): ObjectCodec | undefined {
  return TABLE.get((group << 8) | variation);
}

