/**
 * IP host addresses for firewall rules: strict parsing of IPv4 dotted quads and IPv6
 * (RFC 4291 text forms, with `::` and an embedded IPv4 tail), the canonical text of
 * RFC 5952, and the ranges of a family that are not in a set of addresses (what a
 * Windows Firewall block rule needs, as it cannot say "every address but these").
 * Pure: no resolver, no sockets.
 */

/** IPv4 or IPv6. */
export type IpFamily = 4 | 6;

/** A parsed host address: its family, its value as an integer and its canonical text. */
export interface IpAddress {
  family: IpFamily;
  value: bigint;
  /** Dotted quad, or RFC 5952 text (lower case, the longest run of zero groups as `::`). */
  text: string;
}

/** An inclusive range of addresses of one family. */
export interface IpRange {
  first: IpAddress;
  last: IpAddress;
}

const BITS: Record<IpFamily, number> = { 4: 32, 6: 128 };

function parseIpv4Value(text: string): bigint | null {
  const parts = text.split('.');
  if (parts.length !== 4) return null;
  let value = 0n;
  for (const part of parts) {
    // No signs, no leading zeros (010 is octal to some tools, decimal to others).
    if (!/^(0|[1-9]\d{0,2})$/.test(part) || Number(part) > 255) return null;
    value = (value << 8n) | BigInt(part);
  }
  return value;
}

function parseGroups(text: string): number[] | null {
  if (text === '') return [];
  const groups: number[] = [];
  const parts = text.split(':');
  for (const [i, part] of parts.entries()) {
    if (i === parts.length - 1 && part.includes('.')) {
      const v4 = parseIpv4Value(part);
      if (v4 === null) return null;
      groups.push(Number(v4 >> 16n), Number(v4 & 0xffffn));
    } else if (/^[0-9a-fA-F]{1,4}$/.test(part)) {
      groups.push(parseInt(part, 16));
    } else {
      return null;
    }
  }
  return groups;
}

function parseIpv6Value(text: string): bigint | null {
  const halves = text.split('::');
  if (halves.length > 2) return null;
  const head = parseGroups(halves[0]!);
  const tail = halves.length === 2 ? parseGroups(halves[1]!) : [];
  if (head === null || tail === null) return null;
  const missing = 8 - head.length - tail.length;
  if (halves.length === 2 ? missing < 1 : missing !== 0) return null;
  const groups = [...head, ...Array<number>(missing).fill(0), ...tail];
  return groups.reduce((value, g) => (value << 16n) | BigInt(g), 0n);
}

function ipv6Text(value: bigint): string {
  const groups = Array.from({ length: 8 }, (_, i) => Number((value >> BigInt(112 - 16 * i)) & 0xffffn));
  // The longest run of two or more zero groups, the first of equal runs, becomes `::`.
  let best = { start: -1, length: 1 };
  for (let i = 0; i < 8; ) {
    let j = i;
    while (j < 8 && groups[j] === 0) j++;
    if (j - i > best.length) best = { start: i, length: j - i };
    i = j === i ? i + 1 : j;
  }
  const hex = groups.map((g) => g.toString(16));
  if (best.start < 0) return hex.join(':');
  return `${hex.slice(0, best.start).join(':')}::${hex.slice(best.start + best.length).join(':')}`;
}

/** The address of `family` whose value is `value`. */
function ipFromValue(family: IpFamily, value: bigint): IpAddress {
  const text = family === 4 ? [24n, 16n, 8n, 0n].map((s) => String((value >> s) & 0xffn)).join('.') : ipv6Text(value);
  return { family, value, text };
}

/**
 * Parses one host address; null when `text` is not an IPv4 dotted quad or an IPv6
 * address (a host name, a prefix such as `/24`, a zone such as `%eth0` are not).
 */
export function parseIpAddress(text: string): IpAddress | null {
  const trimmed = text.trim();
  const v4 = parseIpv4Value(trimmed);
  if (v4 !== null) return ipFromValue(4, v4);
  if (!trimmed.includes(':')) return null;
  const v6 = parseIpv6Value(trimmed.startsWith('[') && trimmed.endsWith(']') ? trimmed.slice(1, -1) : trimmed);
  return v6 === null ? null : ipFromValue(6, v6);
}

/**
 * Why an address cannot be a master's or a station's own address (unspecified, loopback,
 * multicast or broadcast), or null when it can.
 */
export function notAHostAddress(address: IpAddress): string | null {
  const v = address.value;
  if (address.family === 4) {
    if (v === 0n) return 'the unspecified address';
    if (v >> 24n === 127n) return 'a loopback address';
    if (v >> 28n === 0xen) return 'a multicast address';
    if (v === 0xffffffffn) return 'the broadcast address';
    return null;
  }
  if (v === 0n) return 'the unspecified address';
  if (v === 1n) return 'the loopback address';
  if (v >> 120n === 0xffn) return 'a multicast address';
  return null;
}

/** The ranges of `family` not covered by `addresses` (sorted, merged, inclusive). */
export function complementRanges(family: IpFamily, addresses: readonly IpAddress[]): IpRange[] {
  const max = (1n << BigInt(BITS[family])) - 1n;
  const values = [...new Set(addresses.filter((a) => a.family === family).map((a) => a.value))].sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));
  const ranges: IpRange[] = [];
  let next = 0n;
  for (const v of values) {
    if (v > next) ranges.push({ first: ipFromValue(family, next), last: ipFromValue(family, v - 1n) });
    next = v + 1n;
  }
  if (next <= max) ranges.push({ first: ipFromValue(family, next), last: ipFromValue(family, max) });
  return ranges;
}
