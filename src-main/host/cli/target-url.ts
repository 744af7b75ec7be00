/**
 * Target URLs on the command line: the engine's parser (commissioning/target/target-url.ts),
 * with a bad URL, or an update key file (`sa-key-file`) that cannot be used, as a usage
 * error (exit 2).
 */
import type { Target } from '../../commissioning/target/target';
import { readUpdateKeyFile } from '../../engine/stations/sa-key-file';
import { parseTargetUrl as parseUrl } from '../../commissioning/target/target-url';
import { CliError, EXIT } from './exit-codes';

/** Parses a target URL; throws a usage CliError naming the problem. */
export function parseTargetUrl(text: string): Target {
  const parsed = parseUrl(text);
  if (!parsed.ok) throw new CliError(EXIT.USAGE, parsed.error.message);
  // an update key file that cannot be used is a usage error, before anything connects
  const sa = parsed.value.secureAuth;
  const key = sa ? readUpdateKeyFile(sa.keyFile) : null;
  if (key && !key.ok) throw new CliError(EXIT.USAGE, key.error.message);
  return parsed.value;
}
