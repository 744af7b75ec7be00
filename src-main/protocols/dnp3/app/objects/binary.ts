/** Binary families: g1/g2 binary input, g3/g4 double-bit input, g10/g11 binary output status, g13 command events. */
import { packedCodec, pointCodec } from './point-codec';
import type { PointCodec } from './types';

/** Codecs of the binary families. */
export const BINARY_CODECS: PointCodec[] = [
  packedCodec(1, 1, 'bi', 1),
  pointCodec(1, 2, { family: 'bi', event: false, flags: true, value: 'state' }),
  pointCodec(2, 1, { family: 'bi', event: true, flags: true, value: 'state' }),
  pointCodec(2, 2, { family: 'bi', event: true, flags: true, value: 'state', time: 'abs' }),
  pointCodec(2, 3, { family: 'bi', event: true, flags: true, value: 'state', time: 'rel' }),
  packedCodec(3, 1, 'dbi', 2),
  pointCodec(3, 2, { family: 'dbi', event: false, flags: true, value: 'dbstate' }),
  pointCodec(4, 1, { family: 'dbi', event: true, flags: true, value: 'dbstate' }),
  pointCodec(4, 2, { family: 'dbi', event: true, flags: true, value: 'dbstate', time: 'abs' }),
  pointCodec(4, 3, { family: 'dbi', event: true, flags: true, value: 'dbstate', time: 'rel' }),
  packedCodec(10, 1, 'bo', 1),
  pointCodec(10, 2, { family: 'bo', event: false, flags: true, value: 'state' }),
  pointCodec(11, 1, { family: 'bo', event: true, flags: true, value: 'state' }),
  pointCodec(11, 2, { family: 'bo', event: true, flags: true, value: 'state', time: 'abs' }),
  // g13: status octet, bit7 commanded state, bits 0-6 control status
  pointCodec(13, 1, { family: 'boc', event: true, flags: true, value: 'state' }),
  pointCodec(13, 2, { family: 'boc', event: true, flags: true, value: 'state', time: 'abs' }),
];
