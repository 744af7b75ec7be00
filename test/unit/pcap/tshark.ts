/**
 * tshark (Debian package) as an independent oracle for capture tests.
 */
import { execFileSync } from 'node:child_process';
import { existsSync } from 'node:fs';

/** Path of tshark, or null when it is not installed. */
export const TSHARK = ['/usr/bin/tshark', '/usr/local/bin/tshark'].find((p) => existsSync(p)) ?? null;

/** Checksum validation on, so a wrong IP/TCP/UDP checksum shows up as an expert error. */
const CHECKSUMS = ['-o', 'ip.check_checksum:TRUE', '-o', 'tcp.check_checksum:TRUE', '-o', 'udp.check_checksum:TRUE'];

/** Runs tshark on `file` and returns one row of field values per displayed frame. */
export function tsharkFields(file: string, fields: string[], filter?: string): string[][] {
  if (!TSHARK) throw new Error('tshark is not installed');
  const args = ['-r', file, ...CHECKSUMS, '-T', 'fields', '-E', 'separator=\t', '-E', 'occurrence=a', '-E', 'aggregator=,'];
  if (filter) args.push('-Y', filter);
  for (const field of fields) args.push('-e', field);
  const out = execFileSync(TSHARK, args, { encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'], timeout: 60_000 });
  return out
    .split('\n')
    .filter((line) => line.length > 0)
    .map((line) => line.split('\t'));
}
