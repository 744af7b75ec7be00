/**
 * serveSessions: hosts one Session per accepted connection (per remote address for UDP),
 * for the built-in outstation / controlled-station simulators and for tests.
 */
import type { Session, SessionEvent } from '../../src-shared/session';
import type { ByteTap } from './byte-tap';
import { describePeer, type Connection, type ConnectionInfo } from './connection';
import { listen, type ListenEndpoint } from './listen';
import type { ClientRejection } from './tls-rejection';
import { SessionRunner } from './session-runner';
import type { TransportError } from './transport-error';

/** Grace after a session-requested close before the socket is destroyed. */
const CLOSE_FLUSH_MS = 1000;

/** Options of serveSessions. */
export interface ServeOptions {
  /** Where to listen; host defaults to 127.0.0.1, port 0 picks a free port. */
  endpoint: ListenEndpoint;
  /** Makes the session for a new connection. */
  createSession: () => Session;
  /** Events of every hosted session, with the connection they came from. */
  onEvent?: (event: SessionEvent, connection: ConnectionInfo) => void;
  /**
   * A connection opened (`error` absent) or closed (`error` says why; when the hosted
   * session closed it, its message is `closed here: <the session's reason>`).
   */
  onConnection?: (connection: ConnectionInfo, error?: TransportError) => void;
  /**
   * A connection refused before it was served: a failed TLS handshake or client
   * certificate (the reason as a log says it), or one over `maxConnections`.
   */
  onRejected?: (rejection: ClientRejection, remote: string) => void;
  /** Every chunk; `link` is the connection's serial number (1, 2, ...). */
  onBytes?: ByteTap;
  /**
   * Connections served at once. Beyond it a new connection is accepted and closed at
   * once, as an RTU at its master limit does. Default unlimited.
   */
  maxConnections?: number;
}

/** A running server. */
export interface SessionServer {
  /** The bound port. */
  port: number;
  /** Connections currently served. */
  connections(): number;
  /** Stops listening and closes every connection (each session sees `down`). */
  close(): Promise<void>;
}

/** Error returned when the server cannot listen. */
export class ServeError extends Error {
  constructor(readonly error: TransportError) {
    super(`cannot listen: ${error.message}`);
    this.name = 'ServeError';
  }
}

/**
 * Listens and hosts a fresh Session per connection. Rejects with a ServeError when the
 * address cannot be bound (a setup failure, not a connection outcome).
 */
export async function serveSessions(options: ServeOptions): Promise<SessionServer> {
  const live = new Set<Connection>();
  let serial = 0;
  let closing = false;

  /** False (and the refusal reported) when no further connection may be served now. */
  const admit = (remote: string): boolean => {
    if (closing) return false;
    if (options.maxConnections === undefined || live.size < options.maxConnections) return true;
    options.onRejected?.({ code: 'CLOSED', reason: `limit of ${options.maxConnections} concurrent masters reached` }, remote);
    return false;
  };

  const host = (conn: Connection): void => {
    if (!admit(describePeer(conn.info))) {
      conn.destroy();
      return;
    }
    const link = ++serial;
    const info = conn.info;
    live.add(conn);
    options.onConnection?.(info);
    /** Why the session asked to close, e.g. `FRAME_BAD_START: ...` for another protocol's octets. */
    let closedHere: string | null = null;
    const runner = new SessionRunner(options.createSession(), {
      tx: (_link, bytes) => {
        options.onBytes?.('tx', link, bytes, performance.now(), info);
        conn.write(bytes);
      },
      close: (_link, reason) => {
        closedHere ??= reason;
        conn.end();
        setTimeout(() => conn.destroy(), CLOSE_FLUSH_MS).unref();
      },
      event: (event) => options.onEvent?.(event, info),
      failed: () => conn.destroy(),
    });
    conn.start({
      onData: (bytes) => {
        options.onBytes?.('rx', link, bytes, performance.now(), info);
        runner.feed({ kind: 'rx', bytes, link: 0 });
      },
      onClose: (error) => {
        live.delete(conn);
        runner.feed({ kind: 'down', reason: error.message, link: 0 });
        runner.dispose();
        options.onConnection?.(info, closedHere === null ? error : { code: error.code, message: `closed here: ${closedHere}` });
      },
    });
    runner.feed({ kind: 'up', link: 0 });
  };

  const bound = await listen(options.endpoint, { onConnection: host, admit, ...(options.onRejected ? { onRejected: options.onRejected } : {}) });
  if (!bound.ok) throw new ServeError(bound.error);
  const listener = bound.value;
  return {
    port: listener.port,
    connections: () => live.size,
    close: async () => {
      closing = true;
      const closed = listener.close();
      for (const conn of [...live]) conn.destroy();
      await closed;
    },
  };
}
