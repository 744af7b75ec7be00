/**
 * Run inside a test namespace (see netns.ts) whose loopback carries the addresses given:
 * listens on every `listen` address and port, then opens a TCP connection from each
 * `from` address to each target and prints whether it connected or was left unanswered
 * (a dropped SYN: no refusal, no answer within `timeoutMs`).
 */
import { createConnection, createServer, type Server } from 'node:net';
import { assertInsideTestNetns } from '../../transport/helpers/netns';

assertInsideTestNetns();

interface Probe {
  listen: Array<{ host: string; port: number }>;
  connects: Array<{ from: string; host: string; port: number }>;
  timeoutMs: number;
}
const probe = JSON.parse(process.argv[2] ?? '{}') as Probe;

function listen(host: string, port: number): Promise<Server> {
  return new Promise((resolve, reject) => {
    const server = createServer((socket) => socket.destroy());
    server.once('error', reject);
    server.listen({ host, port }, () => resolve(server));
  });
}

function connect(from: string, host: string, port: number): Promise<string> {
  return new Promise((resolve) => {
    const socket = createConnection({ host, port, localAddress: from });
    const done = (outcome: string): void => {
      clearTimeout(timer);
      socket.destroy();
      resolve(outcome);
    };
    const timer = setTimeout(() => done('no answer'), probe.timeoutMs);
    socket.once('connect', () => done('connected'));
    socket.once('error', (error: NodeJS.ErrnoException) => done(error.code ?? error.message));
  });
}

const servers = await Promise.all(probe.listen.map((l) => listen(l.host, l.port)));
const outcomes = await Promise.all(probe.connects.map(async (c) => ({ ...c, outcome: await connect(c.from, c.host, c.port) })));
for (const server of servers) server.close();
process.stdout.write(JSON.stringify(outcomes));
