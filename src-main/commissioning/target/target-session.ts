/**
 * One-shot sessions to a URL target for the CLI and the commissioning checks: a transport
 * SessionDriver running the protocol's master Session, opened until the protocol is
 * ready (DNP3 startup done, IEC 104 STARTDT confirmed), then used for calls whose events
 * the caller waits for, then closed. Failures come back as TargetErrors by code.
 */
import type { DecodeLevel, SessionCall, SessionEvent } from '../../../src-shared/session';
import type { ByteTap } from '../../transport/byte-tap';
import type { ConnectionInfo } from '../../transport/connection';
import type { Endpoint } from '../../transport/endpoint';
import type { LinkState } from '../../transport/link-state';
import { SessionDriver } from '../../transport/session-driver';
import { Dnp3AddressWatch } from './dnp3-address-watch';
import { makeTargetSession } from './target-protocol';
import type { Target, TargetError, TargetErrorCode, TargetResult } from './target';
import { closedOnOurRequest, ForeignProtocolWatch } from './wrong-protocol';

/** Options of openTarget. */
export interface OpenTargetOptions {
  /** Connect timeout and protocol answer timeout (DNP3 response timeout, IEC 104 STARTDT/t1); default 5000 ms. */
  timeoutMs?: number;
  /** DNP3: enable unsolicited reporting of classes 1-3 after startup (for watching); default false. */
  unsolicited?: boolean;
  /** Analyzer frame events; default `off`. */
  decodeLevel?: DecodeLevel;
  /** Sees every chunk sent and received (capture). */
  onBytes?: ByteTap;
  /** Use this endpoint (e.g. the address a connectivity check resolved) instead of the target's. */
  endpoint?: Endpoint;
  /** Sees every event from the start, including those before ready. */
  onEvent?: (event: SessionEvent) => void;
}

/** An open target session. */
export interface TargetSession {
  readonly target: Target;
  /** Both ends of the connection (and TLS details when secured). */
  readonly connection: ConnectionInfo;
  /** Milliseconds from connected to protocol ready. */
  readonly readyMs: number;
  /** Milliseconds the TCP/TLS connect took. */
  readonly connectMs: number;
  /** Subscribes to the session's events; returns the unsubscribe function. */
  onEvent(listener: (event: SessionEvent) => void): () => void;
  /** Hands a call to the session. */
  call(call: SessionCall): void;
  /**
   * Resolves with the first value `match` returns for an event, or NO_ANSWER after
   * `timeoutMs` (naming `what`), or the loss of the connection. Events count from this
   * call on: start waiting before the `call()` it waits for, which may answer at once.
   */
  waitFor<T>(match: (event: SessionEvent) => T | undefined, timeoutMs: number, what: string): Promise<TargetResult<T>>;
  /** Resolves with the error when the connection is lost (never resolves while open). */
  readonly lost: Promise<TargetError>;
  /** Orderly close. */
  close(): Promise<void>;
}

const DEFAULT_TIMEOUT_MS = 5000;

/** Transport errors that an ICMP message causes (port or host unreachable). */
const ICMP_FAILURES: ReadonlySet<TargetErrorCode> = new Set(['REFUSED', 'HOST_UNREACHABLE', 'NETWORK_UNREACHABLE']);

function endpointOf(t: Target, timeoutMs: number): Endpoint {
  if (t.serial) return { kind: 'serial', line: t.serial, masterAddress: t.masterAddress, outstationAddress: t.outstationAddress, responseTimeoutMs: timeoutMs };
  if (t.transport === 'udp') return { kind: 'udp', host: t.host, port: t.port };
  if (t.transport === 'tls' && t.tls) {
    return { kind: 'tls', host: t.host, port: t.port, ...t.tls, connectTimeoutMs: timeoutMs };
  }
  return { kind: 'tcp', host: t.host, port: t.port, connectTimeoutMs: timeoutMs };
}

const err = (code: TargetErrorCode, message: string): { ok: false; error: TargetError } => ({ ok: false, error: { code, message } });

