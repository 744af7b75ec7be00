/**
 * The monitor's `HOST:PORT` addresses (`127.0.0.1:20001`, `[::1]:20001`, `rtu7.lan:20000`)
 * and whether a listening address is on this host's loopback, the only place the app lets
 * an engineer open a relay unless an administrator allows more.
 */

/** A parsed address. */
export interface HostPort {
  host: string;
  port: number;
}

/** A parsed address, or why the text is not one. */
export type HostPortResult = { ok: true; value: HostPort } | { ok: false; error: { code: 'BAD_ADDRESS'; message: string } };

const FORM = /^(?:\[([0-9a-fA-F:.]+)\]|([^\s:[\]]+)):(\d{1,5})$/;

/** Parses `HOST:PORT` (an IPv6 address in brackets); port 1-65535, or 0 when `allowAnyPort`. */
export function parseHostPort(text: string, allowAnyPort = false): HostPortResult {
  const m = FORM.exec(text.trim());
  const fail = (why: string): HostPortResult => ({ ok: false, error: { code: 'BAD_ADDRESS', message: `'${text}' ${why}` } });
  if (!m) return fail('is not HOST:PORT (e.g. 127.0.0.1:20001 or [::1]:20001)');
  const port = Number(m[3]);
  if (port > 65535 || (port === 0 && !allowAnyPort)) return fail(`has port ${port}: use 1-65535`);
  return { ok: true, value: { host: m[1] ?? m[2]!, port } };
}

/** True for 127.0.0.0/8, ::1 and `localhost`. */
export function isLoopback(host: string): boolean {
  return host === 'localhost' || host === '::1' || /^127\.\d{1,3}\.\d{1,3}\.\d{1,3}$/.test(host);
}

/** `host:port`, with brackets around an IPv6 address. */
export function formatHostPort(a: HostPort): string {
  return a.host.includes(':') ? `[${a.host}]:${a.port}` : `${a.host}:${a.port}`;
}
