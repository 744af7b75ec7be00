import { randomBytes, timingSafeEqual } from 'node:crypto';
import { createServer, type IncomingMessage, type Server } from 'node:http';
import type { AddressInfo, Socket } from 'node:net';
import { WebSocketServer, type RawData, type WebSocket } from 'ws';
import { createClientContext } from '../../ipc/client-context';
import type { ClientSender, EventHub } from '../../ipc/event-hub';
import type { Router } from '../../ipc/router';
import { encodeBinaryFrame, TYPED_EVENTS } from '../../../src-shared/ipc/binary-frames';
import { MAX_CAPTURE_FILE_BYTES } from '../../../src-shared/ipc/schemas/analyzer';
import { CONTENT_SECURITY_POLICY } from '../content-security-policy';
import { readStaticFile } from '../static-files';
import { parseClientMessage, WS_CLOSE, type HostMessage } from '../../../src-shared/ipc/ws-messages';

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
 * Octets a socket may send before its hello with the right token is accepted (the hello
 * is under 100). More closes it (1009) at once, so an unauthenticated client cannot make
 * the host buffer the large messages that only logged-in work needs.
 */
export const MAX_PRE_AUTH_BYTES = 4096;
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
  wss.on('connection', (socket, request) => serveSocket(socket, request.socket, token, options.router, options.hub));
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

/**
 * Closes `socket` once more than MAX_PRE_AUTH_BYTES arrive on its TCP connection before
 * `authenticated()` (counted after the WebSocket has read each chunk, so a chunk that
 * carries the hello counts as authenticated). Returns the function that stops counting.
 */
function limitPreAuth(socket: WebSocket, raw: Socket, authenticated: () => boolean): { stop: () => void; tooLarge: () => void } {
  let received = 0;
  const stop = (): void => void raw.off('data', onData);
  const tooLarge = (): void => {
    stop();
    if (socket.readyState !== socket.OPEN) return;
    socket.close(1009, `at most ${MAX_PRE_AUTH_BYTES} bytes before the hello with the token`);
    // stop reading: the close frame is flushed, then the connection ends
    raw.end(() => raw.destroy());
  };
  const onData = (chunk: Buffer): void => {
    if (authenticated()) return stop();
    received += chunk.length;
    if (received > MAX_PRE_AUTH_BYTES) tooLarge();
  };
  raw.on('data', onData);
  return { stop, tooLarge };
}

/** Octets of a received WebSocket message. */
function messageSize(data: RawData): number {
  return Array.isArray(data) ? data.reduce((n, part) => n + part.length, 0) : data.byteLength;
}

function serveSocket(socket: WebSocket, raw: Socket, token: string, router: Router, hub: EventHub): void {
  const client = createClientContext('headless');
  let detach: (() => void) | null = null;
  const preAuth = limitPreAuth(socket, raw, () => detach !== null);
  const helloTimer = setTimeout(() => socket.close(WS_CLOSE.noHello, 'no hello'), HELLO_TIMEOUT_MS);
  const send = (message: HostMessage) => {
    if (socket.readyState === socket.OPEN) socket.send(JSON.stringify(message));
  };
  // Events with typed-array columns go as one binary frame (src-shared/ipc/binary-frames.ts).
  const sendEvent: ClientSender = (name, payload) => {
    if (socket.readyState !== socket.OPEN) return;
    if (TYPED_EVENTS.has(name)) socket.send(encodeBinaryFrame({ t: 'event', name, payload }));
    else socket.send(JSON.stringify({ t: 'event', name, payload }));
  };
  socket.on('message', (data, isBinary) => {
    if (!detach && messageSize(data) > MAX_PRE_AUTH_BYTES) return preAuth.tooLarge();
    const message = isBinary ? null : parseClientMessage(data.toString());
    if (!message) {
      socket.close(WS_CLOSE.malformed, 'malformed message');
      return;
    }
    if (!detach) {
      if (message.t !== 'hello' || !sameToken(message.token, token)) {
        socket.close(WS_CLOSE.badToken, 'bad token');
        return;
      }
      clearTimeout(helloTimer);
      preAuth.stop();
      detach = hub.attach(client, sendEvent);
      send({ t: 'welcome' });
      return;
    }
    if (message.t === 'call') {
      void router.dispatch(client, message.name, message.request).then((result) => send({ t: 'result', id: message.id, result }));
    }
  });
  socket.on('close', () => {
    clearTimeout(helloTimer);
    preAuth.stop();
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
