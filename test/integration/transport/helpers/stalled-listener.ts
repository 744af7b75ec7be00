/**
 * A TCP listener whose accept queue is full: a child Node process listens with backlog 1
 * and then blocks its event loop, so it never accepts. After two connections fill the
 * queue, the kernel drops further SYNs and a connect times out, deterministically.
 */
import { spawn } from 'node:child_process';
import { connect, type Socket } from 'node:net';

const CHILD = `
const net = require('node:net');
const server = net.createServer();
server.listen({ host: '127.0.0.1', port: 0, backlog: 1 }, () => {
  process.stdout.write(String(server.address().port) + '\\n');
  setTimeout(() => Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0), 20);
});
`;

/** A full listener on 127.0.0.1. */
export interface StalledListener {
  port: number;
  close(): void;
}

/** Starts the child, waits for its port, fills its accept queue. */
export async function startStalledListener(): Promise<StalledListener> {
  const child = spawn(process.execPath, ['-e', CHILD], { stdio: ['ignore', 'pipe', 'inherit'] });
  const port = await new Promise<number>((resolve, reject) => {
    child.stdout.once('data', (chunk: Buffer) => resolve(Number(chunk.toString().trim())));
    child.once('exit', (code) => reject(new Error(`stalled listener exited ${code}`)));
  });
  await new Promise((resolve) => setTimeout(resolve, 100));
  const fillers: Socket[] = [];
  for (let i = 0; i < 2; i++) {
    const socket = connect({ host: '127.0.0.1', port });
    socket.on('error', () => undefined);
    await new Promise<void>((resolve) => socket.once('connect', () => resolve()));
    fillers.push(socket);
  }
  return {
    port,
    close: () => {
      for (const socket of fillers) socket.destroy();
      child.kill('SIGKILL');
    },
  };
}
