/**
 * `npm run bench -- monitor [--seconds S] [--pings N]`: the passive monitor's relay.
 *
 * - Throughput: an outstation-like source floods IEC 104 I-frames (M_ME_NC_1 spontaneous,
 *   10 objects each) as fast as TCP takes them, to a master-like sink, directly and then
 *   through the relay monitor (decoding every APDU and its values, without and with a pcap
 *   file). Prints APDUs/s and MB/s reaching the sink, and the relay's decoded frames/s.
 * - Added latency: TESTFR act/con round trips one at a time, directly and through the
 *   relay; prints the median and 99th percentile of each and the difference.
 *
 * Source, relay and sink share this one Node process (one core of the machine), so the
 * figures are a floor; on a loaded machine the rate falls with the CPU the process gets,
 * the CPU per frame much less. Nothing is asserted.
 */
import { mkdtempSync, rmSync, statSync } from 'node:fs';
import { connect, createServer, type Server, type Socket } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startRelayMonitor, type RelayMonitor } from '../../src-main/commissioning/monitor';
import { encodeAsdu, encodeI, encodeU, IEC104_PARAMS } from '../../src-main/protocols/iec104';

const OBJECTS = 10;

function floodBlock(apdus: number): { bytes: Buffer; apduLength: number } {
  const frames: Uint8Array[] = [];
  for (let i = 0; i < apdus; i++) {
    const objects = Array.from({ length: OBJECTS }, (_, k) => ({ ioa: 4001 + k, value: i + k / 10, quality: [] as string[] }));
    const asdu = encodeAsdu({ typeId: 13, cause: 3, commonAddress: 1, objects }, IEC104_PARAMS);
    frames.push(encodeI(i % 32768, 0, asdu));
  }
  return { bytes: Buffer.concat(frames), apduLength: frames[0]!.length };
}

async function listen(server: Server): Promise<number> {
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return (server.address() as { port: number }).port;
}

const dial = (port: number): Promise<Socket> =>
  new Promise((resolve) => {
    const s = connect({ host: '127.0.0.1', port }, () => resolve(s));
  });

/** A source that writes `block` again and again (respecting backpressure) until stopped. */
async function floodSource(block: Buffer): Promise<{ port: number; stop(): Promise<void> }> {
  const sockets = new Set<Socket>();
  const server = createServer((s) => {
    sockets.add(s);
    s.on('error', () => undefined);
    s.on('close', () => sockets.delete(s));
    const pump = (): void => {
      while (!s.destroyed && s.write(block));
    };
    s.on('drain', pump);
    pump();
  });
  const port = await listen(server);
  return {
    port,
    stop: () => {
      for (const s of sockets) s.destroy();
      return new Promise((resolve) => server.close(() => resolve()));
    },
  };
}

async function relayTo(port: number, out?: string, onFrame?: () => void): Promise<RelayMonitor> {
  const started = await startRelayMonitor({
    listen: { host: '127.0.0.1', port: 0 },
    forward: { host: '127.0.0.1', port },
    protocol: 'iec104',
    ...(out ? { out } : {}),
    sink: { opened: () => undefined, closed: () => undefined, record: () => onFrame?.(), points: () => undefined },
  });
  if (!started.ok) throw new Error(started.error.message);
  return started.value;
}

/** Reads from `port` for `seconds`; returns the octets that arrived. */
async function sink(port: number, seconds: number): Promise<number> {
  const s = await dial(port);
  let octets = 0;
  s.on('data', (c: Buffer) => (octets += c.length));
  s.on('error', () => undefined);
  await new Promise((resolve) => setTimeout(resolve, seconds * 1000));
  s.destroy();
  return octets;
}

async function throughput(seconds: number): Promise<void> {
  const { bytes, apduLength } = floodBlock(256);
  const source = await floodSource(bytes);
  const line = (label: string, octets: number, extra = ''): void =>
    console.log(`${label.padEnd(34)} ${Math.round(octets / apduLength / seconds).toLocaleString().padStart(10)} APDUs/s  ${(octets / seconds / 1e6).toFixed(1).padStart(6)} MB/s${extra}`);
  console.log(`throughput: IEC 104 M_ME_NC_1 x${OBJECTS} per APDU (${apduLength} octets), ${seconds} s each`);
  line('direct (no relay)', await sink(source.port, seconds));
  for (const withFile of [false, true]) {
    const dir = mkdtempSync(join(tmpdir(), 'swy-bench-monitor-'));
    const out = withFile ? join(dir, 'relay.pcap') : undefined;
    let decoded = 0;
    const relay = await relayTo(source.port, out, () => decoded++);
    const cpu = process.cpuUsage();
    const octets = await sink(relay.relay.address.port, seconds);
    const used = process.cpuUsage(cpu);
    await relay.stop();
    const size = out ? `, pcap ${(statSync(out).size / 1e6).toFixed(0)} MB` : '';
    const cpuUs = used.user + used.system;
    const perFrame = decoded > 0 ? ` (${(cpuUs / decoded).toFixed(1)} µs CPU per frame, source and sink included)` : '';
    line(withFile ? 'relay + decode + pcap file' : 'relay + decode', octets, `  decoded ${Math.round(decoded / seconds).toLocaleString()} frames/s, process CPU ${(cpuUs / 1e6 / seconds).toFixed(2)} s/s${perFrame}${size}`);
    rmSync(dir, { recursive: true, force: true });
  }
  await source.stop();
}

/** Round trips of TESTFR act -> con, one at a time; returns each in ms. */
async function pings(port: number, count: number): Promise<number[]> {
  const s = await dial(port);
  s.setNoDelay(true);
  const act = encodeU('TESTFR_ACT');
  const times: number[] = [];
  for (let i = 0; i < count; i++) {
    const sent = performance.now();
    await new Promise<void>((resolve) => {
      s.once('data', () => resolve());
      s.write(act);
    });
    times.push(performance.now() - sent);
  }
  s.destroy();
  return times;
}

const quantile = (sorted: number[], q: number): number => sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))]!;

async function latency(count: number): Promise<void> {
  const con = encodeU('TESTFR_CON');
  const server = createServer((s) => {
    s.setNoDelay(true);
    s.on('data', () => s.write(con));
    s.on('error', () => undefined);
  });
  const port = await listen(server);
  const relay = await relayTo(port);
  const measure = async (label: string, to: number): Promise<number[]> => {
    await pings(to, 200); // warm-up
    const t = (await pings(to, count)).sort((a, b) => a - b);
    console.log(`${label.padEnd(34)} median ${quantile(t, 0.5).toFixed(3)} ms  p99 ${quantile(t, 0.99).toFixed(3)} ms`);
    return t;
  };
  console.log(`latency: ${count} TESTFR act/con round trips, one at a time`);
  const direct = await measure('direct (no relay)', port);
  const relayed = await measure('through the relay (decoding)', relay.relay.address.port);
  console.log(
    `added by the relay (two hops of loopback TCP and the decode): median ${(quantile(relayed, 0.5) - quantile(direct, 0.5)).toFixed(3)} ms, p99 ${(quantile(relayed, 0.99) - quantile(direct, 0.99)).toFixed(3)} ms per round trip`,
  );
  await relay.stop();
  await new Promise<void>((resolve) => server.close(() => resolve()));
}

function option(args: string[], name: string, fallback: number): number {
  const at = args.indexOf(`--${name}`);
  return at >= 0 ? Number(args[at + 1]) : fallback;
}

/** Runs the benchmark and prints its figures. */
export async function run(args: string[]): Promise<void> {
  await throughput(option(args, 'seconds', 3));
  await latency(option(args, 'pings', 2000));
}
