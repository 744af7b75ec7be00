/**
 * A loopback TCP proxy whose connections the test can cut at once, as a failing link does:
 * both ends see the connection drop, whatever was in flight is lost.
 */
import { createConnection, createServer, type Socket } from 'node:net';

/** A running proxy. */
export interface CutProxy {
  /** The proxy's port on 127.0.0.1. */
  port: number;
  /** Destroys every proxied connection (both sides). */
  cut(): void;
  close(): Promise<void>;
}

/** Listens on a free 127.0.0.1 port and forwards each connection to 127.0.0.1:`target`. */
export async function cutProxy(target: number): Promise<CutProxy> {
  const sockets = new Set<Socket>();
  const track = (socket: Socket): void => {
    sockets.add(socket);
    socket.on('close', () => sockets.delete(socket));
    socket.on('error', () => undefined);
  };
  const server = createServer((client) => {
    const upstream = createConnection({ host: '127.0.0.1', port: target });
    track(client);
    track(upstream);
    client.pipe(upstream);
    upstream.pipe(client);
    client.on('close', () => upstream.destroy());
    upstream.on('close', () => client.destroy());
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const address = server.address();
  if (address === null || typeof address === 'string') throw new Error('proxy has no port');
  return {
    port: address.port,
    cut: () => {
      for (const socket of sockets) socket.destroy();
    },
    close: () => {
      for (const socket of sockets) socket.destroy();
      return new Promise((resolve) => server.close(() => resolve()));
    },
  };
}