/** Opens a session to `target` and waits until the protocol is ready. */
export function openTarget(target: Target, options: OpenTargetOptions = {}): Promise<TargetResult<TargetSession>> {
  const timeoutMs = options.timeoutMs ?? DEFAULT_TIMEOUT_MS;
  const made = makeTargetSession(target, timeoutMs, options.unsolicited ?? false, options.decodeLevel ?? 'off');
  if (!made.ok) return Promise.resolve(made);
  const listeners = new Set<(event: SessionEvent) => void>();
  const watch = new Dnp3AddressWatch();
  const sniff = new ForeignProtocolWatch(target.protocol);
  let rxBytes = 0;
  let connection: ConnectionInfo | null = null;
  let connectedAt = 0;
  let readyMs = 0;
  /** Set once the user closes: the end of the connection is then no loss. */
  let closing = false;
  const startedAt = performance.now();
  let loseWith: (error: TargetError) => void = () => undefined;
  const lost = new Promise<TargetError>((resolve) => {
    loseWith = resolve;
  });

  return new Promise((resolve) => {
    let settled = false;
    let timer: ReturnType<typeof setTimeout> | undefined;
    const settle = (result: TargetResult<TargetSession>): void => {
      if (settled) return;
      settled = true;
      readyMs = performance.now() - connectedAt;
      clearTimeout(timer);
      if (!result.ok) void driver.stop();
      resolve(result);
    };
    const noAnswer = (detail: string): void => {
      const foreign = target.protocol === 'dnp3' ? watch.foreign(target.masterAddress, target.outstationAddress) : [];
      if (foreign.length > 0) {
        settle(err('WRONG_ADDRESS', `wrong address: expected frames ${target.outstationAddress}->${target.masterAddress}, the device sent ${foreign.join(', ')}`));
      } else {
        settle(err('NO_ANSWER', `no answer: ${detail}`));
      }
    };
    const onState = (state: LinkState): void => {
      if (state.state === 'connected' && state.connection) {
        connection = state.connection;
        connectedAt = performance.now();
        // Answer time after connect: IEC 104 STARTDT con (under t1, so a silent station
        // is ours to name); DNP3 up to three startup requests, each with its own timeout.
        const readyWithinMs = target.protocol === 'iec104' ? timeoutMs : 3 * timeoutMs + 500;
        timer = setTimeout(() => noAnswer(`the protocol was not ready within ${readyWithinMs} ms of connecting`), readyWithinMs);
        return;
      }
      if (state.state !== 'disconnected' || !state.error || closing) return;
      const code = state.error.code as TargetErrorCode;
      if (connection === null) return settle(err(code, state.error.message));
      // UDP "connects" at once; an ICMP error before any answer is the connection failure itself.
      if (!settled && rxBytes === 0 && ICMP_FAILURES.has(code)) return settle(err(code, state.error.message));
      if (settled) return loseWith({ code: 'CONNECTION_LOST', message: `connection lost: ${state.error.message}` });
      clearTimeout(timer);
      void endedBeforeReady(target, connection, state.error, rxBytes, sniff, timeoutMs).then((error) => {
        loseWith(error);
        settle({ ok: false, error });
      });
    };
    const onEvent = (event: SessionEvent): void => {
      options.onEvent?.(event);
      for (const l of listeners) l(event);
      if (settled) return;
      if (event.type === 'task' && !event.ok && event.result === 'RESPONSE_TIMEOUT') return noAnswer(`${event.name}: ${event.detail ?? event.result}`);
      if (event.type === 'state' && event.state === 'ready') settle({ ok: true, value: session });
    };
    const driver = new SessionDriver({
      session: made.value,
      endpoints: options.endpoint ?? endpointOf(target, timeoutMs),
      reconnect: false,
      onEvent,
      onState,
      onBytes: (direction, link, bytes, nowMs, info) => {
        if (direction === 'rx') {
          rxBytes += bytes.length;
          if (target.protocol === 'dnp3') watch.push(bytes);
          sniff.push(bytes);
          const foreign = settled ? null : sniff.foreign();
          if (foreign) settle({ ok: false, error: foreign });
        }
        options.onBytes?.(direction, link, bytes, nowMs, info);
      },
    });
    const session: TargetSession = {
      target,
      get connection() {
        return connection!;
      },
      get readyMs() {
        return readyMs;
      },
      get connectMs() {
        return connectedAt - startedAt;
      },
      onEvent: (listener) => {
        listeners.add(listener);
        return () => listeners.delete(listener);
      },
      call: (call) => driver.call(call),
      waitFor: (match, waitMs, what) => waitForEvent(listeners, lost, match, waitMs, what),
      lost,
      close: () => {
        closing = true;
        return driver.stop();
      },
    };
    driver.start();
  });
}

/**
 * Why the connection ended before the protocol was ready: another protocol's octets came
 * back (or the device closed at our request yet keeps an idle connection), our TLS client
 * certificate was rejected, the device closes every connection (a limit of masters, an
 * allow-list), or it ended the exchange.
 */
async function endedBeforeReady(
  target: Target,
  connection: ConnectionInfo,
  error: { code: string; message: string },
  rxBytes: number,
  sniff: ForeignProtocolWatch,
  timeoutMs: number,
): Promise<TargetError> {
  const foreign = sniff.foreign();
  if (foreign) return foreign;
  if (error.code.startsWith('TLS_')) return { code: error.code as TargetErrorCode, message: error.message };
  if (rxBytes === 0 && (error.code === 'CLOSED' || error.code === 'RESET')) {
    const wrong = target.transport === 'tcp' && connection.transport === 'tcp' ? await closedOnOurRequest(target.protocol, connection.remote.address, connection.remote.port, timeoutMs) : null;
    return wrong ?? { code: 'CLOSED_AFTER_ACCEPT', message: `the device closed the connection right after accepting it (${error.message}): its limit of concurrent masters, or an IP allow-list` };
  }
  return { code: 'PROTOCOL_ERROR', message: `the connection ended before the protocol was ready (${error.message}): is it the right protocol and port?` };
}

function waitForEvent<T>(
  listeners: Set<(event: SessionEvent) => void>,
  lost: Promise<TargetError>,
  match: (event: SessionEvent) => T | undefined,
  timeoutMs: number,
  what: string,
): Promise<TargetResult<T>> {
  return new Promise((resolve) => {
    let done = false;
    const finish = (result: TargetResult<T>): void => {
      if (done) return;
      done = true;
      clearTimeout(timer);
      listeners.delete(listener);
      resolve(result);
    };
    const listener = (event: SessionEvent): void => {
      const value = match(event);
      if (value !== undefined) finish({ ok: true, value });
    };
    const timer = setTimeout(() => finish(err('NO_ANSWER', `no answer: no ${what} within ${timeoutMs} ms`)), timeoutMs);
    listeners.add(listener);
    void lost.then((error) => finish({ ok: false, error }));
  });
}
