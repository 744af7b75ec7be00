/**
 * Connects every station link's byte tap to the analyzer's recording, whatever builds the
 * links (the production driver links or a test's fakes).
 */
import type { AnalyzerFeed } from './analyzer-feed';
import type { LinkFactory } from '../stations/station-link';

/** A LinkFactory whose links also report their wire traffic to `analyzer` by station id. */
export function tapForAnalyzer(factory: LinkFactory, analyzer: AnalyzerFeed): LinkFactory {
  return (config, hooks) => factory(config, { ...hooks, onTap: (...chunk) => analyzer.tap(config.id, ...chunk) });
}
