/**
 * A transparent TCP relay: accepts connections on a listening address, dials the forward
 * address for each one and copies both directions unchanged. It never writes octets of its
 * own. Backpressure is respected (a reader is paused while its writer's buffer is full), a
 * half-close is passed on (FIN for FIN), and a reset or failure of one side destroys the
 * other. Every chunk is shown to a tap before it is forwarded.
 */
import { createServer, connect, type Server, type Socket } from 'node:net';
import { classifyError, transportError, type TransportError, type TransportResult } from './transport-error';

/** One side of a relayed connection. */
export interface RelayEnd {
  address: string;
  port: number;
}

/** A relayed connection: the master that connected and the outstation dialled for it. */
export interface RelayConnection {
  /** 1, 2, 3... in the order of acceptance. */
  id: number;
  master: RelayEnd;
  /** Our address towards the master (the listening address). */
  listen: RelayEnd;
  outstation: RelayEnd;
}

/** What the relay reports. Direction `tx` is the master's (towards the outstation), `rx` the outstation's. */
export interface RelayTap {
  /** The forward connection is up; data will follow. */
  opened(connection: RelayConnection): void;
  /** Octets about to be forwarded; not to be kept beyond the call without copying. */
  data(connection: RelayConnection, direction: 'tx' | 'rx', bytes: Uint8Array): void;
  /** The connection is over: `CLOSED` for an orderly end, else why (forward dial refused...). */
  closed(connection: RelayConnection, reason: TransportError): void;
}

/** Relay settings. */
export interface RelayOptions {
  listen: { host: string; port: number };
  forward: { host: string; port: number };
  /** Dial timeout of the forward connection (default 5000 ms). */
  connectTimeoutMs?: number;
  tap: RelayTap;
}

/** A running relay. */
export interface Relay {
  /** The address and port it listens on (the port chosen when 0 was asked for). */
  readonly address: RelayEnd;
  /** Connections relayed now. */
  readonly open: number;
  /** Stops listening and closes every relayed connection. */
  close(): Promise<void>;
}

function endOf(address: string | undefined, port: number | undefined): RelayEnd {
  return { address: address ?? '?', port: port ?? 0 };
}

/** Copies `from` to `to`, pausing `from` while `to` cannot take more. */
function pipeSide(from: Socket, to: Socket, onData: (bytes: Uint8Array) => void): void {
  from.on('data', (chunk: Buffer) => {
    onData(chunk);
    if (!to.write(chunk)) {
      from.pause();
      to.once('drain', () => from.resume());
    }
  });
  // FIN for FIN: the other side may still send (half-close).
  from.on('end', () => to.end());
}

class RunningRelay implements Relay {
  private readonly sockets = new Set<Socket>();
  private nextId = 1;
  private live = 0;

  constructor(
    private readonly server: Server,
    private readonly options: RelayOptions,
  ) {
    server.on('connection', (socket) => this.accept(socket));
  }

  get address(): RelayEnd {
    const a = this.server.address();
    return typeof a === 'object' && a ? { address: a.address, port: a.port } : endOf(undefined, undefined);
  }

  get open(): number {
    return this.live;
  }

  close(): Promise<void> {
    for (const socket of this.sockets) socket.destroy();
    return new Promise((resolve) => this.server.close(() => resolve()));
  }

  private track(socket: Socket): void {
    this.sockets.add(socket);
    socket.on('close', () => this.sockets.delete(socket));
  }

  private accept(master: Socket): void {
    this.track(master);
    const { forward, tap, connectTimeoutMs = 5000 } = this.options;
    const connection: RelayConnection = {
      id: this.nextId++,
      master: endOf(master.remoteAddress, master.remotePort),
      listen: endOf(master.localAddress, master.localPort),
      outstation: { address: forward.host, port: forward.port },
    };
    master.setNoDelay(true); // forward each chunk as it comes: no Nagle delay added to the link
    const outstation = connect({ host: forward.host, port: forward.port, allowHalfOpen: true, noDelay: true });
    this.track(outstation);
    const pair = new RelayedPair(master, outstation, connection, tap, connectTimeoutMs);
    pair.onOpened = () => this.live++;
    pair.onGone = (wasOpen) => {
      if (wasOpen) this.live--;
    };
  }
}

/** One master connection and the outstation connection dialled for it. */
class RelayedPair {
  onOpened = (): void => undefined;
  onGone = (_wasOpen: boolean): void => undefined;
  private ended: TransportError | null = null;
  private opened = false;
  private closedSockets = 0;
  private readonly timer: ReturnType<typeof setTimeout>;

  constructor(
    private readonly master: Socket,
    private readonly outstation: Socket,
    private readonly connection: RelayConnection,
    private readonly tap: RelayTap,
    connectTimeoutMs: number,
  ) {
    this.timer = setTimeout(() => outstation.destroy(Object.assign(new Error('forward connect timed out'), { code: 'ETIMEDOUT' })), connectTimeoutMs);
    master.on('error', (e) => this.fail(classifyError(e)));
    outstation.on('error', (e) => this.fail(classifyError(e)));
    master.on('close', () => this.socketClosed());
    outstation.on('close', () => this.socketClosed());
    outstation.once('connect', () => this.connected());
  }

  private connected(): void {
    clearTimeout(this.timer);
    if (this.master.destroyed) return void this.outstation.destroy(); // the master left while we dialled
    this.opened = true;
    this.onOpened();
    this.connection.outstation = endOf(this.outstation.remoteAddress, this.outstation.remotePort);
    this.tap.opened(this.connection);
    pipeSide(this.master, this.outstation, (bytes) => this.tap.data(this.connection, 'tx', bytes));
    pipeSide(this.outstation, this.master, (bytes) => this.tap.data(this.connection, 'rx', bytes));
    this.master.resume();
  }

  /** A failure of either side (refused dial, reset...) ends both at once. */
  private fail(reason: TransportError): void {
    this.ended ??= reason;
    this.master.destroy();
    this.outstation.destroy();
  }

  private socketClosed(): void {
    if (++this.closedSockets < 2) {
      // one socket is gone (both directions ended, or it failed): the other follows
      (this.master.destroyed ? this.outstation : this.master).end();
      return;
    }
    clearTimeout(this.timer);
    this.onGone(this.opened);
    this.tap.closed(this.connection, this.ended ?? transportError('CLOSED'));
  }
}

/**
 * Starts a relay: listens on `listen` (port 0 picks a free one), dials `forward` for each
 * accepted connection. Fails (address in use, not an address of this host) as a classified error.
 */
export function startRelay(options: RelayOptions): Promise<TransportResult<Relay>> {
  // pauseOnConnect: nothing is read from a master before its outstation is connected
  const server = createServer({ allowHalfOpen: true, pauseOnConnect: true });
  return new Promise((resolve) => {
    server.once('error', (e) => resolve({ ok: false, error: classifyError(e) }));
    server.listen(options.listen.port, options.listen.host, () => resolve({ ok: true, value: new RunningRelay(server, options) }));
  });
}
