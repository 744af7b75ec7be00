/**
 * SessionDriver: runs one sans-IO Session over one endpoint, or over several (an IEC 104
 * redundancy group: the link index is the position in the list), reconnecting each link
 * with capped exponential backoff.
 */
import type { Session, SessionCall, SessionEvent } from '../../src-shared/session';
import { backoffDelay, backoffOptions, type BackoffOptions } from './backoff';
import type { ByteTap } from './byte-tap';
import type { Connection } from './connection';
import { dialEndpoint } from './dial';
import { describeEndpoint, type Endpoint } from './endpoint';
import { stateError, type LinkState, type LinkStateName } from './link-state';
import { listen, type Listener } from './listen';
import { SessionRunner } from './session-runner';
import { transportError, type TransportError } from './transport-error';

/** Options of a SessionDriver. */
export interface SessionDriverOptions {
  session: Session;
  /** One endpoint (link 0) or a list (link = index). */
  endpoints: Endpoint | readonly Endpoint[];
  /** The session's events, in order. */
  onEvent?: (event: SessionEvent) => void;
  /** Each link's state changes. */
  onState?: (state: LinkState) => void;
  /** Every chunk sent and received. */
  onBytes?: ByteTap;
  /** Reconnect policy; defaults as DEFAULT_BACKOFF. */
  backoff?: Partial<BackoffOptions>;
  /** Reconnect after a failure or loss; default true. */
  reconnect?: boolean;
  /** How long `stop()` waits for the session to close its links; default 1000 ms. */
  stopGraceMs?: number;
  /** Monotonic clock for `nowMs`; default performance.now(). */
  clock?: () => number;
}

/** Grace after a session-requested close before the socket is destroyed. */
const CLOSE_FLUSH_MS = 1000;

interface LinkSlot {
  index: number;
  endpoint: Endpoint;
  label: string;
  conn: Connection | null;
  /** Failed attempts since the last successful connect. */
  attempt: number;
  retry: ReturnType<typeof setTimeout> | null;
  dialing: AbortController | null;
  listener: Listener | null;
  /** Reason the session (or the driver) gave for closing the current connection. */
  closing: string | null;
}

/** Drives one Session over its endpoints. */
export class SessionDriver {
  private readonly runner: SessionRunner;
  private readonly slots: LinkSlot[];
  private readonly backoff: BackoffOptions;
  private readonly clock: () => number;
  private started = false;
  private stopping: Promise<void> | null = null;
  private idleWaiters: Array<() => void> = [];

  constructor(private readonly options: SessionDriverOptions) {
    this.clock = options.clock ?? (() => performance.now());
    this.backoff = backoffOptions(options.backoff);
    const endpoints: readonly Endpoint[] = Array.isArray(options.endpoints)
      ? options.endpoints
      : [options.endpoints as Endpoint];
    if (endpoints.length === 0) throw new Error('SessionDriver needs at least one endpoint');
    this.slots = endpoints.map((endpoint, index) => ({
      index,
      endpoint,
      label: describeEndpoint(endpoint),
      conn: null,
      attempt: 0,
      retry: null,
      dialing: null,
      listener: null,
      closing: null,
    }));
    this.runner = new SessionRunner(
      options.session,
      {
        tx: (link, bytes) => this.transmit(link, bytes),
        close: (link, reason) => this.closeLink(link, reason, false),
        event: (event) => options.onEvent?.(event),
        failed: (link) => {
          for (const slot of this.slots) {
            if (link === undefined || slot.index === link) this.closeLink(slot.index, 'session error', true);
          }
        },
      },
      this.clock,
    );
  }

  /** Opens every link. Calling it twice does nothing. */
  start(): void {
    if (this.started || this.stopping) return;
    this.started = true;
    for (const slot of this.slots) void this.open(slot);
  }

  /** Hands a call to the session. */
  call(call: SessionCall): void {
    this.runner.feed({ kind: 'call', call });
  }

  /** True while at least one link is connected. */
  get connected(): boolean {
    return this.slots.some((slot) => slot.conn !== null);
  }

  /**
   * Orderly stop: sends the session `{ op: 'stop' }`, waits up to `stopGraceMs` for it to
   * close its links, then closes whatever is left and stops reconnecting.
   */
  stop(): Promise<void> {
    this.stopping ??= this.shutdown();
    return this.stopping;
  }

