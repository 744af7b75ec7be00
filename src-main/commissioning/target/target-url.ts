/**
 * Target URLs of CLI.md: `dnp3://`, `dnp3+udp://`, `dnp3+tls://`, `iec104://`,
 * `iec104+tls://`, `dnp3+serial:///dev/ttyUSB0?baud=9600&parity=none&databits=8&stopbits=1`
 * (also `rs485=1` and `gap-ms=N`, the inter-frame gap; `dnp3+serial:///COM3` on Windows) with defaults (ports 20000 / 2404 / 19998, DNP3 master 1 and
 * outstation 10, common address 1; IEC 104 `actterm=auto|expected|none` and `actterm-ms=N`,
 * the activation termination of commands; DNP3 Secure Authentication `sa-user=N`,
 * `sa-key-file=PATH`, `sa-aggressive=1`, `sa-mac=16|8`). Shared by the CLI and the Commissioning view's ad-hoc
 * checks, so a URL means the same thing in both.
 */
import { ACT_TERM_MODES, ACT_TERM_WINDOW_MS, type ActTermMode } from '../../protocols/iec104';
import type { SaSettings } from '../../engine/stations/sa-key-file';
import { DEFAULT_SERIAL_LINE, type SerialLineSettings } from '../../transport/serial-settings';
import type { Target } from './target';

const SCHEMES: Record<string, { protocol: Target['protocol']; transport: Target['transport']; port: number }> = {
  'dnp3:': { protocol: 'dnp3', transport: 'tcp', port: 20000 },
  'dnp3+udp:': { protocol: 'dnp3', transport: 'udp', port: 20000 },
  'dnp3+tls:': { protocol: 'dnp3', transport: 'tls', port: 20000 },
  'dnp3+serial:': { protocol: 'dnp3', transport: 'serial', port: 0 },
  'iec104:': { protocol: 'iec104', transport: 'tcp', port: 2404 },
  'iec104+tls:': { protocol: 'iec104', transport: 'tls', port: 19998 },
};

/** DNP3 Secure Authentication, on every DNP3 transport. */
const SA_PARAMS: readonly string[] = ['sa-user', 'sa-key-file', 'sa-aggressive', 'sa-mac'];

const SERIAL_PARAMS: readonly string[] = ['master', 'outstation', 'baud', 'parity', 'databits', 'stopbits', 'rs485', 'gap-ms', ...SA_PARAMS];

const PARAMS: Record<Target['protocol'], readonly string[]> = {
  dnp3: ['master', 'outstation', 'ca-file', 'cert', 'key', 'servername', ...SA_PARAMS],
  iec104: ['ca', 'actterm', 'actterm-ms', 'ca-file', 'cert', 'key', 'servername'],
};

/** The URL schemes understood, as typed (without the colon). */
export const TARGET_URL_SCHEMES: readonly string[] = Object.keys(SCHEMES).map((s) => s.slice(0, -1));

/** A parsed target, or why the URL is not one (the message names the problem). */
export type TargetUrlResult = { ok: true; value: Target } | { ok: false; error: { code: 'BAD_URL'; message: string } };

class BadUrl extends Error {}

function address(value: string | null, name: string, fallback: number, max: number, min = 0): number {
  if (value === null) return fallback;
  const n = Number(value);
  if (value === '' || !Number.isInteger(n) || n < min || n > max) throw new BadUrl(`bad URL: ${name} must be ${min}-${max}, got '${value}'`);
  return n;
}

function oneOf<T extends string | number>(value: string | null, name: string, allowed: readonly T[], fallback: T): T {
  if (value === null) return fallback;
  const found = allowed.find((a) => String(a) === value);
  if (found === undefined) throw new BadUrl(`bad URL: ${name} must be one of ${allowed.join(', ')}, got '${value}'`);
  return found;
}

/** The line of a `dnp3+serial:///path?...` URL; a Windows port is written `dnp3+serial:///COM3`. */
function serialLine(url: URL, text: string): SerialLineSettings {
  const decoded = decodeURIComponent(url.pathname);
  const path = /^\/COM\d+$/i.test(decoded) ? decoded.slice(1) : decoded;
  if (url.hostname !== '' || path === '' || path === '/') throw new BadUrl(`bad URL '${text}': expected dnp3+serial:///dev/ttyUSB0?baud=9600 (three slashes, then the port path)`);
  const q = url.searchParams;
  return {
    path,
    baudRate: address(q.get('baud'), 'baud', DEFAULT_SERIAL_LINE.baudRate, 4_000_000, 50),
    dataBits: oneOf(q.get('databits'), 'databits', [7, 8] as const, DEFAULT_SERIAL_LINE.dataBits),
    parity: oneOf(q.get('parity'), 'parity', ['none', 'even', 'odd'] as const, DEFAULT_SERIAL_LINE.parity),
    stopBits: oneOf(q.get('stopbits'), 'stopbits', [1, 2] as const, DEFAULT_SERIAL_LINE.stopBits),
    rs485: oneOf(q.get('rs485'), 'rs485', ['0', '1'] as const, '0') === '1',
    interFrameGapMs: address(q.get('gap-ms'), 'gap-ms', DEFAULT_SERIAL_LINE.interFrameGapMs, 10_000),
  };
}

/** Where a target URL points: protocol, transport, host and port, without its addresses or TLS files. */
export type TargetEndpoint = Pick<Target, 'protocol' | 'transport' | 'host' | 'port'>;

