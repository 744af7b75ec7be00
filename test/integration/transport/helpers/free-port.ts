/**
 * A loopback TCP port that was free a moment ago (for servers that cannot bind port 0).
 */
import { createServer } from 'node:net';

/** Binds port 0 on 127.0.0.1, notes the port, closes. */
export async function freePort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const address = server.address();
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return typeof address === 'object' && address ? address.port : 0;
}