  private async shutdown(): Promise<void> {
    for (const slot of this.slots) {
      if (slot.retry) clearTimeout(slot.retry);
      slot.retry = null;
      slot.dialing?.abort();
    }
    if (this.connected) {
      const idle = new Promise<void>((resolve) => this.idleWaiters.push(resolve));
      this.runner.feed({ kind: 'call', call: { op: 'stop' } });
      let timer: ReturnType<typeof setTimeout> | undefined;
      const grace = new Promise<void>((resolve) => {
        timer = setTimeout(resolve, this.options.stopGraceMs ?? 1000);
      });
      await Promise.race([idle, grace]);
      clearTimeout(timer);
    }
    const open = this.slots.filter((slot) => slot.conn !== null);
    if (open.length > 0) {
      const idle = new Promise<void>((resolve) => this.idleWaiters.push(resolve));
      for (const slot of open) {
        slot.closing ??= 'stopped';
        slot.conn?.destroy();
      }
      await idle;
    }
    for (const slot of this.slots) {
      await slot.listener?.close();
      slot.listener = null;
    }
    this.runner.dispose();
  }

  private setState(slot: LinkSlot, state: LinkStateName, extra: Partial<LinkState> = {}): void {
    this.options.onState?.({ link: slot.index, endpoint: slot.label, state, ...extra });
  }

  private async open(slot: LinkSlot): Promise<void> {
    if (this.stopping) return;
    slot.retry = null;
    this.setState(slot, 'connecting');
    const endpoint = slot.endpoint;
    if (endpoint.kind === 'tcp-listen') {
      const bound = await listen(
        { kind: 'tcp', host: endpoint.host, port: endpoint.port },
        { onConnection: (conn) => this.accept(slot, conn) },
      );
      if (!bound.ok) return this.scheduleRetry(slot, bound.error);
      if (this.stopping) return void (await bound.value.close());
      slot.listener = bound.value;
      return;
    }
    slot.dialing = new AbortController();
    const result = await dialEndpoint(endpoint, slot.dialing.signal);
    slot.dialing = null;
    if (this.stopping) {
      if (result.ok) result.value.destroy();
      return;
    }
    if (!result.ok) return this.scheduleRetry(slot, result.error);
    this.attach(slot, result.value);
  }

  /** tcp-listen: a newer connection from the outstation replaces the current one. */
  private accept(slot: LinkSlot, conn: Connection): void {
    if (this.stopping) return conn.destroy();
    const old = slot.conn;
    if (old) {
      slot.conn = null;
      this.runner.feed({ kind: 'down', reason: 'replaced by a new connection', link: slot.index });
      old.destroy();
    }
    this.attach(slot, conn);
  }

  private attach(slot: LinkSlot, conn: Connection): void {
    slot.conn = conn;
    slot.attempt = 0;
    slot.closing = null;
    this.setState(slot, 'connected', { connection: conn.info });
    conn.start({
      onData: (bytes) => {
        this.options.onBytes?.('rx', slot.index, bytes, this.clock(), conn.info);
        this.runner.feed({ kind: 'rx', bytes, link: slot.index });
      },
      onClose: (error) => this.lost(slot, conn, error),
    });
    this.runner.feed({ kind: 'up', link: slot.index });
  }

  private lost(slot: LinkSlot, conn: Connection, error: TransportError): void {
    if (slot.conn !== conn) return;
    slot.conn = null;
    const reason = slot.closing ?? error.message;
    const shown = slot.closing ? transportError('CLOSED', slot.closing) : error;
    slot.closing = null;
    this.runner.feed({ kind: 'down', reason, link: slot.index });
    this.setState(slot, 'disconnected', { error: stateError(shown) });
    if (!this.connected) {
      for (const resolve of this.idleWaiters.splice(0)) resolve();
    }
    if (this.stopping || this.options.reconnect === false) return;
    if (slot.endpoint.kind === 'tcp-listen') this.setState(slot, 'connecting');
    else this.scheduleRetry(slot, shown);
  }

  private scheduleRetry(slot: LinkSlot, error: TransportError): void {
    if (this.stopping || this.options.reconnect === false) {
      this.setState(slot, 'disconnected', { error: stateError(error) });
      return;
    }
    const delay = backoffDelay(slot.attempt, this.backoff);
    slot.attempt += 1;
    this.setState(slot, 'backoff', { error: stateError(error), retryInMs: delay });
    slot.retry = setTimeout(() => void this.open(slot), delay);
  }

  private transmit(link: number, bytes: Uint8Array): void {
    const conn = this.slots[link]?.conn;
    if (!conn) return;
    this.options.onBytes?.('tx', link, bytes, this.clock(), conn.info);
    conn.write(bytes);
  }

  private closeLink(link: number, reason: string, immediate: boolean): void {
    const slot = this.slots[link];
    const conn = slot?.conn;
    if (!slot || !conn) return;
    slot.closing ??= reason;
    if (immediate) return conn.destroy();
    conn.end();
    setTimeout(() => conn.destroy(), CLOSE_FLUSH_MS).unref();
  }
}
