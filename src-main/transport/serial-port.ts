/**
 * Opens a serial port with the `serialport` package (locked against other processes) and
 * names why it could not be opened or why it went away: PORT_MISSING, PORT_BUSY,
 * PERMISSION_DENIED, PORT_LOST, RS485_UNSUPPORTED. The port's own messages are the only
 * evidence the binding gives (its errors carry no errno), so they are matched as text.
 */
import { SerialPort } from 'serialport';
import type { SerialLineSettings } from './serial-settings';
import { transportError, type TransportError, type TransportResult } from './transport-error';

/** An open serial port: bytes in, bytes out, and its end. */
export interface SerialLine {
  write(bytes: Uint8Array): void;
  /** Closes the port; `onClose` then reports CLOSED. */
  close(): void;
  /** Starts delivery of received bytes and of the end. */
  start(handlers: { onData(bytes: Uint8Array): void; onClose(error: TransportError): void }): void;
}

const PATTERNS: Array<[RegExp, TransportError['code']]> = [
  [/No such file or directory|ENOENT|cannot find the file/i, 'PORT_MISSING'],
  [/Cannot lock port|Resource temporarily unavailable|Device or resource busy|EBUSY|Access denied/i, 'PORT_BUSY'],
  [/Permission denied|EACCES/i, 'PERMISSION_DENIED'],
];

/** Classifies an error of opening `path`. */
export function classifySerialError(error: unknown, path: string): TransportError {
  const text = error instanceof Error ? error.message : String(error);
  for (const [pattern, code] of PATTERNS) if (pattern.test(text)) return transportError(code, `${path}: ${text}`);
  return transportError('OTHER', `${path}: ${text}`);
}

/**
 * Closes under way, by path. The port is locked while open, and its close completes on
 * libuv's thread pool, after `close()` returns: an open of the same path started meanwhile
 * (a station reconnecting, the CLI's next command in one process) would find it still
 * locked and fail with PORT_BUSY. So an open waits for the close under way of its path.
 */
const closing = new Map<string, Promise<void>>();
/** The longest an open waits for a close (should the port never say it closed). */
const CLOSE_WAIT_MS = 2000;

/** Closes `port` (opened at `path`), known to {@link openSerialLine} until done. */
function closePort(port: SerialPort, path: string): void {
  if (!port.isOpen) return;
  const closed = new Promise<void>((resolve) => {
    const cap = setTimeout(resolve, CLOSE_WAIT_MS).unref();
    port.close(() => {
      clearTimeout(cap);
      resolve();
    });
  });
  closing.set(path, closed);
  void closed.then(() => {
    if (closing.get(path) === closed) closing.delete(path);
  });
}

/** Sets RTS, resolving with the error text when the port cannot (no modem-control lines). */
function setRts(port: SerialPort, rts: boolean): Promise<string | null> {
  return new Promise((resolve) => port.set({ rts }, (err) => resolve(err ? err.message : null)));
}

/** Wraps an open port. Writes keep their order; with RS-485, RTS is high from before a write until it drained. */
function wrapPort(port: SerialPort, settings: SerialLineSettings): SerialLine {
  let closedByUs = false;
  let chain: Promise<void> = Promise.resolve();
  let handlers: { onData(bytes: Uint8Array): void; onClose(error: TransportError): void } | null = null;
  let lostWith: TransportError | null = null;
  port.on('close', (err: (Error & { disconnected?: boolean }) | null) => {
    lostWith = closedByUs ? transportError('CLOSED', 'closed here') : transportError('PORT_LOST', `${settings.path}${err ? `: ${err.message}` : ''}`);
    handlers?.onClose(lostWith);
  });
  port.on('error', () => undefined);
  port.on('data', (chunk: Buffer) => handlers?.onData(new Uint8Array(chunk.buffer, chunk.byteOffset, chunk.byteLength)));
  return {
    start: (h) => {
      handlers = h;
      if (lostWith) h.onClose(lostWith);
    },
    write: (bytes) => {
      if (!settings.rs485) return void port.write(Buffer.from(bytes));
      chain = chain.then(async () => {
        await setRts(port, true);
        port.write(Buffer.from(bytes));
        await new Promise<void>((resolve) => port.drain(() => resolve()));
        await setRts(port, false);
      });
    },
    close: () => {
      closedByUs = true;
      closePort(port, settings.path);
    },
  };
}

/** Opens the port with its line settings (once a close of it under way here is done); the failure named. */
export async function openSerialLine(settings: SerialLineSettings): Promise<TransportResult<SerialLine>> {
  await closing.get(settings.path);
  const port = new SerialPort({
    path: settings.path,
    baudRate: settings.baudRate,
    dataBits: settings.dataBits,
    parity: settings.parity,
    stopBits: settings.stopBits,
    lock: true,
    autoOpen: false,
  });
  const opened = new Promise<Error | null>((resolve) => port.open((err) => resolve(err)));
  return opened.then(async (err) => {
    if (err) return { ok: false, error: classifySerialError(err, settings.path) };
    const problem = settings.rs485 ? await setRts(port, false) : null;
    if (problem === null) return { ok: true, value: wrapPort(port, settings) };
    closePort(port, settings.path);
    return { ok: false, error: transportError('RS485_UNSUPPORTED', `${settings.path}: ${problem}`) };
  });
}
