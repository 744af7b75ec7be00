/**
 * serveSerial: hosts outstation Sessions on one serial port, one per link address, as
 * devices on a multidrop line are (the simulator's `--serial`). Received frames go to the
 * session whose address they are for (broadcasts to every one); what a session sends is
 * written to the port in order. A lost port (adapter unplugged, virtual line ended) is
 * re-opened every `reopenMs` until it is back, with the same sessions: a device keeps its
 * database and event buffers when its cable is pulled.
 */
import type { Session, SessionEvent } from '../../src-shared/session';
import { LinkFramer } from '../protocols/dnp3';
import type { ByteTap } from './byte-tap';
import type { SerialConnectionInfo } from './connection';
import { SessionRunner } from './session-runner';
import { openSerialLine, type SerialLine } from './serial-port';
import { describeLineFormat, type SerialLineSettings } from './serial-settings';
import type { TransportError, TransportResult } from './transport-error';

/** Link destinations 0xFFFD-0xFFFF are broadcasts to every outstation. */
const FIRST_BROADCAST = 0xfffd;

/** Options of serveSerial. */
export interface SerialServeOptions {
  line: SerialLineSettings;
  /** Outstation link addresses served on this port. */
  addresses: readonly number[];
  createSession: (address: number) => Session;
  onEvent?: (event: SessionEvent, connection: SerialConnectionInfo) => void;
  /** The port opened (`error` absent) or was lost. */
  onLine?: (error?: TransportError) => void;
  onBytes?: ByteTap;
  /** Delay between attempts to re-open a lost port; default 1000 ms. */
  reopenMs?: number;
}

/** A serial server. */
export interface SerialServer {
  close(): Promise<void>;
}

interface Hosted {
  info: SerialConnectionInfo;
  runner: SessionRunner;
}

/** Opens the port and serves; fails with the port's error when it cannot be opened at first. */
export async function serveSerial(options: SerialServeOptions): Promise<TransportResult<SerialServer>> {
  const first = await openSerialLine(options.line);
  if (!first.ok) return first;
  let line: SerialLine | null = null;
  let closing = false;
  let retry: ReturnType<typeof setTimeout> | null = null;
  const format = describeLineFormat(options.line);
  const hosted = new Map<number, Hosted>();
  for (const address of options.addresses) {
    const info: SerialConnectionInfo = { transport: 'serial', initiator: 'remote', path: options.line.path, format, outstation: address };
    const runner = new SessionRunner(options.createSession(address), {
      tx: (_link, bytes) => {
        options.onBytes?.('tx', address, bytes, performance.now(), info);
        line?.write(bytes);
      },
      close: () => undefined,
      event: (event) => options.onEvent?.(event, info),
      failed: () => undefined,
    });
    hosted.set(address, { info, runner });
  }

  const attach = (opened: SerialLine): void => {
    line = opened;
    const framer = new LinkFramer();
    opened.start({
      onData: (bytes) => {
        for (const item of framer.push(bytes)) {
          if (!item.ok) continue;
          const targets = item.frame.destination >= FIRST_BROADCAST ? [...hosted.values()] : [hosted.get(item.frame.destination)];
          for (const h of targets) {
            if (!h) continue;
            options.onBytes?.('rx', h.info.outstation, item.raw, performance.now(), h.info);
            h.runner.feed({ kind: 'rx', bytes: item.raw, link: 0 });
          }
        }
      },
      onClose: (error) => {
        line = null;
        for (const h of hosted.values()) h.runner.feed({ kind: 'down', reason: error.message, link: 0 });
        if (closing) return;
        options.onLine?.(error);
        scheduleReopen();
      },
    });
    for (const h of hosted.values()) h.runner.feed({ kind: 'up', link: 0 });
    options.onLine?.();
  };

  const scheduleReopen = (): void => {
    retry = setTimeout(() => {
      retry = null;
      void openSerialLine(options.line).then((again) => {
        if (closing) return again.ok && again.value.close();
        if (again.ok) attach(again.value);
        else scheduleReopen();
      });
    }, options.reopenMs ?? 1000);
  };

  attach(first.value);
  return {
    ok: true,
    value: {
      close: async () => {
        closing = true;
        if (retry) clearTimeout(retry);
        line?.close();
        for (const h of hosted.values()) h.runner.dispose();
      },
    },
  };
}
