/**
 * The engine's view of one running protocol session over its transport. The engine never
 * touches sockets: a {@link LinkFactory} builds a link (in production a transport
 * SessionDriver around a DNP3 or IEC 104 master Session; in tests a scripted fake), and
 * the link reports connection changes and session events through {@link LinkHooks}.
 */
import type { SessionCall, SessionEvent } from '../../../src-shared/session';
import type { StationConfig } from '../../../src-shared/workspace/station';
import type { ByteTap } from '../../transport/byte-tap';

/** Connection state reported by a link. */
export type LinkState = 'connecting' | 'connected' | 'disconnected' | 'backoff';

/** A connection error by code (`ECONNREFUSED`, `ETIMEDOUT`, `TLS_...`). */
export interface LinkError {
  code: string;
  message: string;
}

/** What a link reports to its station. */
export interface LinkHooks {
  /** The connection changed; `error` says why it failed or dropped. */
  onState(state: LinkState, error?: LinkError): void;
  /** An event from the protocol session. */
  onEvent(event: SessionEvent): void;
  /** Bytes went over the wire (counts frames for statistics). */
  onBytes?(direction: 'tx' | 'rx', count: number): void;
  /** Every chunk sent and received, with its connection (the analyzer's pcap recording). */
  onTap?: ByteTap;
}

/** One running session over its transport. */
export interface StationLink {
  /** Hands a call to the session (results come back as events). */
  call(call: SessionCall): void;
  /** Closes the connection and stops reconnecting. */
  stop(): Promise<void>;
}

/** Builds and starts the link of a station. */
export type LinkFactory = (station: StationConfig, hooks: LinkHooks) => StationLink;
