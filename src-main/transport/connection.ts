/**
 * One open byte stream (a TCP/TLS socket or a UDP peer) behind a small interface, so the
 * session driver and server treat every transport alike.
 */
import type { Socket } from 'node:net';
import type { TLSSocket } from 'node:tls';
import { classifyError, transportError, type TransportError } from './transport-error';
import { tlsDetails, type TlsDetails } from './tls-details';
import type { SlabReads } from './slab-reads';
import type { TlsClientWatch } from './tls-rejection';

/** One end of a connection. */
export interface SocketAddress {
  address: string;
  port: number;
  family: 'IPv4' | 'IPv6';
}

/** What a network connection is: its transport and both ends (and TLS details when secured). */
export interface IpConnectionInfo {
  transport: 'tcp' | 'udp';
  /** Which side opened it: `local` for connections we dialled, `remote` for accepted ones. */
  initiator: 'local' | 'remote';
  local: SocketAddress;
  remote: SocketAddress;
  tls?: TlsDetails;
}

/** A station's place on a serial line: the port, its format and the outstation address served. */
export interface SerialConnectionInfo {
  transport: 'serial';
  initiator: 'local' | 'remote';
  path: string;
  /** `9600 8N1`. */
  format: string;
  /** The outstation's link address on the (multidrop) line. */
  outstation: number;
}

/** What a connection is. */
export type ConnectionInfo = IpConnectionInfo | SerialConnectionInfo;

/** The far end as logs name it: `127.0.0.1:51234`, `[::1]:51234` or `/dev/ttyUSB0 outstation 10`. */
export function describePeer(info: ConnectionInfo): string {
  if (info.transport === 'serial') return `${info.path} outstation ${info.outstation}`;
  const address = info.remote.family === 'IPv6' ? `[${info.remote.address}]` : info.remote.address;
  return `${address}:${info.remote.port}`;
}

/** Callbacks of a started connection. `onClose` is called exactly once. */
export interface ConnectionHandlers {
  onData(bytes: Uint8Array): void;
  /** Why it closed: `CLOSED` for an orderly end (either side), otherwise the classified error. */
  onClose(error: TransportError): void;
}

/** An open connection. Nothing is delivered before `start`; what arrived is kept until then. */
export interface Connection {
  readonly info: ConnectionInfo;
  start(handlers: ConnectionHandlers): void;
  write(bytes: Uint8Array): void;
  /** Orderly close after pending writes. */
  end(): void;
  /** Immediate close. */
  destroy(): void;
}

/** Low-level operations a BufferedConnection delegates to. */
interface ConnectionOps {
  write(bytes: Uint8Array): void;
  end(): void;
  destroy(): void;
}

/** A Connection that buffers data and close until started; transports push into it. */
export class BufferedConnection implements Connection {
  private handlers: ConnectionHandlers | null = null;
  private pending: Uint8Array[] = [];
  private closedWith: TransportError | null = null;
  private closeDelivered = false;

  constructor(
    readonly info: ConnectionInfo,
    private readonly ops: ConnectionOps,
  ) {}

  /** Starts delivery; flushes what arrived before. */
  start(handlers: ConnectionHandlers): void {
    if (this.handlers) throw new Error('connection already started');
    this.handlers = handlers;
    const pending = this.pending;
    this.pending = [];
    for (const bytes of pending) handlers.onData(bytes);
    if (this.closedWith) this.deliverClose(this.closedWith);
  }

  /** Transport side: bytes arrived. */
  push(bytes: Uint8Array): void {
    if (this.closedWith) return;
    if (this.handlers) this.handlers.onData(bytes);
    else this.pending.push(bytes);
  }

  /** Transport side: the connection is gone. The first reason wins. */
  closed(error: TransportError): void {
    if (this.closedWith) return;
    this.closedWith = error;
    if (this.handlers) this.deliverClose(error);
  }

  /** Sends bytes; ignored once closed. */
  write(bytes: Uint8Array): void {
    if (!this.closedWith) this.ops.write(bytes);
  }

  /** Orderly close. */
  end(): void {
    this.ops.end();
  }

  /** Immediate close. */
  destroy(): void {
    this.ops.destroy();
  }

  private deliverClose(error: TransportError): void {
    if (this.closeDelivered || !this.handlers) return;
    this.closeDelivered = true;
    this.handlers.onClose(error);
  }
}

/** Address of one end of a socket, as a SocketAddress. */
function addressOf(address: string | undefined, port: number | undefined, family: string | undefined): SocketAddress {
  return {
    address: address ?? '',
    port: port ?? 0,
    family: family === 'IPv6' || address?.includes(':') ? 'IPv6' : 'IPv4',
  };
}

/** Sets TCP_NODELAY and keep-alive, as every protocol socket here wants. */
export function tuneSocket(socket: Socket): void {
  socket.setNoDelay(true);
  socket.setKeepAlive(true, 10_000);
}

/** How a wrapped socket is read and what it is secured with. */
export interface SocketReading {
  /** The TLS socket (the same object as the socket) when secured. */
  tls?: TLSSocket;
  /** A TLS client's watch: names a certificate the peer rejected right after the handshake. */
  watch?: TlsClientWatch;
  /** The `onread` reads the plain TCP socket was created with; stream 'data' events otherwise. */
  reads?: SlabReads;
}

/**
 * Wraps a connected TCP or TLS socket. The first socket error decides the close reason;
 * a plain end is `CLOSED`. With a TLS client's `watch`, the reason is named by it (a
 * client certificate the peer rejected right after the handshake).
 */
export function wrapSocket(socket: Socket, initiator: 'local' | 'remote', reading: SocketReading = {}): BufferedConnection {
  const { tls, watch, reads } = reading;
  const info: IpConnectionInfo = {
    transport: 'tcp',
    initiator,
    local: addressOf(socket.localAddress, socket.localPort, socket.localFamily),
    remote: addressOf(socket.remoteAddress, socket.remotePort, socket.remoteFamily),
  };
  if (tls) info.tls = tlsDetails(tls);
  let error: TransportError | null = null;
  const conn = new BufferedConnection(info, {
    write: (bytes) => socket.write(bytes),
    end: () => socket.end(),
    destroy: () => socket.destroy(),
  });
  if (reads) {
    reads.deliverTo((bytes) => conn.push(bytes));
  } else {
    socket.on('data', (chunk: Buffer) => {
      watch?.received();
      conn.push(new Uint8Array(chunk.buffer, chunk.byteOffset, chunk.byteLength));
    });
  }
  socket.on('error', (err) => {
    error ??= classifyError(err);
  });
  socket.on('close', () => {
    const reason = error ?? transportError('CLOSED');
    conn.closed(watch ? watch.name(reason) : reason);
  });
  return conn;
}
