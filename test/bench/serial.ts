/**
 * `npm run bench -- serial [--polls N]`: DNP3 over a serial line at 9600 and 115200 baud.
 * For each baud rate, a master and the outstation simulator (70 points) on a socat pty
 * pair run N integrity polls one after the other; printed: round trip of an integrity poll
 * (median, p95, max), frames/s and octets/s on the line, and the wire time the exchanged
 * octets need on a real line at that baud and format.
 *
 * A pty does not pace octets at the baud rate. The channel paces our own frames (the next
 * transmission waits until the previous one would have left the wire at this baud), so the
 * measured round trip holds the master's wire time but not the outstation's; the wire
 * time of all octets of a poll on a real line is printed beside it.
 */
import type { SessionEvent } from '../../src-shared/session';
import { createDnp3Master, createDnp3Outstation } from '../../src-main/protocols/dnp3';
import { DEFAULT_SERIAL_LINE, serialLineStats, serveSerial, SessionDriver, wireTimeMs, type SerialLineSettings } from '../../src-main/transport';
import { VirtualSerialPair } from '../integration/helpers/virtual-serial';

function percentile(sorted: number[], p: number): number {
  return sorted[Math.min(sorted.length - 1, Math.floor(p * sorted.length))]!;
}

async function waitFor<T>(probe: () => T | undefined, ms: number, what: string): Promise<T> {
  const end = performance.now() + ms;
  for (;;) {
    const got = probe();
    if (got !== undefined) return got;
    if (performance.now() > end) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 1));
  }
}

async function atBaud(baudRate: number, polls: number): Promise<void> {
  const pair = await new VirtualSerialPair().plugIn();
  const line = (path: string): SerialLineSettings => ({ ...DEFAULT_SERIAL_LINE, path, baudRate });
  const served = await serveSerial({ line: line(pair.b), addresses: [10], createSession: () => createDnp3Outstation({ epochOffsetMs: Date.now() - performance.now() }) });
  if (!served.ok) throw new Error(served.error.message);
  const events: SessionEvent[] = [];
  const driver = new SessionDriver({
    session: createDnp3Master({ unsolicitedClasses: [], epochOffsetMs: Date.now() - performance.now() }),
    endpoints: { kind: 'serial', line: line(pair.a), masterAddress: 1, outstationAddress: 10, responseTimeoutMs: 2000 },
    onEvent: (e) => events.push(e),
    stopGraceMs: 50,
  });
  driver.start();
  try {
    await waitFor(() => events.find((e) => e.type === 'state' && e.state === 'ready'), 10_000, 'ready');
    const before = serialLineStats(pair.a)!;
    const trips: number[] = [];
    const started = performance.now();
    for (let i = 0; i < polls; i++) {
      const from = events.length;
      const t0 = performance.now();
      driver.call({ op: 'interrogate' });
      await waitFor(() => events.slice(from).find((e) => e.type === 'task' && e.ok), 10_000, 'integrity poll');
      trips.push(performance.now() - t0);
    }
    const seconds = (performance.now() - started) / 1000;
    const after = serialLineStats(pair.a)!;
    const frames = after.framesRx + after.framesTx - before.framesRx - before.framesTx;
    const octets = after.bytesRx + after.bytesTx - before.bytesRx - before.bytesTx;
    trips.sort((a, b) => a - b);
    const perPollOctets = octets / polls;
    console.log(
      `${String(baudRate).padStart(6)} baud 8N1: integrity poll round trip median ${percentile(trips, 0.5).toFixed(2)} ms, p95 ${percentile(trips, 0.95).toFixed(2)} ms, max ${trips.at(-1)!.toFixed(2)} ms over ${polls} polls; ` +
        `${(frames / seconds).toFixed(0)} frames/s, ${(octets / seconds).toFixed(0)} octets/s on the pty; ` +
        `${perPollOctets.toFixed(0)} octets per poll need ${wireTimeMs(perPollOctets, line(pair.a)).toFixed(1)} ms on a real line (at most ${(baudRate / 10 / (perPollOctets / (frames / polls))).toFixed(1)} frames/s)`,
    );
  } finally {
    await driver.stop();
    await served.value.close();
    await pair.dispose();
  }
}

/** Runs the benchmark at 9600 and 115200 baud. */
export async function run(args: string[]): Promise<void> {
  const i = args.indexOf('--polls');
  const polls = i >= 0 ? Number(args[i + 1]) : 200;
  console.log('DNP3 over a serial line (socat pty pair: our frames are paced at the baud rate, the pty delivers the answers unpaced; the wire time of a whole poll is computed beside it)');
  for (const baud of [9600, 115200]) await atBaud(baud, polls);
}
