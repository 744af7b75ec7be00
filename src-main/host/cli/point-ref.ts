/**
 * Point references of CLI.md: DNP3 `bi:N`, `dbi:N`, `bo:N`, `ai:N`, `ao:N`, `ctr:N`,
 * `fc:N`; IEC 104 `ioa:N`, and `ioa:N.b` for bit b (0-15) of an M_PS_NA_1 status word. An
 * unknown reference is a usage error (exit 2).
 */
import type { Protocol } from '../../../src-shared/session';
import { CliError, EXIT } from './exit-codes';

const KINDS: Record<Protocol, readonly string[]> = {
  dnp3: ['bi', 'dbi', 'bo', 'ai', 'ao', 'ctr', 'fc'],
  iec104: ['ioa'],
};

/** A parsed reference. */
export interface PointRef {
  kind: string;
  index: number;
  /** Canonical text, e.g. `bo:3`. */
  ref: string;
}

/** Parses `text` as a point reference of `protocol`. */
export function parsePointRef(text: string, protocol: Protocol): PointRef {
  // IEC 104 `ioa:N.b`: bit b (0-15) of an M_PS_NA_1 status word at IOA N
  const m = /^([a-z]+):(\d+)(?:\.(1[0-5]|\d))?$/.exec(text.trim());
  const kinds = KINDS[protocol];
  if (!m || !kinds.includes(m[1]!) || (m[3] !== undefined && protocol !== 'iec104')) {
    throw new CliError(EXIT.USAGE, `unknown point '${text}' (${protocol} points: ${kinds.map((k) => `${k}:N`).join(', ')})`);
  }
  const index = Number(m[2]);
  const max = protocol === 'iec104' ? 0xffffff : 0xffff;
  if (index > max) throw new CliError(EXIT.USAGE, `unknown point '${text}': index over ${max}`);
  return { kind: m[1]!, index, ref: `${m[1]}:${index}${m[3] !== undefined ? `.${m[3]}` : ''}` };
}
