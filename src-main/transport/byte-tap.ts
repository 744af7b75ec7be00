/**
 * The byte tap: a hook that sees every chunk a driver or server sends and receives, for
 * pcap capture and the analyzer.
 */
import type { ConnectionInfo } from './connection';

/** Direction of a tapped chunk, from our side: `tx` we sent, `rx` we received. */
export type TapDirection = 'tx' | 'rx';

/**
 * Called for every chunk as it is written or read. `link` is the driver's link index (for
 * serveSessions, the accepted connection's serial number); `nowMs` is performance.now()
 * time; `connection` tells the transport and both addresses (for synthetic packet headers).
 * The bytes must not be kept beyond the call without copying.
 */
export type ByteTap = (
  direction: TapDirection,
  link: number,
  bytes: Uint8Array,
  nowMs: number,
  connection: ConnectionInfo,
) => void;
