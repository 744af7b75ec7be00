import { createSocket, type Socket } from 'node:dgram';
import { afterEach, describe, expect, it } from 'vitest';
import { dialUdp, type Connection } from '../../../src-main/transport';
import type { TransportError } from '../../../src-main/transport/transport-error';

const sockets: Socket[] = [];
afterEach(() => {
  for (const s of sockets.splice(0)) s.close();
});

/** A bound loopback UDP socket to dial. */
async function peer(): Promise<number> {
  const socket = createSocket('udp4');
  sockets.push(socket);
  await new Promise<void>((resolve) => socket.bind(0, '127.0.0.1', resolve));
  return socket.address().port;
}

/** Dials the peer over UDP and starts the connection; resolves with the close reason. */
async function dialled(): Promise<{ conn: Connection; closed: Promise<TransportError> }> {
  const result = await dialUdp({ kind: 'udp', host: '127.0.0.1', port: await peer() });
  if (!result.ok) throw new Error(result.error.message);
  const conn = result.value;
  const closed = new Promise<TransportError>((resolve) => conn.start({ onData: () => undefined, onClose: resolve }));
  return { conn, closed };
}

describe('UDP connection close', () => {
  it('end() then destroy() closes the socket once and reports CLOSED', async () => {
    const { conn, closed } = await dialled();
    conn.end();
    expect(() => conn.destroy()).not.toThrow();
    expect((await closed).code).toBe('CLOSED');
  });

  it('destroy() after the socket has already closed does not throw', async () => {
    const { conn, closed } = await dialled();
    conn.destroy();
    await closed;
    expect(() => conn.destroy()).not.toThrow();
    expect(() => conn.end()).not.toThrow();
  });
});
