/**
 * Connects every station link to the analyzer, whatever builds the links (the production
 * driver links or a test's fakes): its byte tap feeds the recording, and its session's
 * decode level follows whether anybody watches the station.
 */
import type { AnalyzerFeed } from './analyzer-feed';
import type { LinkFactory } from '../stations/station-link';

/**
 * A LinkFactory whose links also report their wire traffic to `analyzer` by station id and
 * let it switch their session's decode level.
 */
export function tapForAnalyzer(factory: LinkFactory, analyzer: AnalyzerFeed): LinkFactory {
  return (config, hooks) => {
    const link = factory(config, { ...hooks, onTap: (...chunk) => analyzer.tap(config.id, ...chunk) });
    const detach = analyzer.attach(config.id, (level) => link.call({ op: 'decodeLevel', level }));
    return {
      call: (call) => link.call(call),
      stop: async () => {
        detach();
        await link.stop();
      },
    };
  };
}
