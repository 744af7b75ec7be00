import { createServer, type Server, type Socket } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { dialTcp } from '../../../src-main/transport';
import { waitFor } from './helpers/test-sessions';

let server: Server | null = null;
afterEach(async () => {
  await new Promise<void>((resolve) => (server ? server.close(() => resolve()) : resolve()));
  server = null;
});

/** A loopback server that writes `data` in pieces of `piece` octets and then ends. */
async function sender(data: Uint8Array, piece: number): Promise<number> {
  server = createServer((socket: Socket) => {
    for (let at = 0; at < data.length; at += piece) socket.write(data.subarray(at, at + piece));
    socket.end();
  });
  await new Promise<void>((resolve) => server!.listen(0, '127.0.0.1', resolve));
  const address = server.address();
  return typeof address === 'object' && address ? address.port : 0;
}

describe('dialTcp reads', () => {
  it('delivers plain Uint8Array chunks that stay intact while later reads arrive (views may be kept)', async () => {
    const data = new Uint8Array(3 * 1024 * 1024);
    for (let i = 0; i < data.length; i++) data[i] = (i * 7 + (i >> 10)) & 0xff;
    const port = await sender(data, 1000);
    const dialed = await dialTcp({ kind: 'tcp', host: '127.0.0.1', port, connectTimeoutMs: 5000 });
    expect(dialed.ok).toBe(true);
    if (!dialed.ok) return;
    const kept: Uint8Array[] = [];
    let closed = false;
    dialed.value.start({ onData: (bytes) => kept.push(bytes), onClose: () => (closed = true) });
    await waitFor(() => closed, 20_000);
    expect(new Set(kept.map((c) => c.constructor))).toEqual(new Set([Uint8Array]));
    // the chunks were kept by reference, not copied: every one must still hold what was sent
    expect(Buffer.concat(kept).equals(data)).toBe(true);
  });
});
