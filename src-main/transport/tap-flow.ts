/**
 * Which synthetic flow a tapped chunk belongs to: the tap reports chunks from our side
 * (`tx` / `rx`) with the connection's two ends; a pcap flow is described from the client
 * (the side that opened the connection) to the server.
 */
import type { FlowSpec } from '../protocols/pcap';
import type { ConnectionInfo } from './connection';

/** A tapped chunk's flow: its key (one per link and connection), its ends, its direction. */
export interface TapFlow {
  key: string;
  spec: FlowSpec;
  /** True when the client of the flow sent the chunk. */
  fromClient: boolean;
}

/**
 * The flow of a chunk tapped on `link` over `connection`; `sent` is true for `tx`.
 * `rewritePorts` maps real ports to the ones written (e.g. `{ 19998: 2404 }`). A serial
 * line has no IP flow to write: null.
 */
export function tapFlow(link: number, connection: ConnectionInfo, sent: boolean, rewritePorts: Record<number, number> = {}): TapFlow | null {
  if (connection.transport === 'serial') return null;
  const port = (p: number): number => rewritePorts[p] ?? p;
  const local = { address: connection.local.address, port: port(connection.local.port) };
  const remote = { address: connection.remote.address, port: port(connection.remote.port) };
  const weOpened = connection.initiator === 'local';
  const spec: FlowSpec = {
    transport: connection.transport,
    client: weOpened ? local : remote,
    server: weOpened ? remote : local,
  };
  const key = `${link}|${connection.transport}|${local.address}|${local.port}|${remote.address}|${remote.port}`;
  return { key, spec, fromClient: sent === weOpened };
}
