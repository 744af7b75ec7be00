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
 *
 * Then the cost of Secure Authentication on the line: direct-operate CROBs without SA and
 * with SA (the outstation's challenge and our reply, HMAC-SHA-256/8): frames, octets and
 * their wire time per control, and the measured round trip.
 */
import { randomBytes } from 'node:crypto';
import type { SessionEvent } from '../../src-shared/session';
import { createDnp3Master, createDnp3Outstation } from '../../src-main/protocols/dnp3';
import { DEFAULT_SERIAL_LINE, serialLineStats, serveSerial, SessionDriver, wireTimeMs, type SerialLineSettings } from '../../src-main/transport';
import { VirtualSerialPair } from '../integration/helpers/virtual-serial';

const SA_KEY = new Uint8Array(randomBytes(32));
const random = (n: number): Uint8Array => new Uint8Array(randomBytes(n));

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

/** A master and an outstation (70 points; with `sa`, Secure Authentication for user 1) on a fresh pty pair at `baudRate`, ready. */
async function onLine(baudRate: number, sa: boolean, body: (line: Line) => Promise<void>): Promise<void> {
  const pair = await new VirtualSerialPair().plugIn();
  const settings = (path: string): SerialLineSettings => ({ ...DEFAULT_SERIAL_LINE, path, baudRate });
  const epochOffsetMs = Date.now() - performance.now();
  const outstationSa = sa ? { secureAuth: { users: [{ user: 1, updateKey: SA_KEY }], aggressiveMode: false, macAlgorithm: 3 as const, random } } : {};
  // HMAC-SHA-256/8: the MAC length IEEE 1815 suggests for serial links.
  const masterSa = sa ? { secureAuth: { user: 1, updateKey: SA_KEY, macAlgorithm: 3 as const, random } } : {};
  const served = await serveSerial({ line: settings(pair.b), addresses: [10], createSession: () => createDnp3Outstation({ epochOffsetMs, ...outstationSa }) });
  if (!served.ok) throw new Error(served.error.message);
  const events: SessionEvent[] = [];
  const driver = new SessionDriver({
    session: createDnp3Master({ unsolicitedClasses: [], feedbackWindowMs: 0, epochOffsetMs, ...masterSa }),
    endpoints: { kind: 'serial', line: settings(pair.a), masterAddress: 1, outstationAddress: 10, responseTimeoutMs: 2000 },
    onEvent: (e) => events.push(e),
    stopGraceMs: 50,
  });
  driver.start();
  try {
    await waitFor(() => events.find((e) => e.type === 'state' && e.state === 'ready'), 10_000, 'ready');
    await body({ driver, events, settings: settings(pair.a), stats: () => serialLineStats(pair.a)! });
  } finally {
    await driver.stop();
    await served.value.close();
    await pair.dispose();
  }
}

/** What a measurement on one line works with. */
interface Line {
  driver: SessionDriver;
  events: SessionEvent[];
  settings: SerialLineSettings;
  stats: () => NonNullable<ReturnType<typeof serialLineStats>>;
}

/** Runs `count` requests one after the other; their sorted round trips and the frames and octets they put on the line. */
async function exchanges(line: Line, count: number, send: (i: number) => void, done: (e: SessionEvent) => boolean): Promise<{ trips: number[]; frames: number; octets: number; seconds: number }> {
  const before = line.stats();
  const trips: number[] = [];
  const started = performance.now();
  for (let i = 0; i < count; i++) {
    const from = line.events.length;
    const t0 = performance.now();
    send(i);
    await waitFor(() => line.events.slice(from).find(done), 10_000, 'an answer');
    trips.push(performance.now() - t0);
  }
  const seconds = (performance.now() - started) / 1000;
  const after = line.stats();
  trips.sort((a, b) => a - b);
  return { trips, seconds, frames: after.framesRx + after.framesTx - before.framesRx - before.framesTx, octets: after.bytesRx + after.bytesTx - before.bytesRx - before.bytesTx };
}

const roundTrips = (trips: number[]): string => `median ${percentile(trips, 0.5).toFixed(2)} ms, p95 ${percentile(trips, 0.95).toFixed(2)} ms, max ${trips.at(-1)!.toFixed(2)} ms`;

async function atBaud(baudRate: number, polls: number): Promise<void> {
  await onLine(baudRate, false, async (line) => {
    const r = await exchanges(line, polls, () => line.driver.call({ op: 'interrogate' }), (e) => e.type === 'task' && e.ok);
    const perPollOctets = r.octets / polls;
    console.log(
      `${String(baudRate).padStart(6)} baud 8N1: integrity poll round trip ${roundTrips(r.trips)} over ${polls} polls; ` +
        `${(r.frames / r.seconds).toFixed(0)} frames/s, ${(r.octets / r.seconds).toFixed(0)} octets/s on the pty; ` +
        `${perPollOctets.toFixed(0)} octets per poll need ${wireTimeMs(perPollOctets, line.settings).toFixed(1)} ms on a real line (at most ${(baudRate / 10 / (perPollOctets / (r.frames / polls))).toFixed(1)} frames/s)`,
    );
  });
}

/** Direct-operate CROBs without and with SA at `baudRate`: octets and wire time per control, and the measured round trip. */
async function controlsAtBaud(baudRate: number, count: number): Promise<void> {
  const results: Array<{ sa: boolean; trips: number[]; octets: number; frames: number; settings: SerialLineSettings }> = [];
  for (const sa of [false, true]) {
    await onLine(baudRate, sa, async (line) => {
      const command = (i: number) => ({ id: `c${i}`, target: 'bo:1', action: { action: i % 2 ? ('on' as const) : ('off' as const) }, mode: 'direct' as const });
      const r = await exchanges(line, count, (i) => line.driver.call({ op: 'command', command: command(i) }), (e) => e.type === 'command' && e.stage === 'done');
      results.push({ sa, ...r, settings: line.settings });
    });
  }
  const [plain, secured] = results as [(typeof results)[0], (typeof results)[0]];
  const describe = (r: (typeof results)[0]): string =>
    `${(r.frames / count).toFixed(0)} frames, ${(r.octets / count).toFixed(0)} octets (${wireTimeMs(r.octets / count, r.settings).toFixed(1)} ms on a real line), round trip ${roundTrips(r.trips)}`;
  const addedOctets = (secured.octets - plain.octets) / count;
  console.log(`${String(baudRate).padStart(6)} baud 8N1, direct-operate CROB over ${count} controls: without SA ${describe(plain)}`);
  console.log(`${' '.repeat(15)}with SA (challenge and reply, HMAC-SHA-256/8): ${describe(secured)}; SA adds ${addedOctets.toFixed(0)} octets, ${wireTimeMs(addedOctets, secured.settings).toFixed(1)} ms on the wire per control`);
}

/** Runs the benchmark at 9600 and 115200 baud. */
export async function run(args: string[]): Promise<void> {
  const i = args.indexOf('--polls');
  const polls = i >= 0 ? Number(args[i + 1]) : 200;
  console.log('DNP3 over a serial line (socat pty pair: our frames are paced at the baud rate, the pty delivers the answers unpaced; the wire time of a whole poll is computed beside it)');
  for (const baud of [9600, 115200]) await atBaud(baud, polls);
  console.log('Secure Authentication per critical request on the line (the session keys changed at connect, not counted):');
  for (const baud of [9600, 115200]) await controlsAtBaud(baud, Math.max(20, Math.round(polls / 4)));
}
