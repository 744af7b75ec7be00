/**
 * Time objects: g50v1 absolute time, g50v2 time and interval, g50v3 last recorded time,
 * g50v4 indexed absolute time and long interval (time, interval count, units);
 * g51v1/v2 common time of occurrence (synchronised / unsynchronised); g52v1 coarse
 * time delay (s), g52v2 fine time delay (ms).
 */
import { dataCodec } from './data-codec';
import type { DataCodec } from './types';

/** Codecs of the time objects. */
export const TIME_CODECS: DataCodec[] = [
  dataCodec(50, 1, [['time', 't48']]),
  dataCodec(50, 2, [
    ['time', 't48'],
    ['intervalMs', 'u32'],
  ]),
  dataCodec(50, 3, [['time', 't48']]),
  dataCodec(50, 4, [
    ['time', 't48'],
    ['interval', 'u32'],
    ['units', 'u8'],
  ]),
  dataCodec(51, 1, [['time', 't48']]),
  dataCodec(51, 2, [['time', 't48']]),
  dataCodec(52, 1, [['seconds', 'u16']]),
  dataCodec(52, 2, [['milliseconds', 'u16']]),
];
