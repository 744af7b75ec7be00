import { randomBytes, timingSafeEqual } from 'node:crypto';
import { createServer, type IncomingMessage, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { WebSocketServer, type WebSocket } from 'ws';
import { createClientContext } from '../../ipc/client-context';
import type { EventHub } from '../../ipc/event-hub';
import type { Router } from '../../ipc/router';
import { MAX_CAPTURE_FILE_BYTES } from '../../../src-shared/ipc/schemas/analyzer';
import { CONTENT_SECURITY_POLICY } from '../content-security-policy';
import { readStaticFile } from '../static-files';
import { parseClientMessage } from './ws-protocol';

/** A running headless host. */
export interface HeadlessServer {
  /** The URL to open, carrying the per-run token in its fragment. */
  url: string;
  port: number;
  token: string;
  close(): Promise<void>;
}

/** How long a new socket may take to say hello with the token. */
const HELLO_TIMEOUT_MS = 5_000;
/**
 * The largest message a client may send: a capture file opened in the Analyzer (at most
 * MAX_CAPTURE_FILE_BYTES, base64-encoded) or a large workspace import, with room for the
 * envelope. Larger messages close the socket (ws reports 1009).
 */
const MAX_MESSAGE_BYTES = Math.ceil((MAX_CAPTURE_FILE_BYTES * 4) / 3) + (1 << 20);

/**
 * Serves the built renderer and the IPC contract over a WebSocket on 127.0.0.1 only.
 * A socket must come from our own page (Origin check) and present the random per-run
 * token before any call is dispatched; calls then go through the same router as the
 * Electron host.
 */
export async function startHeadlessServer(options: {
  router: Router;
  hub: EventHub;
  rendererDir: string;
  port?: number;
}): Promise<HeadlessServer> {
  const token = randomBytes(24).toString('base64url');
  const http = createServer((request, response) => {
    void readStaticFile(options.rendererDir, request.url ?? '/').then((file) => {
      if (request.method !== 'GET' || !file) {
        response.writeHead(404, { 'content-type': 'text/plain' }).end('not found');
        return;
      }
      response
        .writeHead(200, {
          'content-type': file.contentType,
          'content-security-policy': CONTENT_SECURITY_POLICY,
          'x-content-type-options': 'nosniff',
          'cache-control': 'no-store',
        })
        .end(file.body);
    });
  });
  await listen(http, options.port ?? 0);
  const port = (http.address() as AddressInfo).port;
  const origin = `http://127.0.0.1:${port}`;
  const wss = new WebSocketServer({
    server: http,
    path: '/ipc',
    maxPayload: MAX_MESSAGE_BYTES,
    verifyClient: ({ req }: { req: IncomingMessage }) => req.headers.origin === origin,
  });
  wss.on('connection', (socket) => serveSocket(socket, token, options.router, options.hub));
  return {
    url: `${origin}/#token=${token}`,
    port,
    token,
    close: () =>
      new Promise((done) => {
        for (const client of wss.clients) client.terminate();
        wss.close();
        http.close(() => done());
        http.closeAllConnections();
      }),
  };
}

function serveSocket(socket: WebSocket, token: string, router: Router, hub: EventHub): void {
  const client = createClientContext('headless');
  let detach: (() => void) | null = null;
  const helloTimer = setTimeout(() => socket.close(4001, 'no hello'), HELLO_TIMEOUT_MS);
  const send = (message: unknown) => {
    if (socket.readyState === socket.OPEN) socket.send(JSON.stringify(message));
  };
  socket.on('message', (data, isBinary) => {
    const message = isBinary ? null : parseClientMessage(data.toString());
    if (!message) {
      socket.close(4002, 'malformed message');
      return;
    }
    if (!detach) {
      if (message.t !== 'hello' || !sameToken(message.token, token)) {
        socket.close(4003, 'bad token');
        return;
      }
      clearTimeout(helloTimer);
      detach = hub.attach(client, (name, payload) => send({ t: 'event', name, payload }));
      send({ t: 'welcome' });
      return;
    }
    if (message.t === 'call') {
      void router.dispatch(client, message.name, message.request).then((result) => send({ t: 'result', id: message.id, result }));
    }
  });
  socket.on('close', () => {
    clearTimeout(helloTimer);
    detach?.();
  });
  socket.on('error', () => socket.terminate());
}

function sameToken(given: string, expected: string): boolean {
  const a = Buffer.from(given);
  const b = Buffer.from(expected);
  return a.length === b.length && timingSafeEqual(a, b);
}

function listen(server: Server, port: number): Promise<void> {
  return new Promise((done, failed) => {
    server.once('error', failed);
    server.listen(port, '127.0.0.1', () => {
      server.off('error', failed);
      done();
    });
  });
}
