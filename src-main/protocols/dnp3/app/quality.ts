/**
 * Flag octets decoded to quality words, shared per (family, octet) as frozen arrays so the
 * hot decode path never allocates one per point. Command events (g13, g43) map their status
 * octet to the status name instead.
 */
import { commandStatusName } from './command-status';

/** Point families, named as the point references are (`bi:3`, `ai:7`...). */
export type PointFamily = 'bi' | 'dbi' | 'bo' | 'ai' | 'ao' | 'ctr' | 'fc' | 'os' | 'aid' | 'boc' | 'aoc' | 'iin';

const COMMON = ['ONLINE', 'RESTART', 'COMM_LOST', 'REMOTE_FORCED', 'LOCAL_FORCED'];
const BIT5_6: Record<string, [string | null, string | null]> = {
  bi: ['CHATTER_FILTER', null],
  dbi: ['CHATTER_FILTER', null],
  bo: [null, null],
  ai: ['OVER_RANGE', 'REFERENCE_ERR'],
  ao: ['OVER_RANGE', 'REFERENCE_ERR'],
  ctr: ['ROLLOVER', 'DISCONTINUITY'],
  fc: ['ROLLOVER', 'DISCONTINUITY'],
};

const CACHE = new Map<string, ReadonlyArray<readonly string[]>>();
const EMPTY: readonly string[] = Object.freeze([]);

/** One shared frozen array per distinct word list, across every family. */
const SHARED = new Map<string, readonly string[]>();

function shared(words: string[]): readonly string[] {
  const key = words.join(',');
  let a = SHARED.get(key);
  if (!a) {
    a = Object.freeze(words);
    SHARED.set(key, a);
  }
  return a;
}

function build(family: string): ReadonlyArray<readonly string[]> {
  const extra = BIT5_6[family];
  const table: (readonly string[])[] = [];
  for (let f = 0; f < 256; f++) {
    if (family === 'boc' || family === 'aoc') {
      // command events carry a status octet (bits 0-6) instead of flags
      table.push(shared([commandStatusName(f & 0x7f)]));
      continue;
    }
    if (!extra) {
      table.push(EMPTY);
      continue;
    }
    const words: string[] = [];
    for (let b = 0; b < 5; b++) if (f & (1 << b)) words.push(COMMON[b]!);
    if (f & 0x20 && extra[0]) words.push(extra[0]);
    if (f & 0x40 && extra[1]) words.push(extra[1]);
    table.push(shared(words));
  }
  return Object.freeze(table);
}

/** The quality table of a family: index it with the flag octet. */
export function qualityTable(family: PointFamily): ReadonlyArray<readonly string[]> {
  let t = CACHE.get(family);
  if (!t) {
    t = build(family);
    CACHE.set(family, t);
  }
  return t;
}

