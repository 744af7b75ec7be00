/** Counter families: g20 counter, g21 frozen counter, g22 counter event, g23 frozen counter event. */
import { pointCodec } from './point-codec';
import type { PointCodec } from './types';

/** Codecs of the counter families. */
export const COUNTER_CODECS: PointCodec[] = [
  pointCodec(20, 1, { family: 'ctr', event: false, flags: true, value: 'u32' }),
  pointCodec(20, 2, { family: 'ctr', event: false, flags: true, value: 'u16' }),
  pointCodec(20, 5, { family: 'ctr', event: false, flags: false, value: 'u32' }),
  pointCodec(20, 6, { family: 'ctr', event: false, flags: false, value: 'u16' }),
  pointCodec(21, 1, { family: 'fc', event: false, flags: true, value: 'u32' }),
  pointCodec(21, 2, { family: 'fc', event: false, flags: true, value: 'u16' }),
  pointCodec(21, 5, { family: 'fc', event: false, flags: true, value: 'u32', time: 'abs' }),
  pointCodec(21, 6, { family: 'fc', event: false, flags: true, value: 'u16', time: 'abs' }),
  pointCodec(21, 9, { family: 'fc', event: false, flags: false, value: 'u32' }),
  pointCodec(21, 10, { family: 'fc', event: false, flags: false, value: 'u16' }),
  pointCodec(22, 1, { family: 'ctr', event: true, flags: true, value: 'u32' }),
  pointCodec(22, 2, { family: 'ctr', event: true, flags: true, value: 'u16' }),
  pointCodec(22, 5, { family: 'ctr', event: true, flags: true, value: 'u32', time: 'abs' }),
  pointCodec(22, 6, { family: 'ctr', event: true, flags: true, value: 'u16', time: 'abs' }),
  pointCodec(23, 1, { family: 'fc', event: true, flags: true, value: 'u32' }),
  pointCodec(23, 2, { family: 'fc', event: true, flags: true, value: 'u16' }),
  pointCodec(23, 5, { family: 'fc', event: true, flags: true, value: 'u32', time: 'abs' }),
  pointCodec(23, 6, { family: 'fc', event: true, flags: true, value: 'u16', time: 'abs' }),
];
