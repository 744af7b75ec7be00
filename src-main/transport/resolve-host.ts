/**
 * Name resolution as a timed, classified step (for commissioning reports).
 */
import { lookup } from 'node:dns/promises';
import { isIP } from 'node:net';
import { classifyError, type TransportError } from './transport-error';

/** One resolved address. */
export interface ResolvedAddress {
  address: string;
  family: 'IPv4' | 'IPv6';
}

/** Outcome of resolving a host. */
export type Resolution =
  | { ok: true; addresses: ResolvedAddress[]; literal: boolean; durationMs: number }
  | { ok: false; error: TransportError; durationMs: number };

/** Resolves `host` with the system resolver (as connections do); an IP literal needs no lookup. */
export async function resolveHost(host: string): Promise<Resolution> {
  const start = performance.now();
  const durationMs = (): number => Math.round((performance.now() - start) * 10) / 10;
  const literal = isIP(host);
  if (literal) return { ok: true, addresses: [{ address: host, family: literal === 6 ? 'IPv6' : 'IPv4' }], literal: true, durationMs: 0 };
  try {
    const found = await lookup(host, { all: true });
    return {
      ok: true,
      addresses: found.map((a) => ({ address: a.address, family: a.family === 6 ? 'IPv6' : 'IPv4' })),
      literal: false,
      durationMs: durationMs(),
    };
  } catch (err) {
    return { ok: false, error: classifyError(err), durationMs: durationMs() };
  }
}