function endpoint(text: string): { url: URL; endpoint: TargetEndpoint } {
  let url: URL;
  try {
    url = new URL(text);
  } catch {
    throw new BadUrl(`bad URL '${text}' (expected e.g. dnp3://127.0.0.1:20000?outstation=10 or iec104://127.0.0.1:2404?ca=1)`);
  }
  const scheme = SCHEMES[url.protocol];
  if (!scheme) throw new BadUrl(`bad URL '${text}': scheme must be one of ${TARGET_URL_SCHEMES.join(', ')}`);
  const allowed = scheme.transport === 'serial' ? SERIAL_PARAMS : PARAMS[scheme.protocol];
  for (const key of url.searchParams.keys()) {
    if (!allowed.includes(key)) throw new BadUrl(`bad URL: unknown parameter '${key}' for ${url.protocol.slice(0, -1)}`);
  }
  if (scheme.transport === 'serial') return { url, endpoint: { protocol: 'dnp3', transport: 'serial', host: serialLine(url, text).path, port: 0 } };
  if (url.hostname === '') throw new BadUrl(`bad URL '${text}': no host`);
  const host = url.hostname.startsWith('[') ? url.hostname.slice(1, -1) : url.hostname;
  return { url, endpoint: { protocol: scheme.protocol, transport: scheme.transport, host, port: url.port === '' ? scheme.port : Number(url.port) } };
}

function parse(text: string): Target {
  const { url, endpoint: e } = endpoint(text);
  const q = url.searchParams;
  const sa = secureAuthOf(q);
  if (e.transport === 'serial') return { ...e, ...dnp3Addresses(q), commonAddress: 1, serial: serialLine(url, text), ...(sa ? { secureAuth: sa } : {}) };
  const target: Target = {
    ...e,
    ...dnp3Addresses(q),
    commonAddress: address(q.get('ca'), 'ca', 1, 65535),
  };
  const actTerm = q.get('actterm');
  if (actTerm !== null) {
    if (!(ACT_TERM_MODES as readonly string[]).includes(actTerm)) throw new BadUrl(`bad URL: actterm must be one of ${ACT_TERM_MODES.join(', ')}, got '${actTerm}'`);
    target.actTerm = actTerm as ActTermMode;
  }
  if (q.get('actterm-ms') !== null) target.actTermWindowMs = address(q.get('actterm-ms'), 'actterm-ms', ACT_TERM_WINDOW_MS, 60_000, 1);
  if (sa) target.secureAuth = sa;
  if (e.transport === 'tls') {
    const [caFile, certFile, keyFile] = [q.get('ca-file'), q.get('cert'), q.get('key')];
    if (!caFile || !certFile || !keyFile) throw new BadUrl(`bad URL: ${url.protocol}// needs ca-file, cert and key parameters`);
    const servername = q.get('servername');
    target.tls = { caFile, certFile, keyFile, ...(servername ? { servername } : {}) };
  }
  return target;
}

/** DNP3 Secure Authentication from the URL: `sa-key-file` turns it on; `sa-user` defaults to 1. */
function secureAuthOf(q: URLSearchParams): SaSettings | null {
  const keyFile = q.get('sa-key-file');
  const others = ['sa-user', 'sa-aggressive', 'sa-mac'].filter((k) => q.get(k) !== null);
  if (keyFile === null) {
    if (others.length > 0) throw new BadUrl(`bad URL: ${others[0]} needs sa-key-file (the user's update key)`);
    return null;
  }
  if (keyFile === '') throw new BadUrl('bad URL: sa-key-file is empty');
  const aggressive = q.get('sa-aggressive');
  if (aggressive !== null && !['0', '1', 'true', 'false'].includes(aggressive)) throw new BadUrl(`bad URL: sa-aggressive must be 1 or 0, got '${aggressive}'`);
  const mac = q.get('sa-mac') ?? '16';
  if (mac !== '16' && mac !== '8') throw new BadUrl(`bad URL: sa-mac must be 16 (HMAC-SHA-256/16) or 8 (HMAC-SHA-256/8), got '${mac}'`);
  return { user: address(q.get('sa-user'), 'sa-user', 1, 65535, 1), keyFile, aggressive: aggressive === '1' || aggressive === 'true', macOctets: mac === '8' ? 8 : 16 };
}

function dnp3Addresses(q: URLSearchParams): Pick<Target, 'masterAddress' | 'outstationAddress'> {
  return { masterAddress: address(q.get('master'), 'master', 1, 65519), outstationAddress: address(q.get('outstation'), 'outstation', 10, 65519) };
}

type UrlResult<T> = { ok: true; value: T } | { ok: false; error: { code: 'BAD_URL'; message: string } };

function parsed<T>(read: () => T): UrlResult<T> {
  try {
    return { ok: true, value: read() };
  } catch (error) {
    if (error instanceof BadUrl) return { ok: false, error: { code: 'BAD_URL', message: error.message } };
    throw error;
  }
}

/** Parses a target URL; a bad one is a BAD_URL error naming the problem. */
export function parseTargetUrl(text: string): TargetUrlResult {
  return parsed(() => parse(text.trim()));
}

/**
 * Parses only where a target URL points (scheme, host, port; parameters are checked by
 * name only), for what needs no session: a TLS URL needs no certificate files here.
 */
export function parseTargetEndpoint(text: string): UrlResult<TargetEndpoint> {
  return parsed(() => endpoint(text.trim()).endpoint);
}
