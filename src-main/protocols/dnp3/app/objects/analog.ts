/**
 * Analog families: g30 analog input, g32 analog input event, g34 deadband, g40 analog
 * output status, g42 analog output event, g43 analog output command event.
 */
import { pointCodec, type ValueKind } from './point-codec';
import type { PointCodec } from './types';
import type { PointFamily } from '../quality';

/** g32/g42/g43 share one layout of eight variations. */
function eventSet(group: number, family: PointFamily): PointCodec[] {
  const v: Array<[ValueKind, 'abs' | undefined]> = [
    ['i32', undefined],
    ['i16', undefined],
    ['i32', 'abs'],
    ['i16', 'abs'],
    ['f32', undefined],
    ['f64', undefined],
    ['f32', 'abs'],
    ['f64', 'abs'],
  ];
  return v.map(([value, time], i) => pointCodec(group, i + 1, time ? { family, event: true, flags: true, value, time } : { family, event: true, flags: true, value }));
}

/** Codecs of the analog families. */
export const ANALOG_CODECS: PointCodec[] = [
  pointCodec(30, 1, { family: 'ai', event: false, flags: true, value: 'i32' }),
  pointCodec(30, 2, { family: 'ai', event: false, flags: true, value: 'i16' }),
  pointCodec(30, 3, { family: 'ai', event: false, flags: false, value: 'i32' }),
  pointCodec(30, 4, { family: 'ai', event: false, flags: false, value: 'i16' }),
  pointCodec(30, 5, { family: 'ai', event: false, flags: true, value: 'f32' }),
  pointCodec(30, 6, { family: 'ai', event: false, flags: true, value: 'f64' }),
  ...eventSet(32, 'ai'),
  pointCodec(34, 1, { family: 'aid', event: false, flags: false, value: 'u16' }),
  pointCodec(34, 2, { family: 'aid', event: false, flags: false, value: 'u32' }),
  pointCodec(34, 3, { family: 'aid', event: false, flags: false, value: 'f32' }),
  pointCodec(40, 1, { family: 'ao', event: false, flags: true, value: 'i32' }),
  pointCodec(40, 2, { family: 'ao', event: false, flags: true, value: 'i16' }),
  pointCodec(40, 3, { family: 'ao', event: false, flags: true, value: 'f32' }),
  pointCodec(40, 4, { family: 'ao', event: false, flags: true, value: 'f64' }),
  ...eventSet(42, 'ao'),
  ...eventSet(43, 'aoc'),
];
