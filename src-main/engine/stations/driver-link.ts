/**
 * The production {@link LinkFactory}: a transport SessionDriver running the station's
 * protocol master Session over its endpoints (IEC 104 redundancy endpoints become further
 * links of the same session). The session itself comes from a {@link SessionFactory}, so
 * the engine depends on the protocol stacks only through the Session interface.
 */
import type { Session, SessionEvent } from '../../../src-shared/session';
import type { StationConfig } from '../../../src-shared/workspace/station';
import type { BackoffOptions } from '../../transport/backoff';
import type { Endpoint } from '../../transport/endpoint';
import { SessionDriver } from '../../transport/session-driver';
import type { LinkFactory, LinkHooks, StationLink } from './station-link';

/** Makes the master session of a station, or says why it cannot. */
export type SessionFactory = (station: StationConfig) => { ok: true; session: Session } | { ok: false; code: string; message: string };

/**
 * The transport endpoints of a station (first the primary, then redundancy endpoints).
 * An IEC 104 station's connect timeout is its t0; other stations use the transport's.
 */
export function stationEndpoints(config: StationConfig): Endpoint[] {
  const t = config.transport;
  if (t.kind === 'serial') {
    const d = config.dnp3;
    return [{ kind: 'serial', line: t.serial, masterAddress: d.masterAddress, outstationAddress: d.outstationAddress, responseTimeoutMs: d.responseTimeoutMs }];
  }
  const connectTimeoutMs = config.protocol === 'iec104' ? config.iec104.t0Ms : t.connectTimeoutMs;
  const one = (host: string, port: number): Endpoint => {
    switch (t.kind) {
      case 'tcp':
        return { kind: 'tcp', host, port, connectTimeoutMs };
      case 'udp':
        return { kind: 'udp', host, port };
      case 'tcp-listen':
        return { kind: 'tcp-listen', host, port };
      case 'tls':
        return {
          kind: 'tls',
          host,
          port,
          caFile: t.tls!.caFile,
          certFile: t.tls!.certFile,
          keyFile: t.tls!.keyFile,
          servername: t.tls!.servername,
          connectTimeoutMs,
        };
    }
  };
  const endpoints = [one(t.host, t.port)];
  if (config.protocol === 'iec104') for (const extra of config.iec104.redundancy) endpoints.push(one(extra.host, extra.port));
  return endpoints;
}

/** The fraction of each reconnect delay that may be taken off at random. */
const RECONNECT_JITTER = 0.25;

/**
 * A station's reconnect delays: its `reconnectDelayMs`, doubled after each failed attempt
 * up to 30 s, with up to a quarter taken off at random, so that stations cut off together
 * (a shared network outage, a restarted front end or firewall) do not all dial again in
 * the same instant, every time.
 */
export function stationBackoff(config: StationConfig): Partial<BackoffOptions> {
  return { initialMs: config.transport.reconnectDelayMs, jitter: RECONNECT_JITTER };
}

/** A link that never connects because no session could be made; it reports why. */
function failedLink(hooks: LinkHooks, code: string, message: string): StationLink {
  queueMicrotask(() => hooks.onState('disconnected', { code, message }));
  return { call: () => undefined, stop: async () => undefined };
}

/** Builds the production LinkFactory from a session factory. */
export function createDriverLinkFactory(makeSession: SessionFactory): LinkFactory {
  return (config, hooks) => {
    const made = makeSession(config);
    if (!made.ok) return failedLink(hooks, made.code, made.message);
    const connected = new Set<number>();
    const driver = new SessionDriver({
      session: made.session,
      endpoints: stationEndpoints(config),
      backoff: stationBackoff(config),
      onEvent: (event: SessionEvent) => hooks.onEvent(event),
      onBytes: (direction, link, bytes, nowMs, connection) => {
        hooks.onBytes?.(direction, bytes.length);
        hooks.onTap?.(direction, link, bytes, nowMs, connection);
      },
      onState: (state) => {
        if (state.state === 'connected') connected.add(state.link);
        else connected.delete(state.link);
        if (state.state === 'connected' || connected.size === 0) hooks.onState(state.state, state.error);
      },
    });
    driver.start();
    return { call: (call) => driver.call(call), stop: () => driver.stop() };
  };
}
