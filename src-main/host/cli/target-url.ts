/**
 * Target URLs on the command line: the engine's parser (commissioning/target/target-url.ts),
 * with a bad URL as a usage error (exit 2).
 */
import type { Target } from '../../commissioning/target/target';
import { parseTargetUrl as parseUrl } from '../../commissioning/target/target-url';
import { CliError, EXIT } from './exit-codes';

/** Parses a target URL; throws a usage CliError naming the problem. */
export function parseTargetUrl(text: string): Target {
  const parsed = parseUrl(text);
  if (!parsed.ok) throw new CliError(EXIT.USAGE, parsed.error.message);
  return parsed.value;
}
